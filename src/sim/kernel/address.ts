/**
 * Addresses on a namespace's links, as `ip addr add/del` and the Docker engine set them:
 * the connected route that comes with a primary address, and the secondaries a primary
 * takes with it when it goes.
 */
import { networkOf, parseIpv4 } from "../ipv4.ts";
import { insertRoute } from "./route-table.ts";
import type { Addr, Ipv4, Netns } from "./types.ts";

/** The scope `ip addr add` gives an address when none is named. */
export function defaultScope(address: Ipv4): Addr["scope"] {
  return address.startsWith("127.") ? "host" : "global";
}

function isPrimary(ns: Netns, addr: Addr): boolean {
  const net = networkOf(addr.address, addr.prefixLen);
  const first = ns.addrs.find(
    (a) => a.ifname === addr.ifname && networkOf(a.address, a.prefixLen) === net && a.prefixLen === addr.prefixLen,
  );
  return first === undefined || first.address === addr.address;
}

/** The prefix route the kernel adds for a primary address (none for /32 or on lo, which go to the local table). */
export function addConnectedRoute(ns: Netns, addr: Addr): Netns {
  const link = ns.links.find((l) => l.name === addr.ifname);
  if (!link || !link.up || link.kind === "loopback" || addr.prefixLen === 32) return ns;
  if (!isPrimary(ns, addr)) return ns;
  const dst = networkOf(addr.address, addr.prefixLen);
  if (ns.routes.some((r) => r.dst === dst && r.dev === addr.ifname && r.proto === "kernel")) return ns;
  return insertRoute(ns, { dst, dev: addr.ifname, proto: "kernel", scope: "link", src: addr.address });
}

export interface AddressOptions {
  readonly broadcast?: Ipv4;
  readonly scope?: Addr["scope"];
  readonly label?: string;
}

/** `ip addr add CIDR dev IFNAME`: the address, plus its connected route when the link is up. */
export function addAddress(ns: Netns, ifname: string, cidr: string, opts: AddressOptions = {}): Netns {
  const [address, len] = cidr.split("/");
  if (address === undefined || parseIpv4(address) === null) return ns;
  const prefixLen = len === undefined ? 32 : Number(len);
  if (!(prefixLen >= 0 && prefixLen <= 32)) return ns;
  if (ns.addrs.some((a) => a.ifname === ifname && a.address === address && a.prefixLen === prefixLen)) return ns;
  const addr: Addr = {
    ifname,
    address,
    prefixLen,
    ...(opts.broadcast !== undefined ? { broadcast: opts.broadcast } : {}),
    scope: opts.scope ?? defaultScope(address),
    ...(opts.label !== undefined ? { label: opts.label } : {}),
  };
  return addConnectedRoute({ ...ns, addrs: insertAddr(ns.addrs, addr) }, addr);
}

/**
 * __inet_insert_ifa(): a secondary (another address in a subnet the link already has)
 * goes last; a primary goes after the link's last primary, so a new subnet's address
 * lists before the secondaries of an older one. Addresses print grouped by link.
 */
function insertAddr(addrs: readonly Addr[], addr: Addr): readonly Addr[] {
  const net = networkOf(addr.address, addr.prefixLen);
  const mine = addrs.filter((a) => a.ifname === addr.ifname);
  const secondary = mine.some((a) => a.prefixLen === addr.prefixLen && networkOf(a.address, a.prefixLen) === net);
  const primaries = mine.filter((a) => isPrimaryIn(addrs, a));
  const after = primaries[primaries.length - 1];
  // Only the link's own order shows, so an address that goes last on its link is appended.
  if (secondary || after === undefined || after === mine[mine.length - 1]) return [...addrs, addr];
  const i = addrs.indexOf(after);
  return [...addrs.slice(0, i + 1), addr, ...addrs.slice(i + 1)];
}

function isPrimaryIn(addrs: readonly Addr[], addr: Addr): boolean {
  const net = networkOf(addr.address, addr.prefixLen);
  const first = addrs.find(
    (a) => a.ifname === addr.ifname && a.prefixLen === addr.prefixLen && networkOf(a.address, a.prefixLen) === net,
  );
  return first === addr;
}

/**
 * `ip addr del`: removes the address and the connected route that came with it.
 * Deleting a subnet's primary address deletes its secondaries too, as the kernel
 * does while `promote_secondaries` is 0 (its default).
 */
export function delAddress(ns: Netns, ifname: string, cidr: string): Netns {
  const [address, len] = cidr.split("/");
  const prefixLen = len === undefined ? 32 : Number(len);
  const gone = ns.addrs.find((a) => a.ifname === ifname && a.address === address && a.prefixLen === prefixLen);
  if (!gone) return ns;
  const net = networkOf(gone.address, gone.prefixLen);
  const sameSubnet = (a: Addr) =>
    a.ifname === ifname && a.prefixLen === gone.prefixLen && networkOf(a.address, a.prefixLen) === net;
  const primary = isPrimary(ns, gone);
  const addrs = ns.addrs.filter((a) => a !== gone && !(primary && sameSubnet(a)));
  const removed = ns.addrs.filter((a) => !addrs.includes(a)).map((a) => a.address);
  return {
    ...ns,
    addrs,
    routes: ns.routes.filter(
      (r) =>
        !(r.proto === "kernel" && r.dev === ifname && r.dst === net && r.src !== undefined && removed.includes(r.src)),
    ),
  };
}
