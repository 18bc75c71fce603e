/**
 * A rule as nf_tables holds it when iptables-nft 1.8.9 wrote it, in nft's words:
 * the statements `nft list` prints (native expressions where iptables-nft emits
 * them, the xt match or target's own translation where it cannot, as Debian's nft,
 * built with libxtables, prints them) and the text `iptables-translate` prints.
 * Each statement says whether it is an xt one: a table printing any of them gets
 * nft's "managed by iptables-nft" warning.
 */
import { formatRate } from "./ext-values.ts";
import { icmpName, parseIcmpType, protoNumber } from "./names.ts";
import type { Match, Neg, PortRange, Rule, Target } from "./types.ts";
import { xlateCtFields } from "./ct-match.ts";

export interface NftStmt {
  readonly text: string;
  /** An xt match or target (nft prints the extension's own translation). */
  readonly xt: boolean;
}

export interface NftPrintOptions {
  /** `-n`: protocols, priorities and TCP flags as numbers. */
  readonly numeric?: boolean;
  /** `-s`: counters without their values. */
  readonly stateless?: boolean;
  /** The table's family: an ip6 table's addresses are `ip6 saddr`. */
  readonly family?: "ip" | "ip6";
}

/** An extension whose xlate gives up: iptables-translate then prints the command as a comment. */
const UNTRANSLATABLE = "\0";

const native = (text: string): NftStmt => ({ text, xt: false });
const xt = (text: string): NftStmt => ({ text, xt: true });
const op = (n: { negated: boolean } | undefined) => (n?.negated ? "!= " : "");

/** `-s 10.0.0.0/8` as nft prints it; a host address without its /32. */
function addr(cidr: string): string {
  if (cidr.endsWith("/128")) return cidr.slice(0, -4);
  return cidr.endsWith("/32") ? cidr.slice(0, -3) : cidr;
}

/** `eth+` is nft's `eth*`. */
function iface(name: string): string {
  return `"${name.endsWith("+") ? name.slice(0, -1) + "*" : name}"`;
}

function portText(r: PortRange): string {
  return r.from === r.to ? String(r.from) : `${r.from}-${r.to}`;
}

const TCP_FLAG_BITS: readonly (readonly [string, number])[] = [
  ["fin", 0x1],
  ["syn", 0x2],
  ["rst", 0x4],
  ["psh", 0x8],
  ["ack", 0x10],
  ["urg", 0x20],
];

function flagsText(names: readonly string[], numeric: boolean): string {
  const set = new Set(names.map((n) => n.toLowerCase()));
  if (set.has("all")) for (const [n] of TCP_FLAG_BITS) set.add(n);
  const on = TCP_FLAG_BITS.filter(([n]) => set.has(n));
  return on.map(([n, b]) => (numeric ? "0x" + b.toString(16) : n)).join(",");
}

function tcpFlags(f: Neg<{ mask: string[]; comp: string[] }>, numeric: boolean): string {
  const mask = flagsText(f.value.mask, numeric);
  const comp = flagsText(f.value.comp, numeric);
  if (comp === "") return `tcp flags ${f.negated ? "" : "! "}${mask}`;
  if (f.negated) return `tcp flags & (${mask.replace(/,/g, "|")}) != ${comp.replace(/,/g, "|")}`;
  return `tcp flags ${comp} / ${mask}`;
}

/** What nft calls a protocol (its /etc/protocols name), or its number under -n. */
function l4proto(name: string, numeric: boolean): string {
  const n = protoNumber(name);
  if (numeric && n !== undefined) return String(n);
  return name;
}

const CT_ORDER = ["INVALID", "NEW", "RELATED", "ESTABLISHED", "UNTRACKED"] as const;

function ctState(states: Neg<readonly string[]>): string {
  const names = CT_ORDER.filter((s) => states.value.includes(s)).map((s) => s.toLowerCase());
  const status = states.value.filter((s) => s === "SNAT" || s === "DNAT").map((s) => s.toLowerCase());
  const parts: string[] = [];
  if (names.length > 0) parts.push(`ct state ${states.negated ? "! " : ""}${names.join(",")}`);
  if (status.length > 0) parts.push(`ct status ${states.negated ? "! " : ""}${status.join(",")}`);
  return parts.join(" ");
}

const hex8 = (n: number) => "0x" + (n >>> 0).toString(16).padStart(8, "0");
const hex = (n: number) => "0x" + (n >>> 0).toString(16);

/** nft omits the default burst of 5 when it reads a limit back; libxt_limit's xlate always says it. */
function limitRate(avg: number, burst: number, translate: boolean): string {
  const [rate, unit] = formatRate(avg).split("/");
  const word = { sec: "second", min: "minute", hour: "hour", day: "day" }[unit ?? "sec"] ?? unit;
  return `limit rate ${rate}/${word}${burst !== 5 || translate ? ` burst ${burst} packets` : ""}`;
}

/** The translation of a match as libxt_*'s xlate (and nft's native reading) words it. */
function matchStmt(m: Match, proto: string | undefined, o: NftPrintOptions, translate: boolean): NftStmt | undefined {
  const numeric = !!o.numeric;
  switch (m.module) {
    case "tcp":
    case "udp": {
      const p: string[] = [];
      if (m.sport) p.push(`${m.module} sport ${op(m.sport)}${portText(m.sport.value)}`);
      if (m.dport) p.push(`${m.module} dport ${op(m.dport)}${portText(m.dport.value)}`);
      if (m.module === "tcp") {
        if (m.tcpFlags) p.push(tcpFlags(m.tcpFlags, numeric));
        if (m.syn)
          p.push(
            tcpFlags({ value: { mask: ["FIN", "SYN", "RST", "ACK"], comp: ["SYN"] }, negated: m.syn.negated }, numeric),
          );
        if (m.option) p.push(`tcp option ${m.option.value} ${m.option.negated ? "missing" : "exists"}`);
        // Only ports and flags are native: any other test keeps the whole match an xt one.
        if (m.option) return xt(p.join(" "));
      }
      return p.length > 0 ? native(p.join(" ")) : xt("");
    }
    case "icmp": {
      // The xt match's own translation: -n does not reach it.
      const spec = m.icmpType ? parseIcmpType(m.icmpType.value) : undefined;
      const name =
        spec && spec.codeMin === 0 && spec.codeMax === 0xff && spec.type !== 0xff ? icmpName(spec) : undefined;
      if (!spec || !name) return xt(translate ? UNTRANSLATABLE : "xt match icmp");
      return xt(`icmp type ${op(m.icmpType)}${name}`);
    }
    case "icmp6":
      return xt(translate ? UNTRANSLATABLE : "xt match icmp6");
    case "addrtype": {
      const p: string[] = [];
      if (m.srcType) p.push(`fib saddr type ${op(m.srcType)}${m.srcType.value.toLowerCase()}`);
      if (m.dstType) p.push(`fib daddr type ${op(m.dstType)}${m.dstType.value.toLowerCase()}`);
      return xt(p.join(" "));
    }
    case "conntrack":
      return xt([m.ctstate ? ctState(m.ctstate) : "", xlateCtFields(m)].filter(Boolean).join(" "));
    case "state":
      return xt(m.state ? ctState(m.state) : "");
    case "comment":
      // Its xlate hands the text to the rule's comment, which nft's xt printer never shows.
      return xt("");
    case "multiport": {
      const pr = proto ?? "tcp";
      const neg = m.negated ? "!= " : "";
      if (m.dir === "ports") {
        const pairs = m.ports.flatMap((r) => [`0-65535 . ${portText(r)}`, `${portText(r)} . 0-65535`]);
        return xt(`${pr} sport . ${pr} dport ${neg}{ ${pairs.join(", ")} }`);
      }
      const field = m.dir === "sports" ? "sport" : "dport";
      const list = m.ports.length === 1 ? portText(m.ports[0]!) : `{ ${m.ports.map(portText).join(", ")} }`;
      return xt(`${pr} ${field} ${neg}${list}`);
    }
    case "iprange": {
      const p: string[] = [];
      if (m.src) p.push(`ip saddr ${op(m.src)}${m.src.value.from}-${m.src.value.to}`);
      if (m.dst) p.push(`ip daddr ${op(m.dst)}${m.dst.value.from}-${m.dst.value.to}`);
      return xt(p.join(" "));
    }
    case "limit":
      return native(limitRate(m.avg, m.burst, translate));
    case "mark": {
      if (translate) {
        const body =
          m.mask >>> 0 === 0xffffffff
            ? ` ${m.negated ? "!= " : ""}${hex(m.mark)}`
            : ` and ${hex(m.mask)} ${m.negated ? "!=" : "=="} ${hex(m.mark)}`;
        return native(`mark${body}`);
      }
      if (m.mask >>> 0 === 0xffffffff) return native(`meta mark ${m.negated ? "!= " : ""}${hex8(m.mark)}`);
      return native(`meta mark & ${hex8(m.mask)} ${m.negated ? "!=" : "=="} ${hex8(m.mark)}`);
    }
    case "connmark": {
      // A compat match: nft shows libxt_connmark's translation.
      const body =
        m.mask >>> 0 === 0xffffffff
          ? ` ${m.negated ? "!= " : ""}${hex(m.mark)}`
          : ` and ${hex(m.mask)} ${m.negated ? "!=" : "=="} ${hex(m.mark)}`;
      return xt(`ct mark${body}`);
    }
    case "owner": {
      const p: string[] = [];
      const range = (v: { from: number; to: number }) => (v.from === v.to ? String(v.from) : `${v.from}-${v.to}`);
      if (m.uid) p.push(`skuid ${op(m.uid)}${range(m.uid.value)}`);
      if (m.gid) p.push(`skgid ${op(m.gid)}${range(m.gid.value)}`);
      if (m.socketExists && p.length === 0) return xt(translate ? UNTRANSLATABLE : "xt match owner");
      return xt(p.join(" "));
    }
    case "mac":
      return xt(`ether saddr ${op(m.mac)}${m.mac.value}`);
    default:
      // hashlimit, recent, connlimit, statistic, time, string, ttl, length: kept as xt compat matches.
      return xt(translate ? UNTRANSLATABLE : `xt match ${m.module}`);
  }
}

const REJECT_TYPES: Readonly<Record<string, string>> = {
  "icmp-net-unreachable": "net-unreachable",
  "icmp-host-unreachable": "host-unreachable",
  "icmp-proto-unreachable": "prot-unreachable",
  "icmp-net-prohibited": "net-prohibited",
  "icmp-host-prohibited": "host-prohibited",
  "icmp-admin-prohibited": "admin-prohibited",
};

const LOG_LEVELS = ["emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"];

function logText(t: Extract<Target, { kind: "LOG" }>): string {
  let s = "log";
  if (t.prefix !== undefined) s += ` prefix "${t.prefix}"`;
  if (t.level !== undefined && t.level !== "4") s += ` level ${LOG_LEVELS[Number(t.level)] ?? t.level}`;
  const f = t.flags ?? 0;
  if ((f & 0x2f) === 0x2f) return s + " flags all";
  if (f & 3) s += ` flags tcp ${[f & 1 ? "sequence" : "", f & 2 ? "options" : ""].filter(Boolean).join(",")}`;
  if (f & 4) s += " flags ip options";
  if (f & 8) s += " flags skuid";
  if (f & 32) s += " flags ether";
  return s;
}

function natFlags(flags: number | undefined): string {
  const f = flags ?? 0;
  const words = [f & 1 ? "random" : "", f & 2 ? "fully-random" : "", f & 4 ? "persistent" : ""].filter(Boolean);
  return words.length > 0 ? ` ${words.join(",")}` : "";
}

function markSet(value: number, mask: number): string {
  if (mask >>> 0 === 0xffffffff) return hex(value);
  if (value === 0) return `mark and ${hex(~mask)}`;
  if (value === mask) return `mark or ${hex(value)}`;
  if (mask === 0) return `mark xor ${hex(value)}`;
  return `mark and ${hex(~mask)} xor ${hex(value)}`;
}

function targetStmt(t: Target, translate: boolean): NftStmt | undefined {
  switch (t.kind) {
    case "ACCEPT":
    case "DROP":
    case "RETURN":
      return native(t.kind.toLowerCase());
    case "jump":
      return native(`${t.goto ? "goto" : "jump"} ${t.chain}`);
    case "REJECT": {
      const w = t.rejectWith ?? "icmp-port-unreachable";
      if (w === "tcp-reset") return xt("reject with tcp reset");
      const type = REJECT_TYPES[w];
      return xt(type ? `reject with icmp type ${type}` : "reject");
    }
    case "LOG":
      return xt(logText(t));
    case "DNAT":
      return xt(`dnat to ${t.toDestination}${natFlags(t.natFlags)}`);
    case "SNAT":
      return xt(`snat to ${t.toSource}${natFlags(t.natFlags)}`);
    case "MASQUERADE":
      return xt(`masquerade${t.toPorts !== undefined ? ` to :${t.toPorts}` : ""}${natFlags(t.natFlags)}`);
    case "REDIRECT":
      return xt(`redirect${t.toPorts !== undefined ? ` to :${t.toPorts}` : ""}${natFlags(t.natFlags)}`);
    case "NETMAP":
      return xt(translate ? UNTRANSLATABLE : "xt target NETMAP");
    case "MARK":
      return xt(`meta mark set ${markSet(t.value, t.mask)}`);
    case "CONNMARK":
      if (t.mode === "save") return xt("ct mark set mark");
      if (t.mode === "restore") return xt("meta mark set ct mark");
      return xt(`ct mark set ${markSet(t.value, t.ctmask)}`);
    case "CT":
      if (t.notrack && t.zone === undefined) return xt("notrack");
      return xt(translate ? UNTRANSLATABLE : "xt target CT");
    case "TRACE":
      // iptables-nft writes TRACE natively.
      return native("meta nftrace set 1");
    default:
      return xt(translate ? UNTRANSLATABLE : `xt target ${t.kind}`);
  }
}

/** Whether the rule tests the protocol's own header natively, which lets nft drop `meta l4proto`. */
function hasNativePayload(rule: Rule, proto: string): boolean {
  return rule.matches.some(
    (m) =>
      m.module === proto &&
      (m.module === "tcp" || m.module === "udp") &&
      (m.sport || m.dport || (m.module === "tcp" && (m.tcpFlags || m.syn))) &&
      !(m.module === "tcp" && m.option),
  );
}

/** The statements `nft list` prints for a rule iptables-nft wrote, in order. */
export function ruleStatements(rule: Rule, o: NftPrintOptions = {}): NftStmt[] {
  const out: NftStmt[] = [];
  if (rule.inIface) out.push(native(`iifname ${op(rule.inIface)}${iface(rule.inIface.value)}`));
  if (rule.outIface) out.push(native(`oifname ${op(rule.outIface)}${iface(rule.outIface.value)}`));
  const proto = rule.proto;
  if (proto && (proto.negated || !hasNativePayload(rule, proto.value)))
    out.push(native(`meta l4proto ${op(proto)}${l4proto(proto.value, !!o.numeric)}`));
  const fam = o.family ?? "ip";
  if (rule.src) out.push(native(`${fam} saddr ${op(rule.src)}${addr(rule.src.value)}`));
  if (rule.dst) out.push(native(`${fam} daddr ${op(rule.dst)}${addr(rule.dst.value)}`));
  if (rule.fragment) out.push(native(`ip frag-off & 8191 ${rule.fragment.negated ? "0" : "!= 0"}`));
  for (const m of rule.matches) {
    const s = matchStmt(m, proto?.value, o, false);
    if (s) out.push(s);
  }
  if (!rule.noCounter)
    out.push(native(o.stateless ? "counter" : `counter packets ${rule.counters.packets} bytes ${rule.counters.bytes}`));
  const t = rule.target ? targetStmt(rule.target, false) : undefined;
  if (t) out.push(t);
  return out;
}

/** One rule's line as nft prints it (statements joined by one blank, an empty xt one leaving two). */
export function ruleText(rule: Rule, o: NftPrintOptions = {}): { text: string; xt: boolean } {
  const stmts = ruleStatements(rule, o);
  return { text: stmts.map((s) => s.text).join(" "), xt: stmts.some((s) => s.xt) };
}

/**
 * The rule as `iptables-translate` words it: `-p` as `ip protocol` unless a match
 * of that protocol's name follows, a bare `counter`, and a comment last.
 */
export function translateRuleBody(rule: Rule): string | undefined {
  const out: string[] = [];
  if (rule.inIface) out.push(`iifname ${op(rule.inIface)}${iface(rule.inIface.value)}`);
  if (rule.outIface) out.push(`oifname ${op(rule.outIface)}${iface(rule.outIface.value)}`);
  if (rule.fragment) out.push(`ip frag-off & 0x1fff ${rule.fragment.negated ? "0" : "!= 0"}`);
  const proto = rule.proto;
  if (proto && !rule.matches.some((m) => m.module === proto.value)) out.push(`ip protocol ${op(proto)}${proto.value}`);
  if (rule.src) out.push(`ip saddr ${op(rule.src)}${addr(rule.src.value)}`);
  if (rule.dst) out.push(`ip daddr ${op(rule.dst)}${addr(rule.dst.value)}`);
  for (const m of rule.matches) {
    const s = matchStmt(m, proto?.value, {}, true);
    if (s?.text === UNTRANSLATABLE) return undefined;
    if (s && s.text !== "") out.push(s.text);
  }
  out.push("counter");
  const t = rule.target ? targetStmt(rule.target, true) : undefined;
  if (t?.text === UNTRANSLATABLE) return undefined;
  if (t && t.text !== "") out.push(t.text);
  const comment = rule.matches.find((m) => m.module === "comment");
  if (comment && comment.module === "comment") out.push(`comment "${comment.comment}"`);
  return out.join(" ");
}
