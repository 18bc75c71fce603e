/**
 * How `ip` prints links, addresses and routes: iproute2 6.1 (Debian 12, on the host
 * and the internet) and busybox 1.35 (in containers), byte for byte as recorded
 * from the oracle, trailing blanks included.
 */
import { namesOfNetns } from "../../../kernel/named-netns.ts";
import { maskOf, parseCidr, parseIpv4 } from "../../../ipv4.ts";
import { hasCarrier } from "../../../kernel/netns.ts";
import { localTable, lookupRoute, primaryAddress, sourceAddressFor } from "../../../kernel/route.ts";
import type { Addr, Link, Netns, Route } from "../../../kernel/types.ts";
import type { Ipv6Addr } from "../../../kernel/ipv6.ts";
import type { World } from "../../../world.ts";
import { detailLines, statsLines } from "./ip-detail.ts";
import { carrierChanges, linkStats } from "../../../kernel/link-stats.ts";
import { ipv6AddrsOf, linksInOrder, netnsIdOf, viewLink, type LinkView } from "./ip-links.ts";

export type IpFlavor = "iproute2" | "busybox";

export interface ShowOptions {
  /** `-4`: IPv4 addresses only, and only links that have one. */
  readonly inet4?: boolean;
  /** `ip link` prints `mode DEFAULT`; `ip addr` does not. */
  readonly linkOnly?: boolean;
  /** `-d`: link kind and its attributes. */
  readonly details?: boolean;
  /** `-s`: counters (ip link only). */
  readonly stats?: number;
}

const VALID_LFT = "       valid_lft forever preferred_lft forever\n";

function flagsOf(v: LinkView, mdown: boolean, flavor: IpFlavor): string {
  const f: string[] = [];
  if (v.up && !v.running) f.push("NO-CARRIER");
  if (v.link.kind === "loopback") f.push("LOOPBACK");
  else f.push("BROADCAST", "MULTICAST");
  if (v.up) f.push("UP");
  if (v.running) f.push("LOWER_UP");
  if (mdown) f.push("M-DOWN");
  void flavor;
  return `<${f.join(",")}>`;
}

/** Every link shows `noop` until its first time up attaches its qdisc (a new bridge too, as brctl addbr shows). */
function qdiscOf(link: Link): string {
  return link.up || link.qdiscAttached ? "noqueue" : "noop";
}

function linkType(link: Link): string {
  return link.kind === "loopback" ? "loopback" : "ether";
}

function brdOf(link: Link): string {
  return link.kind === "loopback" ? "00:00:00:00:00:00" : "ff:ff:ff:ff:ff:ff";
}

/** The `NAME@PEER` part and whether the peer (in this namespace) is down. */
function nameAndPeer(
  world: World,
  ns: Netns,
  link: Link,
  flavor: IpFlavor,
): { label: string; mdown: boolean; netnsid?: number } {
  // A veth names its peer; a macvlan its lower link, as IFLA_LINK carries both.
  const other = link.peer ?? link.lower;
  if (!other) return { label: link.name, mdown: false };
  if (flavor === "busybox") {
    // busybox resolves the peer's ifindex in its own namespace, whatever lives there.
    const local = ns.links.find((l) => l.ifindex === other.ifindex);
    return { label: `${link.name}@${local ? local.name : `if${other.ifindex}`}`, mdown: !local?.up };
  }
  if (other.netns === ns.id) {
    const peer = ns.links.find((l) => l.ifindex === other.ifindex);
    return { label: `${link.name}@${peer?.name ?? `if${other.ifindex}`}`, mdown: !peer?.up };
  }
  return {
    label: `${link.name}@if${other.ifindex}`,
    mdown: false,
    netnsid: netnsIdOf(world, ns.id, other.netns),
  };
}

function headerLine(world: World, ns: Netns, v: LinkView, flavor: IpFlavor, opts: ShowOptions): string {
  const { link } = v;
  const { label, mdown, netnsid } = nameAndPeer(world, ns, link, flavor);
  let s = `${link.ifindex}: ${label}: ${flagsOf(v, mdown, flavor)} mtu ${link.mtu} qdisc ${qdiscOf(link)} `;
  if (link.master !== undefined) s += `master ${link.master} `;
  if (flavor === "busybox") {
    if (link.txqlen) s += `qlen ${link.txqlen}`;
    return s + "\n";
  }
  s += `state ${v.state} `;
  if (opts.linkOnly) s += "mode DEFAULT ";
  s += "group default ";
  if (link.txqlen) s += `qlen ${link.txqlen}`;
  if (opts.inet4 && netnsid !== undefined) s += linkNetns(world, link, netnsid);
  return s + "\n";
}

/** iproute2 names the peer's namespace when /run/netns has a name for it, else gives its id. */
function linkNetns(world: World, link: Link, netnsid: number): string {
  const name = link.peer ? namesOfNetns(world, link.peer.netns)[0] : undefined;
  return name !== undefined ? ` link-netns ${name}` : ` link-netnsid ${netnsid}`;
}

function linkLine(world: World, ns: Netns, link: Link, flavor: IpFlavor, opts: ShowOptions = {}): string {
  let s = `    link/${linkType(link)} ${link.mac} brd ${brdOf(link)}`;
  if (flavor === "iproute2") {
    const { netnsid } = nameAndPeer(world, ns, link, flavor);
    if (netnsid !== undefined) s += linkNetns(world, link, netnsid);
  }
  if (opts.details && flavor === "iproute2") {
    const d = detailLines(ns, link, opts.linkOnly ?? false);
    return s + d.suffix + "\n" + d.lines;
  }
  return (
    s +
    "\n" +
    (opts.stats && flavor === "iproute2" && opts.linkOnly
      ? statsLines(linkStats(world, ns.id, link), opts.stats > 1, carrierChanges(link, hasCarrier(world, ns.id, link)))
      : "")
  );
}

function isSecondary(ns: Netns, a: Addr): boolean {
  const net = (x: Addr) => `${x.ifname}|${x.prefixLen}|${networkKey(x)}`;
  const first = ns.addrs.find((x) => net(x) === net(a));
  return first !== undefined && first !== a;
}

function networkKey(a: Addr): string {
  const parts = a.address.split(".").map(Number);
  const n = ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
  const mask = a.prefixLen === 0 ? 0 : (0xffffffff << (32 - a.prefixLen)) >>> 0;
  return String((n & mask) >>> 0);
}

function inetLines(ns: Netns, link: Link, f: LinkFilter = {}): string {
  let s = "";
  for (const a of ns.addrs) {
    if (a.ifname !== link.name || !addrSelected(f, a)) continue;
    s += `    inet ${a.address}/${a.prefixLen} `;
    if (a.broadcast !== undefined) s += `brd ${a.broadcast} `;
    s += `scope ${a.scope} `;
    if (isSecondary(ns, a)) s += "secondary ";
    s += `${link.name}\n${VALID_LFT}`;
  }
  return s;
}

function inet6Lines(ns: Netns, v: LinkView, flavor: IpFlavor, f: LinkFilter = {}): string {
  return ipv6AddrsOf(ns, v)
    .filter((a) => f.scope === undefined || a.scope === f.scope)
    .map((a) => `    inet6 ${a.address}/${a.prefixLen} scope ${a.scope} ${inet6Flags(a, flavor)}\n${VALID_LFT}`)
    .join("");
}

/** IFA_F_NODAD has a name in iproute2; busybox prints the flags it has no name for in hex. */
function inet6Flags(a: Ipv6Addr, flavor: IpFlavor): string {
  if (a.tentative) return "tentative ";
  if (a.nodad) return flavor === "busybox" ? "flags 02 " : "nodad ";
  return "";
}

/** Which links `show` lists: one by name, the ports of a bridge, or those that are up. */
export interface LinkFilter {
  readonly dev?: string;
  readonly master?: string;
  readonly up?: boolean;
  /** `type bridge|veth|bridge_slave`: links of that kind (a bridge port for bridge_slave). */
  readonly kind?: string;
  /** `ip addr show scope S`: only addresses of that scope, and only links that have one. */
  readonly scope?: string;
  /** `ip addr show to PREFIX`: only IPv4 addresses inside it (the family is then inet). */
  readonly to?: { readonly network: number; readonly len: number };
}

export function addrSelected(f: LinkFilter, a: { readonly address: string; readonly scope: string }): boolean {
  if (f.scope !== undefined && a.scope !== f.scope) return false;
  if (f.to !== undefined) {
    const n = parseIpv4(a.address);
    if (n === null || (n & maskOf(f.to.len)) >>> 0 !== f.to.network) return false;
  }
  return true;
}

function selectLinks(ns: Netns, f: LinkFilter): readonly Link[] {
  return linksInOrder(ns).filter(
    (l) =>
      (f.dev === undefined || l.name === f.dev) &&
      (f.master === undefined || l.master === f.master) &&
      (!f.up || l.up) &&
      (f.kind === undefined || (f.kind === "bridge_slave" ? l.master !== undefined : l.kind === f.kind)),
  );
}

/** `ip addr [show [dev X]]` */
export function showAddrs(
  world: World,
  ns: Netns,
  flavor: IpFlavor,
  filter: LinkFilter,
  opts: ShowOptions = {},
): string {
  let out = "";
  const inet4 = opts.inet4 === true || (filter.to !== undefined && flavor === "iproute2");
  // busybox prints every link, and only the addresses that pass.
  const picky = flavor === "iproute2" && (filter.scope !== undefined || filter.to !== undefined);
  for (const link of selectLinks(ns, filter)) {
    const v = viewLink(world, ns, link);
    const v4 = inetLines(ns, link, filter);
    const v6 = inet4 ? "" : inet6Lines(ns, v, flavor, filter);
    if (inet4 && v4 === "") continue;
    // Asked for addresses of a scope or a prefix, iproute2 leaves out links without one.
    if (picky && v4 === "" && v6 === "") continue;
    out += headerLine(world, ns, v, flavor, opts);
    if (!inet4) out += linkLine(world, ns, link, flavor, opts);
    out += v4 + v6;
  }
  return out;
}

/** `ip link [show [dev X]]` */
export function showLinks(
  world: World,
  ns: Netns,
  flavor: IpFlavor,
  filter: LinkFilter,
  opts: ShowOptions = {},
): string {
  let out = "";
  const o = { ...opts, linkOnly: true };
  for (const link of selectLinks(ns, filter)) {
    const v = viewLink(world, ns, link);
    out += headerLine(world, ns, v, flavor, o);
    out += linkLine(world, ns, link, flavor, o);
  }
  return out;
}

function briefName(world: World, ns: Netns, link: Link): string {
  return nameAndPeer(world, ns, link, "iproute2").label;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

/** `ip -br addr` */
export function showAddrsBrief(world: World, ns: Netns, filter: LinkFilter, inet4: boolean): string {
  let out = "";
  for (const link of selectLinks(ns, filter)) {
    const v = viewLink(world, ns, link);
    const v4 = ns.addrs
      .filter((a) => a.ifname === link.name && addrSelected(filter, a))
      .map((a) => `${a.address}/${a.prefixLen} `);
    const only4 = inet4 || filter.to !== undefined;
    if (only4 && v4.length === 0) continue;
    const v6 = only4
      ? []
      : ipv6AddrsOf(ns, v)
          .filter((a) => filter.scope === undefined || a.scope === filter.scope)
          .map((a) => `${a.address}/${a.prefixLen} `);
    if (filter.scope !== undefined && v4.length + v6.length === 0) continue;
    out += `${pad(briefName(world, ns, link), 16)} ${pad(v.state, 14)} ${v4.join("")}${v6.join("")}\n`;
  }
  return out;
}

/** `ip -br link` */
export function showLinksBrief(world: World, ns: Netns, filter: LinkFilter): string {
  let out = "";
  for (const link of selectLinks(ns, filter)) {
    const v = viewLink(world, ns, link);
    const { mdown } = nameAndPeer(world, ns, link, "iproute2");
    out += `${pad(briefName(world, ns, link), 16)} ${pad(v.state, 14)} ${link.mac} ${flagsOf(v, mdown, "iproute2")} \n`;
  }
  return out;
}

function dstText(r: Route): string {
  if (r.dst === "default") return "default";
  return r.dst.endsWith("/32") ? r.dst.slice(0, -3) : r.dst;
}

/** One main-table route as `ip route` prints it (the trailing blank is iproute2's). */
export function formatRoute(
  world: World,
  ns: Netns,
  route: Route,
  flavor: IpFlavor = "iproute2",
  hideDev = false,
  details = false,
): string {
  // -d names the route type, and the protocol and scope iproute2 otherwise leaves out.
  const r =
    details && flavor === "iproute2"
      ? { ...route, proto: route.proto ?? "boot", scope: route.scope ?? "global" }
      : route;
  let s = `${details && flavor === "iproute2" ? "unicast " : ""}${dstText(r)} `;
  if (r.via !== undefined) s += `via ${r.via} `;
  if (!hideDev) s += `dev ${r.dev} `;
  if (flavor === "busybox") {
    if (r.scope !== undefined && r.scope !== "global") s += `scope ${r.scope} `;
    if (r.src !== undefined) s += ` src ${r.src} `;
    if (r.metric) s += ` metric ${r.metric} `;
    return s;
  }
  if (r.proto !== undefined && (r.proto !== "boot" || details)) s += `proto ${r.proto} `;
  if (r.scope !== undefined && (r.scope !== "global" || details)) s += `scope ${r.scope} `;
  if (r.src !== undefined) s += `src ${r.src} `;
  if (r.metric) s += `metric ${r.metric} `;
  const link = ns.links.find((l) => l.name === r.dev);
  if (link && link.up && !hasCarrier(world, ns.id, link)) s += "linkdown ";
  return s;
}

/** `ip route [show [dev X]]` */
export function showRoutes(
  world: World,
  ns: Netns,
  flavor: IpFlavor,
  dev?: string,
  details = false,
  select: RouteSelect = {},
): string {
  return (
    ns.routes
      .filter((r) => (dev === undefined || r.dev === dev) && selected(r, select))
      // Filtered by device, protocol or scope, iproute2 leaves that out of each line.
      .map((r) => {
        const { proto, scope, ...rest } = r;
        const shown: Route = {
          ...rest,
          ...(proto !== undefined && select.proto === undefined ? { proto } : {}),
          ...(scope !== undefined && select.scope === undefined ? { scope } : {}),
        };
        return formatRoute(world, ns, shown, flavor, dev !== undefined && flavor === "iproute2", details) + "\n";
      })
      .join("")
  );
}

/** `ip route show`'s selectors: `proto`, `scope`, `via`, `src`, and a prefix (`root`, `match`, `exact`). */
export interface RouteSelect {
  readonly proto?: string;
  readonly scope?: string;
  readonly via?: string;
  readonly src?: string;
  readonly prefix?: { readonly how: "root" | "match" | "exact"; readonly network: number; readonly len: number };
}

function selected(r: Route, s: RouteSelect): boolean {
  if (s.proto !== undefined && (r.proto ?? "boot") !== s.proto) return false;
  if (s.scope !== undefined && (r.scope ?? "global") !== s.scope) return false;
  if (s.via !== undefined && r.via !== s.via) return false;
  if (s.src !== undefined && r.src !== s.src) return false;
  if (s.prefix) {
    const p = s.prefix;
    const len = prefixOf(r);
    const net = r.dst === "default" ? 0 : (parseCidr(r.dst)?.network ?? 0);
    if (p.how === "exact") return len === p.len && net === p.network;
    // match: routes that hold the prefix; root: routes the prefix holds.
    if (p.how === "match") return len <= p.len && (p.network & maskOf(len)) >>> 0 === net;
    return len >= p.len && (net & maskOf(p.len)) >>> 0 === p.network;
  }
  return true;
}

/** `ip route show table local`: the kernel's local and broadcast routes (kernel/route.ts derives them). */
export function showLocalTable(ns: Netns, dev?: string, named = false): string {
  return localTable(ns)
    .filter((r) => dev === undefined || r.dev === dev)
    .map((r) => {
      const devText = dev === undefined ? `dev ${r.dev} ` : "";
      return `${r.type} ${dstText(r)} ${devText}${named ? "table local " : ""}proto kernel scope ${r.scope} src ${r.src} \n`;
    })
    .join("");
}

export type RouteGetResult = { readonly ok: true; readonly text: string } | { readonly ok: false };

/** `ip route get ADDR`: the kernel's answer, or unreachable. */
export function routeGet(
  ns: Netns,
  dst: string,
  flavor: IpFlavor,
  from?: string,
  /** `iif DEV` (with `from`): the route a packet arriving there would take, not one this machine sends. */
  opts: { readonly oif?: string; readonly mark?: number; readonly iif?: string } = {},
): RouteGetResult {
  const n = dst.split(".").map(Number);
  const isMulticast = n[0]! >= 224 && n[0]! <= 239;
  const mark = opts.mark ? `mark ${opts.mark} ` : "";
  if (opts.oif !== undefined && flavor === "iproute2") {
    // Bound to a device, the lookup skips routes through others; finding none, the kernel
    // assumes the destination is on that link and takes the link's address as the source.
    const d = parseIpv4(dst) ?? 0;
    const viaOif = ns.routes.filter((r) => r.dev === opts.oif && !r.type && routeCovers(r, d));
    const best = viaOif.sort((a, b) => prefixOf(b) - prefixOf(a))[0];
    const src = best ? sourceAddressFor(ns, best) : primaryAddress(ns, opts.oif)?.address;
    const via = best?.via !== undefined ? `via ${best.via} ` : "";
    return { ok: true, text: `${dst} ${via}dev ${opts.oif} src ${src ?? "0.0.0.0"} ${mark}uid 0 \n    cache \n` };
  }
  let route = lookupRoute(ns, dst);
  if (!route && (n[0] === 0 || isMulticast || dst === "255.255.255.255")) route = lookupRoute(ns, "0.0.0.0");
  const zeroNet = n[0] === 0;
  if (zeroNet) {
    const lo = ns.addrs.find((a) => a.ifname === "lo");
    const text = `local ${dst} dev lo src ${lo?.address ?? "127.0.0.1"} `;
    return {
      ok: true,
      text:
        flavor === "busybox"
          ? `local ${dst} dev lo  src ${lo?.address ?? "127.0.0.1"} \n`
          : `${text}uid 0 \n    cache <local> \n`,
    };
  }
  if (!route) {
    if (!isMulticast && dst !== "255.255.255.255") return { ok: false };
    const anyRoute = ns.routes.find((r) => r.dst === "default") ?? ns.routes[0];
    if (!anyRoute) return { ok: false };
    route = anyRoute;
  }
  if (route.type === "local") {
    const own = ns.addrs.some((a) => a.address === dst);
    const src = own ? dst : (ns.addrs.find((a) => a.ifname === "lo")?.address ?? dst);
    if (flavor === "busybox") return { ok: true, text: `local ${dst} dev lo  src ${src} \n` };
    return { ok: true, text: `local ${dst} dev lo src ${src} uid 0 \n    cache <local> \n` };
  }
  const src = sourceAddressFor(ns, route) ?? "0.0.0.0";
  if (route.type === "broadcast" || dst === "255.255.255.255") {
    if (flavor === "busybox") return { ok: true, text: `broadcast ${dst} dev ${route.dev}  src ${src} \n` };
    return { ok: true, text: `broadcast ${dst} dev ${route.dev} src ${src} uid 0 \n    cache <local,brd> \n` };
  }
  if (isMulticast) {
    if (flavor === "busybox") return { ok: true, text: `multicast ${dst} dev ${route.dev}  src ${src} \n` };
    return {
      ok: true,
      text: `multicast ${dst} dev ${route.dev} src ${src} rt_offload_failed uid 0 \n    cache <local,mc> \n`,
    };
  }
  const via = route.via !== undefined ? `via ${route.via} ` : "";
  // With a source given, the kernel echoes it and names no other.
  if (from !== undefined && flavor === "iproute2") {
    // A forwarded packet's route names no user: the cache line names where it came in.
    if (opts.iif !== undefined)
      return { ok: true, text: `${dst} from ${from} ${via}dev ${route.dev} \n    cache iif ${opts.iif} \n` };
    return { ok: true, text: `${dst} from ${from} ${via}dev ${route.dev} uid 0 \n    cache \n` };
  }
  if (flavor === "busybox") return { ok: true, text: `${dst} ${via}dev ${route.dev}  src ${src} \n` };
  return { ok: true, text: `${dst} ${via}dev ${route.dev} src ${src} ${mark}uid 0 \n    cache \n` };
}

function prefixOf(r: Route): number {
  return r.dst === "default" ? 0 : (parseCidr(r.dst)?.prefixLen ?? 0);
}

/** Whether a route's destination holds the address. */
export function routeCovers(r: Route, addr: number): boolean {
  if (r.dst === "default") return true;
  const c = parseCidr(r.dst);
  return c !== null && (addr & maskOf(c.prefixLen)) >>> 0 === c.network;
}
