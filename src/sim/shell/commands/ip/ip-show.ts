/**
 * How `ip` prints links and addresses (routes: ip-route-show.ts): iproute2 6.1
 * (Debian 12, on the host and the internet) and busybox 1.35 (in containers), byte
 * for byte as recorded from the oracle, trailing blanks included.
 */
import { netnsNamesOf } from "../../lib/netns-dir.ts";
import { maskOf, parseIpv4 } from "../../../ipv4.ts";
import { hasCarrier } from "../../../kernel/netns.ts";
import type { Addr, Link, Netns } from "../../../kernel/types.ts";
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
  /** `-s`: counters, under the link line (ip addr prints them too). */
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
  const name = link.peer ? netnsNamesOf(world, link.peer.netns)[0] : undefined;
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
    (opts.stats && flavor === "iproute2"
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
    s += `${a.label ?? link.name}\n${VALID_LFT}`;
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
  /** `ip addr show label PATTERN`: only IPv4 addresses whose label matches (a shell glob), under no link header. */
  readonly label?: string;
}

export function addrSelected(
  f: LinkFilter,
  a: { readonly address: string; readonly scope: string; readonly ifname?: string; readonly label?: string },
): boolean {
  if (f.scope !== undefined && a.scope !== f.scope) return false;
  if (f.label !== undefined && !globMatches(f.label, a.label ?? a.ifname ?? "")) return false;
  if (f.to !== undefined) {
    const n = parseIpv4(a.address);
    if (n === null || (n & maskOf(f.to.len)) >>> 0 !== f.to.network) return false;
  }
  return true;
}

/** fnmatch() as iproute2 holds a label against its pattern: `*`, `?` and literal characters. */
function globMatches(pattern: string, text: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${re}$`).test(text);
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
  const inet4 =
    opts.inet4 === true || ((filter.to !== undefined || filter.label !== undefined) && flavor === "iproute2");
  // busybox prints every link, and only the addresses that pass.
  const picky = flavor === "iproute2" && (filter.scope !== undefined || filter.to !== undefined);
  for (const link of selectLinks(ns, filter)) {
    const v = viewLink(world, ns, link);
    const v4 = inetLines(ns, link, filter);
    const v6 = inet4 ? "" : inet6Lines(ns, v, flavor, filter);
    if (inet4 && v4 === "") continue;
    // Asked for addresses of a scope or a prefix, iproute2 leaves out links without one.
    if (picky && v4 === "" && v6 === "") continue;
    // Asked for a label, iproute2 prints the matching addresses alone.
    if (filter.label !== undefined && flavor === "iproute2") {
      out += v4;
      continue;
    }
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
