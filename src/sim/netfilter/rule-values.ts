/**
 * The value parsers behind iptables' options, each as iptables 1.8.9 reads its
 * argument: addresses (with xtables' short dotted forms and masks), ports and
 * ranges (tcp strict, udp truncating), conntrack states, TCP flags, NAT ranges,
 * the error value every parse failure becomes, and which option belongs to
 * which match or takes how many values.
 */
import { cidr6Text, parseCidr6 } from "../ipv6.ts";
import { formatIpv4, maskOf, parseIpv4 } from "../ipv4.ts";
import { hostByName, serviceToPort } from "./names.ts";
import type { AddrType, CtState, Match, Neg, PortRange, Rule } from "./types.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** A rule being built by the parser: fields and matches still writable. */
export type Draft = Mutable<Omit<Rule, "matches">> & { matches: Mutable<Match>[] };

export const IPTABLES_VERSION = "v1.8.9 (nf_tables)";

/** A parse failure: `message` is the text after `iptables v1.8.9 (nf_tables): `. */
export interface ParseError {
  readonly ok: false;
  readonly message: string;
  /** `Bad argument` is printed without the program prefix. */
  readonly bare?: boolean;
  readonly stderr: string;
  readonly exitCode: number;
}

export function usageError(message: string, prog = "iptables", bare = false): ParseError {
  const head = bare ? message : `${prog} ${IPTABLES_VERSION}: ${message}`;
  return {
    ok: false,
    message,
    bare,
    stderr: `${head}\nTry \`${prog} -h' or '${prog} --help' for more information.\n`,
    exitCode: 2,
  };
}

export const ADDR_TYPES: readonly AddrType[] = [
  "UNSPEC", "UNICAST", "LOCAL", "BROADCAST", "ANYCAST", "MULTICAST", "BLACKHOLE", "UNREACHABLE", "PROHIBIT", "THROW", "NAT", "XRESOLVE",
]; // prettier-ignore

/** The order conntrack and state print their states in. */
export const CT_STATE_ORDER: readonly CtState[] = [
  "INVALID",
  "NEW",
  "RELATED",
  "ESTABLISHED",
  "UNTRACKED",
  "SNAT",
  "DNAT",
];

export const TCP_FLAG_ORDER = ["FIN", "SYN", "RST", "PSH", "ACK", "URG"] as const;

/** xtables' dotted parser: fewer than four parts complete a network address (`0` is 0.0.0.0, `10.1` is 10.1.0.0). */
function numericToIpaddr(text: string): number | null {
  const parts = text.split(".");
  if (parts.length > 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  const bytes = [...parts.map(Number), 0, 0, 0].slice(0, 4);
  return ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
}

/** ip6tables' address: `fd00:db8::2`, `fd00:db8::/64`, as the kernel stores it (host bits cleared). */
export function parseAddress6(text: string): string | ParseError {
  const slash = text.indexOf("/");
  const host = slash < 0 ? text : text.slice(0, slash);
  const maskText = slash < 0 ? "128" : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(maskText) || Number(maskText) > 128) return usageError(`invalid mask \`${maskText}' specified`);
  const c = parseCidr6(`${host}/${maskText}`);
  if (!c) return usageError(`host/network \`${host}' not found`);
  return cidr6Text(c);
}

/** `1.2.3.4`, `1.2.3.0/24`, `1.2.3.0/255.255.255.0` or a host name, as the kernel stores it. */
export function parseAddress(text: string, resolve?: (name: string) => string | undefined): string | ParseError {
  const slash = text.indexOf("/");
  const host = slash < 0 ? text : text.slice(0, slash);
  const maskText = slash < 0 ? undefined : text.slice(slash + 1);
  let len = 32;
  if (maskText !== undefined) {
    const dotted = parseIpv4(maskText);
    if (/^\d{1,2}$/.test(maskText) && Number(maskText) <= 32) len = Number(maskText);
    else if (dotted !== null && /^1*0*$/.test(dotted.toString(2).padStart(32, "0"))) {
      len = dotted.toString(2).replace(/0+$/, "").length;
      if (dotted === 0) len = 0;
    } else return usageError(`invalid mask \`${maskText}' specified`);
  }
  let addr = numericToIpaddr(host);
  if (addr === null) {
    const found = hostByName(host) ?? resolve?.(host);
    addr = found === undefined ? null : parseIpv4(found);
  }
  if (addr === null) return usageError(`host/network \`${host}' not found`);
  return `${formatIpv4((addr & maskOf(len)) >>> 0)}/${len}`;
}

/** tcp refuses numbers above 65535; udp's guided parser truncates them to 16 bits. */
function parsePort(text: string, proto: "tcp" | "udp"): number | undefined {
  if (/^\d+$/.test(text)) {
    if (proto === "udp") return Number(BigInt(text) % 65536n);
    return Number(text) <= 65535 ? Number(text) : undefined;
  }
  return serviceToPort(text);
}

export function parsePortRange(text: string, proto: "tcp" | "udp" = "tcp"): PortRange | ParseError {
  const bad = (t: string) => usageError(`invalid port/service \`${t}' specified`);
  const colon = text.indexOf(":");
  if (colon < 0) {
    const p = parsePort(text, proto);
    return p === undefined ? bad(text) : { from: p, to: p };
  }
  const lo = text.slice(0, colon);
  const hi = text.slice(colon + 1);
  const from = lo === "" ? 0 : parsePort(lo, proto);
  if (from === undefined) return bad(lo);
  const to = hi === "" ? 65535 : parsePort(hi, proto);
  if (to === undefined) return bad(hi);
  if (from > to && proto === "tcp") return usageError("invalid portrange (min > max)");
  return { from, to };
}

export function parseStates(text: string, module: "conntrack" | "state"): CtState[] | ParseError {
  const allowed = module === "state" ? CT_STATE_ORDER.slice(0, 5) : CT_STATE_ORDER;
  const states = text.split(",");
  for (const s of states) {
    if (!(allowed as readonly string[]).includes(s))
      return usageError(module === "state" ? `Bad state "${s}"` : `Bad ctstate "${s}"`);
  }
  return CT_STATE_ORDER.filter((s) => states.includes(s));
}

/** libxt_tcp's parse_tcp_flag: strtok skips empty items, names compare without case,
 * and the error names the first unknown item as typed. */
export function parseTcpFlags(text: string): string[] | { unknown: string } {
  const out = new Set<string>();
  for (const item of text.split(",")) {
    const f = item.toUpperCase();
    if (f === "ALL") TCP_FLAG_ORDER.forEach((x) => out.add(x));
    else if (f === "NONE" || f === "") continue;
    else if ((TCP_FLAG_ORDER as readonly string[]).includes(f)) out.add(f);
    else return { unknown: item };
  }
  return TCP_FLAG_ORDER.filter((f) => out.has(f));
}

// libxt_NAT's parse_to: the address may be left out when a port follows (`--to-source :53`).
const NAT_RANGE = /^(?:(\d{1,3}(?:\.\d{1,3}){3})(?:-(\d{1,3}(?:\.\d{1,3}){3}))?)?(?::(\d+)(?:-(\d+))?)?$/;

export function checkNatRange(text: string, kind: "DNAT" | "SNAT", six = false): ParseError | "port" | "addr" {
  if (six) {
    // ip6tables: `[addr]:port`, or a bare address.
    const m6 = /^\[([0-9a-fA-F:]+)\](?::(\d+)(?:-(\d+))?)?$/.exec(text) ?? /^([0-9a-fA-F:]+)()$/.exec(text);
    if (!m6 || parseCidr6(`${m6[1]}/128`) === undefined) return usageError(`Bad IP address "${text}"`);
    return m6[2] ? "port" : "addr";
  }
  const m = NAT_RANGE.exec(text);
  const ipOk = (s: string | undefined) => s === undefined || parseIpv4(s) !== null;
  if (!m || (m[1] === undefined && m[3] === undefined) || !ipOk(m[1]) || !ipOk(m[2])) {
    const ip = text.split(":")[0]!.split("-")[0]!;
    return usageError(parseIpv4(ip) === null ? `Bad IP address "${ip}"` : `${kind}: Invalid port range "${text}"`);
  }
  return m[3] === undefined ? "addr" : "port";
}

/**
 * How iptables-nft stores a port range, as it reads back: the full range is no
 * test at all (and inverted, no match at all); `! 0:N` becomes `N+1:65535`.
 */
export function nftPortRange(r: PortRange, negated: boolean): Neg<PortRange> | undefined | "drop-match" {
  if (r.from === 0 && r.to === 65535) return negated ? "drop-match" : undefined;
  if (negated && r.from === 0) return { value: { from: r.to + 1, to: 65535 }, negated: false };
  return { value: r, negated };
}

/**
 * nft keeps tcp/udp port and flag tests as native payload checks and reads them
 * back as one match, at the first instance that had any (later values win);
 * an instance that tests nothing stays an xt match of its own, where it was.
 */
export function mergeNativePorts(matches: readonly Mutable<Match>[]): Mutable<Match>[] {
  const out: Mutable<Match>[] = [];
  const first: Partial<Record<"tcp" | "udp", Mutable<Match>>> = {};
  for (const m of matches) {
    if ((m.module !== "tcp" && m.module !== "udp") || Object.keys(m).length === 1) {
      out.push(m);
      continue;
    }
    const into = first[m.module];
    if (into) Object.assign(into, m);
    else {
      const copy = { ...m };
      first[m.module] = copy;
      out.push(copy);
    }
  }
  return out;
}

export function freeze(d: Draft): Rule {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) if (v !== undefined) out[k] = v;
  out.matches = d.matches.map((m) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(m)) if (v !== undefined) o[k] = v;
    return o;
  });
  return out as unknown as Rule;
}

/** The targets the lab models (a `Target` kind each); any other `-j NAME` is a chain. */
export const MODELLED_TARGETS: ReadonlySet<string> = new Set([
  "ACCEPT",
  "DROP",
  "RETURN",
  "REJECT",
  "LOG",
  "DNAT",
  "SNAT",
  "MASQUERADE",
  "TRACE",
  "REDIRECT",
  "NETMAP",
  "MARK",
  "CONNMARK",
  "CT",
  "NOTRACK",
]);
export const IFNAMSIZ = 16;

/** Bytes of a name as C's strlen counts them (UTF-8). */
export function byteLen(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}
