/**
 * Whether one iptables rule matches a packet: the rule's own fields (-s -d -i -o -p)
 * and its `-m` matches, each with its `!`. Pure and allocation-free on the hot path:
 * CIDRs are parsed once and cached per string.
 */
import { parseCidr, parseIpv4, maskOf, type Cidr } from "../ipv4.ts";
import { within6 } from "./addr6.ts";
import { icmpTypeMatches as icmpSpecMatches } from "./names.ts";
import type { AddrType, CtState, Match, Neg, PortRange, Rule } from "./types.ts";
import { ctFieldsMatch, type CtView } from "./ct-match.ts";
import { headerRateMatches, type StatefulMatch } from "./rate-match.ts";
import { originOf } from "./origin.ts";

/** The packet as the matches see it (headers only). */
export interface MatchPacket {
  readonly proto: "tcp" | "udp" | "icmp";
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  /** TCP flags present: `SYN`, `ACK`, `FIN`, `RST`, `PSH`, `URG`. */
  readonly flags?: readonly string[];
  /** ICMP type name, as `--icmp-type` spells it: `echo-request`, `echo-reply`, ... */
  readonly icmpType?: string;
  /** ICMP type and code as numbers (the walk's packets carry them). */
  readonly icmp?: { readonly type: number; readonly code: number };
  /** The IP header's TTL and total length, and the payload as text (the walk's packets carry them). */
  readonly ttl?: number;
  readonly len?: number;
  readonly data?: string;
}

/** Where the packet is and what conntrack knows, for the interface and state matches. */
export interface MatchContext {
  readonly inIface?: string;
  readonly outIface?: string;
  /** The conntrack state as `--ctstate` tests it; `INVALID` when untracked. */
  readonly ctstate: CtState;
  /** Extra ctstate bits that also hold (`DNAT`, `SNAT`) when the connection is NATed. */
  readonly ctNat?: readonly CtState[];
  /** The connection the packet belongs to (absent: untracked), for conntrack's tuple, status and expiry fields. */
  readonly conn?: CtView;
  /** The namespace's view of an address, for `-m addrtype`. */
  readonly addrTypeOf: (addr: string) => AddrType;
  /** skb->mark, changed by MARK and CONNMARK --restore-mark as the chain runs. */
  mark?: number;
  /** The frame's source MAC, for `-m mac` (absent for locally generated packets). */
  readonly srcMac?: string | undefined;
  /** The sending socket's owner, for `-m owner` (absent for packets no local socket sent). */
  readonly owner?: { readonly uid: number; readonly gid: number } | undefined;
  /** `-m limit`'s token bucket: whether this packet is within the rate (and its token taken). */
  readonly limit?: (m: Extract<Match, { module: "limit" }>) => boolean;
  /** hashlimit, recent, connlimit and statistic keep state between packets (kernel/stack/xt-state.ts). */
  readonly stateful?: (m: StatefulMatch, pkt: MatchPacket) => boolean;
  /** The TTL a mangle TTL target set earlier in this traversal (later rules see it). */
  ttl?: number;
  /** The clock (ms since the epoch), for `-m time`. */
  readonly now?: number;
}

// The walk's ICMPv6 packets carry "icmp" as their protocol: ip6tables' names for it test that.
const PROTO_NUMBERS: Readonly<Record<string, string>> = {
  "6": "tcp",
  "17": "udp",
  "1": "icmp",
  "58": "icmp",
  icmpv6: "icmp",
  "ipv6-icmp": "icmp",
};

const cidrCache = new Map<string, Cidr | null>();
function cidr(s: string): Cidr | null {
  let c = cidrCache.get(s);
  if (c === undefined) {
    c = parseCidr(s);
    if (cidrCache.size > 10_000) cidrCache.clear();
    cidrCache.set(s, c);
  }
  return c;
}

const addrCache = new Map<string, number | null>();
function addrNum(s: string): number | null {
  let n = addrCache.get(s);
  if (n === undefined) {
    n = parseIpv4(s);
    if (addrCache.size > 10_000) addrCache.clear();
    addrCache.set(s, n);
  }
  return n;
}

function neg(test: boolean, n: { negated: boolean }): boolean {
  return n.negated ? !test : test;
}

function addrMatches(addr: string, spec: Neg<string>): boolean {
  if (spec.value.includes(":")) return neg(within6(addr, spec.value), spec);
  const a = addrNum(addr);
  const c = cidr(spec.value);
  const inside = a !== null && c !== null && (a & maskOf(c.prefixLen)) >>> 0 === c.network;
  return neg(inside, spec);
}

/** `veth+` matches every name starting with `veth`; otherwise the name must be equal. */
export function ifaceMatches(name: string | undefined, pattern: string): boolean {
  if (name === undefined) return false;
  if (pattern.endsWith("+")) return name.startsWith(pattern.slice(0, -1));
  return name === pattern;
}

function portMatches(port: number | undefined, spec: Neg<PortRange>): boolean {
  const inside = port !== undefined && port >= spec.value.from && port <= spec.value.to;
  return neg(inside, spec);
}

function protoName(p: string): string {
  return PROTO_NUMBERS[p] ?? p;
}

function tcpFlagsMatch(pkt: MatchPacket, mask: readonly string[], comp: readonly string[]): boolean {
  const all = ["SYN", "ACK", "FIN", "RST", "URG", "PSH"];
  const m = mask.includes("ALL") ? all : mask;
  const c = comp.includes("ALL") ? all : comp.includes("NONE") ? [] : comp;
  const flags = pkt.flags ?? [];
  return m.every((f) => flags.includes(f) === c.includes(f));
}

/** ICMP type names as iptables knows them, as `type` or `type/code`. */
const ICMP_TYPES: Readonly<Record<string, string>> = {
  "echo-reply": "0",
  pong: "0",
  "destination-unreachable": "3",
  "network-unreachable": "3/0",
  "host-unreachable": "3/1",
  "protocol-unreachable": "3/2",
  "port-unreachable": "3/3",
  "echo-request": "8",
  ping: "8",
  "time-exceeded": "11",
};

/** `--icmp-type` given as a name, `8` or `3/3`, against the packet's type name. */
function icmpTypeMatches(pktType: string | undefined, spec: string): boolean {
  if (pktType === undefined) return false;
  const have = ICMP_TYPES[pktType] ?? pktType.replace(/^type-/, "");
  const want = ICMP_TYPES[spec] ?? spec;
  return want.includes("/") ? have === want : have.split("/")[0] === want;
}

function stateMatches(states: Neg<readonly CtState[]>, ctx: MatchContext): boolean {
  // A loop, not some(): Docker's FORWARD rule tests nearly every packet, and the closure cost more than the test.
  const want = states.value;
  const state = ctx.ctstate;
  const nat = ctx.ctNat;
  let inside = false;
  for (let i = 0; i < want.length && !inside; i++) {
    const s = want[i]!;
    inside = s === state || (nat !== undefined && nat.length > 0 && nat.includes(s));
  }
  return neg(inside, states);
}

function matchOne(m: Match, pkt: MatchPacket, ctx: MatchContext): boolean {
  switch (m.module) {
    case "tcp":
      if (pkt.proto !== "tcp") return false;
      if (m.sport && !portMatches(pkt.sport, m.sport)) return false;
      if (m.dport && !portMatches(pkt.dport, m.dport)) return false;
      if (m.tcpFlags && !neg(tcpFlagsMatch(pkt, m.tcpFlags.value.mask, m.tcpFlags.value.comp), m.tcpFlags)) {
        return false;
      }
      if (m.syn && !neg(tcpFlagsMatch(pkt, ["SYN", "RST", "ACK", "FIN"], ["SYN"]), m.syn)) return false;
      if (m.option && !neg(tcpOptions(pkt).includes(m.option.value), m.option)) return false;
      return true;
    case "udp":
      if (pkt.proto !== "udp") return false;
      if (m.sport && !portMatches(pkt.sport, m.sport)) return false;
      if (m.dport && !portMatches(pkt.dport, m.dport)) return false;
      return true;
    case "icmp":
      if (pkt.proto !== "icmp") return false;
      if (!m.icmpType || m.icmpType.value === "any") return true;
      if (pkt.icmp) return neg(icmpSpecMatches(m.icmpType.value, pkt.icmp.type, pkt.icmp.code), m.icmpType);
      return neg(icmpTypeMatches(pkt.icmpType, m.icmpType.value), m.icmpType);
    case "icmp6":
      // The IPv6 tables' own match: the lab's packets are IPv4, which it never matches.
      return false;
    case "addrtype":
      if (m.srcType && !neg(ctx.addrTypeOf(pkt.src) === m.srcType.value, m.srcType)) return false;
      if (m.dstType && !neg(ctx.addrTypeOf(pkt.dst) === m.dstType.value, m.dstType)) return false;
      return true;
    case "conntrack":
      return (m.ctstate ? stateMatches(m.ctstate, ctx) : true) && ctFieldsMatch(m, ctx.conn);
    case "state":
      return m.state ? stateMatches(m.state, ctx) : true;
    case "comment":
      return true;
    case "multiport": {
      if (pkt.proto !== "tcp" && pkt.proto !== "udp") return false;
      const inList = (p: number | undefined) => p !== undefined && m.ports.some((r) => p >= r.from && p <= r.to);
      const hit =
        m.dir === "sports"
          ? inList(pkt.sport)
          : m.dir === "dports"
            ? inList(pkt.dport)
            : inList(pkt.sport) || inList(pkt.dport);
      return hit !== m.negated;
    }
    case "iprange": {
      const within = (a: string, r: { from: string; to: string }) => {
        const n = addrNum(a) ?? -1;
        return n >= (addrNum(r.from) ?? 0) && n <= (addrNum(r.to) ?? -1);
      };
      if (m.src && within(pkt.src, m.src.value) === m.src.negated) return false;
      if (m.dst && within(pkt.dst, m.dst.value) === m.dst.negated) return false;
      return true;
    }
    case "limit":
      return ctx.limit ? ctx.limit(m) : true;
    case "mark":
      return (((ctx.mark ?? 0) & m.mask) >>> 0 === m.mark) !== m.negated;
    case "connmark":
      // xt_connmark: an untracked packet has no connection, and matches not even inverted.
      return ctx.conn !== undefined && ((ctx.conn.entry.mark & m.mask) >>> 0 === m.mark) !== m.negated;
    case "owner": {
      const o = ctx.owner;
      // xt_owner: without a local socket, only a rule whose every test is inverted matches.
      if (!o)
        return (!m.uid || m.uid.negated) && (!m.gid || m.gid.negated) && (!m.socketExists || m.socketExists.negated);
      if (m.socketExists?.negated) return false;
      if (m.uid && (o.uid >= m.uid.value.from && o.uid <= m.uid.value.to) === m.uid.negated) return false;
      if (m.gid && (o.gid >= m.gid.value.from && o.gid <= m.gid.value.to) === m.gid.negated) return false;
      return true;
    }
    case "mac":
      return (ctx.srcMac !== undefined && ctx.srcMac === m.mac.value) !== m.mac.negated;
    case "hashlimit":
    case "recent":
    case "connlimit":
    case "statistic":
      return ctx.stateful ? ctx.stateful(m, pkt) : false;
    case "ttl":
    case "length":
    case "string":
    case "time":
      return headerRateMatches(m, pkt, ctx.ttl, ctx.now ?? 0);
  }
}

/** The TCP options Linux puts on a segment: MSS, SACK-permitted, timestamps, window scale on a SYN; timestamps after. */
function tcpOptions(pkt: MatchPacket): readonly number[] {
  const f = pkt.flags ?? [];
  if (f.includes("RST")) return [];
  return f.includes("SYN") ? [2, 4, 8, 1, 3] : [1, 8];
}

/** A rule's address and protocol tests, parsed once: what most rules fail on. */
export interface CompiledHeader {
  readonly src?: { readonly net: number; readonly mask: number; readonly negated: boolean };
  readonly dst?: { readonly net: number; readonly mask: number; readonly negated: boolean };
  /** ip6tables' `-s`/`-d` (an IPv6 prefix), tested apart from IPv4's numbers. */
  readonly src6?: Neg<string>;
  readonly dst6?: Neg<string>;
  readonly proto?: { readonly name: string; readonly negated: boolean };
  /** `-i`/`-o`, with a `+` wildcard split off (for `compiledMatches`; `headerMatches` leaves them). */
  readonly inIface?: CompiledIface;
  readonly outIface?: CompiledIface;
  /** A tcp/udp match's `--sport`/`--dport` without `!`: a packet outside it cannot match the rule. */
  readonly sport?: PortRange;
  readonly dport?: PortRange;
}

interface CompiledIface {
  readonly name: string;
  readonly wildcard: boolean;
  readonly negated: boolean;
}

function compileIface(spec: Neg<string> | undefined): CompiledIface | undefined {
  if (!spec) return undefined;
  const wildcard = spec.value.endsWith("+");
  return { name: wildcard ? spec.value.slice(0, -1) : spec.value, wildcard, negated: spec.negated };
}

/** `ifaceMatches` with its `!`, against a compiled pattern. */
function ifaceTest(c: CompiledIface, name: string | undefined): boolean {
  const inside = name !== undefined && (c.wildcard ? name.startsWith(c.name) : name === c.name);
  return inside !== c.negated;
}

function requiredPort(rule: Rule, which: "sport" | "dport"): PortRange | undefined {
  for (const m of rule.matches) {
    if (m.module !== "tcp" && m.module !== "udp") continue;
    const p = m[which];
    if (p && !p.negated) return p.value;
  }
  return undefined;
}

function compileAddr(spec: Neg<string> | undefined): CompiledHeader["src"] {
  if (!spec) return undefined;
  const c = cidr(spec.value);
  // An unparsable address never matches (and matches when negated), as addrMatches does.
  if (!c) return { net: 1, mask: 0, negated: spec.negated };
  return { net: c.network, mask: maskOf(c.prefixLen), negated: spec.negated };
}

export function compileHeader(rule: Rule): CompiledHeader {
  const proto = rule.proto ? protoName(rule.proto.value) : undefined;
  return {
    src: rule.src?.value.includes(":") ? undefined : compileAddr(rule.src),
    dst: rule.dst?.value.includes(":") ? undefined : compileAddr(rule.dst),
    ...(rule.src?.value.includes(":") ? { src6: rule.src } : {}),
    ...(rule.dst?.value.includes(":") ? { dst6: rule.dst } : {}),
    proto: proto !== undefined && proto !== "all" ? { name: proto, negated: rule.proto!.negated } : undefined,
    inIface: compileIface(rule.inIface),
    outIface: compileIface(rule.outIface),
    sport: requiredPort(rule, "sport"),
    dport: requiredPort(rule, "dport"),
  };
}

const compiled = new WeakMap<readonly Rule[], CompiledHeader[]>();

/** The compiled headers of a chain's rules, cached on the rule list (unchanged while packets walk). */
export function compileRules(counted: readonly Rule[]): readonly CompiledHeader[] {
  const rules = originOf(counted);
  let c = compiled.get(rules);
  if (!c) compiled.set(rules, (c = rules.map(compileHeader)));
  return c;
}

/** The address form of a packet's source and destination, for `headerMatches`. */
export function packetAddrs(pkt: MatchPacket): { src: number; dst: number } {
  return { src: addrOf(pkt.src), dst: addrOf(pkt.dst) };
}

/** An address as `headerMatches` takes it: its number, or -1 when it does not parse. */
export function addrOf(addr: string): number {
  return addrNum(addr) ?? -1;
}

export function headerMatches(h: CompiledHeader, src: number, dst: number, proto: string): boolean {
  if (h.src && ((src & h.src.mask) >>> 0 === h.src.net && src >= 0) === h.src.negated) return false;
  if (h.dst && ((dst & h.dst.mask) >>> 0 === h.dst.net && dst >= 0) === h.dst.negated) return false;
  if (h.proto && (proto === h.proto.name) === h.proto.negated) return false;
  return true;
}

function inRange(port: number | undefined, r: PortRange): boolean {
  return port !== undefined && port >= r.from && port <= r.to;
}

/**
 * `headerMatches(h, …) && restMatches(rule, …)` for `h = compileHeader(rule)`: the
 * interface and port tests read their compiled form, so most rules that do not match
 * a packet are passed over without looking at their match list.
 */
export function compiledMatches(
  h: CompiledHeader,
  rule: Rule,
  src: number,
  dst: number,
  pkt: MatchPacket,
  ctx: MatchContext,
): boolean {
  if (!headerMatches(h, src, dst, pkt.proto)) return false;
  if (h.src6 && !neg(within6(pkt.src, h.src6.value), h.src6)) return false;
  if (h.dst6 && !neg(within6(pkt.dst, h.dst6.value), h.dst6)) return false;
  if (h.dport && !inRange(pkt.dport, h.dport)) return false;
  if (h.sport && !inRange(pkt.sport, h.sport)) return false;
  if (h.inIface && !ifaceTest(h.inIface, ctx.inIface)) return false;
  if (h.outIface && !ifaceTest(h.outIface, ctx.outIface)) return false;
  const ms = rule.matches;
  for (let i = 0; i < ms.length; i++) if (!matchOne(ms[i]!, pkt, ctx)) return false;
  return true;
}

/** Everything but the header tests (interfaces and `-m` matches), for a rule whose header matched. */
export function restMatches(rule: Rule, pkt: MatchPacket, ctx: MatchContext): boolean {
  if (rule.inIface && !neg(ifaceMatches(ctx.inIface, rule.inIface.value), rule.inIface)) return false;
  if (rule.outIface && !neg(ifaceMatches(ctx.outIface, rule.outIface.value), rule.outIface)) return false;
  for (const m of rule.matches) if (!matchOne(m, pkt, ctx)) return false;
  return true;
}

export function ruleMatches(rule: Rule, pkt: MatchPacket, ctx: MatchContext): boolean {
  if (rule.src && !addrMatches(pkt.src, rule.src)) return false;
  if (rule.dst && !addrMatches(pkt.dst, rule.dst)) return false;
  if (rule.proto) {
    const p = protoName(rule.proto.value);
    if (p !== "all" && !neg(pkt.proto === p, rule.proto)) return false;
  }
  return restMatches(rule, pkt, ctx);
}
