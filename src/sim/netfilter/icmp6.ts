/**
 * What ip6tables knows that iptables does not: libip6t_icmp6's type names (its
 * parser, its save and list forms, the list form's missing space in
 * `ipv6-icmptype 128` included) and libip6t_REJECT's reject types. The lab moves
 * IPv4 only, so these rules are kept and printed, never met by a packet.
 */

/** libip6t_icmp6's icmpv6_codes: name, type, code range. Order matters for printing. */
const ICMP6_TYPES: readonly (readonly [name: string, type: number, codeMin: number, codeMax: number])[] = [
  ["destination-unreachable", 1, 0, 0xff],
  ["no-route", 1, 0, 0],
  ["communication-prohibited", 1, 1, 1],
  ["beyond-scope", 1, 2, 2],
  ["address-unreachable", 1, 3, 3],
  ["port-unreachable", 1, 4, 4],
  ["failed-policy", 1, 5, 5],
  ["reject-route", 1, 6, 6],
  ["packet-too-big", 2, 0, 0xff],
  ["time-exceeded", 3, 0, 0xff],
  ["ttl-exceeded", 3, 0, 0xff],
  ["ttl-zero-during-transit", 3, 0, 0],
  ["ttl-zero-during-reassembly", 3, 1, 1],
  ["parameter-problem", 4, 0, 0xff],
  ["bad-header", 4, 0, 0],
  ["unknown-header-type", 4, 1, 1],
  ["unknown-option", 4, 2, 2],
  ["echo-request", 128, 0, 0xff],
  ["ping", 128, 0, 0xff],
  ["echo-reply", 129, 0, 0xff],
  ["pong", 129, 0, 0xff],
  ["mld-listener-query", 130, 0, 0xff],
  ["mld-listener-report", 131, 0, 0xff],
  ["mld-listener-done", 132, 0, 0xff],
  ["mld-listener-reduction", 132, 0, 0xff],
  ["router-solicitation", 133, 0, 0xff],
  ["router-advertisement", 134, 0, 0xff],
  ["neighbour-solicitation", 135, 0, 0xff],
  ["neighbor-solicitation", 135, 0, 0xff],
  ["neighbour-advertisement", 136, 0, 0xff],
  ["neighbor-advertisement", 136, 0, 0xff],
  ["redirect", 137, 0, 0xff],
];

interface Spec {
  readonly type: number;
  readonly codeMin: number;
  readonly codeMax: number;
}

/** The stored form, as ip6tables-save prints it: `128` (every code) or `1/4` (one code). */
function toText(s: Spec): string {
  return s.codeMin === 0 && s.codeMax === 0xff ? String(s.type) : `${s.type}/${s.codeMin}`;
}

function fromText(text: string): Spec {
  const [t = "0", c] = text.split("/");
  return c === undefined
    ? { type: Number(t), codeMin: 0, codeMax: 0xff }
    : { type: Number(t), codeMin: Number(c), codeMax: Number(c) };
}

/** parse_icmpv6, worded as libxt_icmp's (the oracle's `Unknown ICMPv6 type`): a prefix of a name, else `type[/code]`. */
export function parseIcmp6Type(arg: string): string | { error: string } {
  const lower = arg.toLowerCase();
  let found: (typeof ICMP6_TYPES)[number] | undefined;
  for (const t of ICMP6_TYPES) {
    if (!t[0].startsWith(lower)) continue;
    if (found) return { error: `Ambiguous ICMPv6 type \`${arg}': \`${found[0]}' or \`${t[0]}'?` };
    found = t;
  }
  if (found) return toText({ type: found[1], codeMin: found[2], codeMax: found[3] });
  const m = /^(\d+)(?:\/(.*))?$/.exec(arg);
  if (!m || Number(m[1]) > 255) return { error: `Unknown ICMPv6 type \`${arg}'` };
  if (m[2] !== undefined && (!/^\d+$/.test(m[2]) || Number(m[2]) > 255))
    return { error: `Unknown ICMPv6 code \`${arg}'` };
  const type = Number(m[1]);
  return m[2] === undefined ? String(type) : `${type}/${Number(m[2])}`;
}

/** icmp6_save: the number, `/code` when one code. */
export function saveIcmp6(stored: { value: string; negated: boolean }): string {
  return `-m icmp6 ${stored.negated ? "! " : ""}--icmpv6-type ${stored.value}`;
}

/** icmp6_print: ` ipv6-icmp` then the name, or `type N` glued to it (libip6t_icmp6's own quirk). */
export function printIcmp6(stored: { value: string; negated: boolean }, numeric: boolean): string {
  const s = fromText(stored.value);
  if (!numeric) {
    const hit = ICMP6_TYPES.find(([, t, lo, hi]) => t === s.type && lo === s.codeMin && hi === s.codeMax);
    if (hit) return ` ipv6-icmp ${stored.negated ? "!" : ""}${hit[0]}`;
  }
  let out = ` ipv6-icmp${stored.negated ? " !" : ""}type ${s.type}`;
  if (s.codeMin === s.codeMax) out += ` code ${s.codeMin}`;
  else if (s.codeMin !== 0 || s.codeMax !== 0xff) out += ` codes ${s.codeMin}-${s.codeMax}`;
  return out;
}

/** libip6t_REJECT's reject_table, in its order: name and alias. */
const REJECT6: readonly (readonly [string, string])[] = [
  ["icmp6-no-route", "no-route"],
  ["icmp6-adm-prohibited", "adm-prohibited"],
  ["icmp6-addr-unreachable", "addr-unreach"],
  ["icmp6-port-unreachable", "port-unreach"],
  ["tcp-reset", "tcp-reset"],
  ["icmp6-policy-fail", "policy-fail"],
  ["icmp6-reject-route", "reject-route"],
];

export const REJECT6_DEFAULT = "icmp6-port-unreachable";

/** The reject type a `--reject-with` word names (a prefix of a name or alias), or undefined. */
export function parseReject6(arg: string): string | undefined {
  const lower = arg.toLowerCase();
  return REJECT6.find(([n, a]) => n.startsWith(lower) || a.startsWith(lower))?.[0];
}

/** Whether a program reads and writes the IPv6 tables. */
export function isSix(prog: string): boolean {
  return prog.startsWith("ip6tables");
}
