/**
 * Prints rules as iptables 1.8.9 does: the `-S`/iptables-save form (the part
 * after `-A CHAIN`) and the columns of `iptables -L` with its -v/-n/-x/
 * --line-numbers variants, padding and units byte for byte as xtables prints
 * them (including its misaligned `-x` columns and trailing spaces).
 */
import { addrToAnyName, icmpName, parseIcmpType, portToService, protoNumber } from "./names.ts";
import { listCtFields, saveCtFields } from "./ct-match.ts";
import { printIcmp6, saveIcmp6 } from "./icmp6.ts";
import {
  isExtMatch,
  isExtTarget,
  natFlagText,
  printExtMatch,
  printExtTarget,
  saveExtMatch,
  saveExtTarget,
} from "./rule-format-ext.ts";
import type { Chain, Counters, Match, Neg, PortRange, Rule, Target } from "./types.ts";
import {
  isMangleTarget,
  isRateMatch,
  printMangleTarget,
  printRateMatch,
  saveMangleTarget,
  saveRateMatch,
} from "./rule-format-rate.ts";

/** `-s`, `-d`, `-i`, `-o`, `-p` then matches then counters (`-S -v`) then `-j`. */
export function formatRuleSpec(rule: Rule, withCounters = false): string {
  const parts: string[] = [];
  const opt = (flag: string, v: Neg<string> | undefined) => {
    if (v) parts.push(`${v.negated ? "! " : ""}${flag} ${v.value}`);
  };
  opt("-s", rule.src);
  opt("-d", rule.dst);
  opt("-i", rule.inIface);
  opt("-o", rule.outIface);
  opt("-p", rule.proto);
  if (rule.fragment) parts.push(rule.fragment.negated ? "! -f" : "-f");
  for (const m of rule.matches) parts.push(saveMatch(m));
  if (withCounters) parts.push(`-c ${rule.counters.packets} ${rule.counters.bytes}`);
  if (rule.target) parts.push(saveTarget(rule.target));
  return parts.join(" ");
}

/**
 * The rule as `xtables-monitor --trace` quotes it after a TRACE verdict:
 * `-4 -t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 2024 -j DNAT --to-destination 172.17.0.2:80`.
 */
export function ruleToTraceText(table: string, chain: string, rule: Rule): string {
  const spec = formatRuleSpec(rule);
  return `-4 -t ${table} -A ${chain}${spec ? " " + spec : ""}`;
}

/** xtables_save_string: bare when only safe characters, else double-quoted with \ escapes. */
export function saveString(s: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(s)) return s;
  return `"${s.replace(/["\\']/g, (c) => "\\" + c)}"`;
}

function ports(r: PortRange): string {
  return r.from === r.to ? String(r.from) : `${r.from}:${r.to}`;
}

function inv(n: { negated: boolean }): string {
  return n.negated ? "! " : "";
}

function saveMatch(m: Match): string {
  if (isExtMatch(m)) return saveExtMatch(m);
  if (isRateMatch(m)) return saveRateMatch(m);
  const out = [`-m ${m.module}`];
  switch (m.module) {
    case "tcp":
    case "udp":
      if (m.sport) out.push(`${inv(m.sport)}--sport ${ports(m.sport.value)}`);
      if (m.dport) out.push(`${inv(m.dport)}--dport ${ports(m.dport.value)}`);
      if (m.module === "tcp" && m.option) out.push(`${inv(m.option)}--tcp-option ${m.option.value}`);
      if (m.module === "tcp" && m.tcpFlags) {
        const f = m.tcpFlags.value;
        out.push(`${inv(m.tcpFlags)}--tcp-flags ${flagList(f.mask)} ${flagList(f.comp)}`);
      }
      break;
    case "icmp":
      if (m.icmpType) out.push(`${inv(m.icmpType)}--icmp-type ${m.icmpType.value}`);
      break;
    case "icmp6":
      return m.icmpv6Type ? saveIcmp6(m.icmpv6Type) : "-m icmp6";
    case "addrtype":
      if (m.srcType) out.push(`${inv(m.srcType)}--src-type ${m.srcType.value}`);
      if (m.dstType) out.push(`${inv(m.dstType)}--dst-type ${m.dstType.value}`);
      break;
    case "conntrack":
      if (m.ctstate) out.push(`${inv(m.ctstate)}--ctstate ${m.ctstate.value.join(",")}`);
      out.push(...saveCtFields(m));
      break;
    case "state":
      if (m.state) out.push(`${inv(m.state)}--state ${m.state.value.join(",")}`);
      break;
    case "comment":
      out.push(`--comment ${saveString(m.comment)}`);
      break;
  }
  return out.join(" ");
}

function flagList(flags: readonly string[]): string {
  return flags.length === 0 ? "NONE" : flags.join(",");
}

function saveTarget(t: Target): string {
  if (isExtTarget(t)) return saveExtTarget(t);
  if (isMangleTarget(t)) return saveMangleTarget(t);
  switch (t.kind) {
    case "jump":
      return `${t.goto ? "-g" : "-j"} ${t.chain}`;
    case "REJECT":
      return `-j REJECT --reject-with ${t.rejectWith ?? "icmp-port-unreachable"}`;
    case "LOG": {
      let s = "-j LOG";
      if (t.prefix) s += ` --log-prefix ${saveString(t.prefix)}`;
      if (t.level !== undefined && t.level !== "4") s += ` --log-level ${t.level}`;
      const f = t.flags ?? 0;
      for (const [bit, name] of LOG_FLAGS) if (f & bit) s += ` --log-${name}`;
      return s;
    }
    case "DNAT":
      return `-j DNAT --to-destination ${t.toDestination}${natFlagText(t.natFlags, "--")}`;
    case "SNAT":
      return `-j SNAT --to-source ${t.toSource}${natFlagText(t.natFlags, "--")}`;
    case "MASQUERADE":
      return (t.toPorts ? `-j MASQUERADE --to-ports ${t.toPorts}` : "-j MASQUERADE") + natFlagText(t.natFlags, "--");
    default:
      return `-j ${t.kind}`;
  }
}

const LOG_FLAGS: readonly (readonly [number, string])[] = [
  [1, "tcp-sequence"],
  [2, "tcp-options"],
  [4, "ip-options"],
  [8, "uid"],
  [32, "macdecode"],
];

/** The name of a rule's target as the `target` column shows it (empty for none). */
export function targetName(t: Target | undefined): string {
  if (!t) return "";
  return t.kind === "jump" ? t.chain : t.kind;
}

// ---- iptables -L ----

export interface ListFormat {
  readonly numeric: boolean;
  readonly verbose: boolean;
  readonly exact: boolean;
  readonly lineNumbers: boolean;
}

/** xtables_print_num: right-aligned, in K/M/G/T (thousands) unless exact. */
export function formatNum(n: number, exact: boolean, table = true): string {
  if (exact) return table ? `${String(n).padStart(8)} ` : `${n} `;
  const pad = (s: string, w: number) => (table ? s.padStart(w) : s) + " ";
  if (n <= 99999) return pad(String(n), 5);
  let v = n;
  for (const unit of ["K", "M", "G"]) {
    v = Math.floor((v + 500) / 1000);
    if (v <= 9999) return pad(`${v}${unit}`, 5);
  }
  return pad(`${Math.floor((v + 500) / 1000)}T`, 5);
}

export function formatChainHeader(chain: Chain, references: number, f: ListFormat): string {
  let s = `Chain ${chain.name}`;
  if (chain.policy) {
    s += ` (policy ${chain.policy}`;
    if (f.verbose) {
      const c = chain.policyCounters;
      s += ` ${formatNum(c.packets, f.exact, false)}packets, ${formatNum(c.bytes, f.exact, false)}bytes`;
    }
    s += ")\n";
  } else s += ` (${references} references)\n`;
  if (f.lineNumbers) s += "num  ";
  if (f.verbose) s += f.exact ? `${"pkts".padStart(8)} ${"bytes".padStart(10)} ` : " pkts bytes ";
  s += "target    ";
  s += " prot opt";
  if (f.verbose) s += " in     out    ";
  s += ` ${"source".padEnd(19)} `;
  s += ` ${"destination".padEnd(19)} `;
  return s + "\n";
}

export function formatRuleLine(rule: Rule, num: number, f: ListFormat): string {
  let s = "";
  if (f.lineNumbers) s += `${String(num).padEnd(4)} `;
  if (f.verbose) s += formatNum(rule.counters.packets, f.exact) + formatNum(rule.counters.bytes, f.exact);
  s += `${targetName(rule.target).padEnd(9)} `;
  s += rule.proto?.negated ? "!" : " ";
  s += `${protoColumn(rule.proto?.value, f.numeric).padEnd(4)} `;
  s += rule.fragment ? (rule.fragment.negated ? "!f " : "-f ") : "-- ";
  if (f.verbose) s += ` ${iface(rule.inIface, f.numeric).padEnd(6)} ${iface(rule.outIface, f.numeric).padEnd(6)} `;
  s += address(rule.src, f.numeric);
  s += address(rule.dst, f.numeric);
  if (rule.target?.kind === "jump" && rule.target.goto) s += "[goto] ";
  for (const m of rule.matches) s += printMatch(m, f.numeric, rule.proto?.value);
  if (rule.target) s += printTarget(rule.target, f.numeric);
  return s + "\n";
}

/**
 * The line `iptables -v` echoes for each rule it adds, deletes or checks
 * (print_rule with FMT_NOTABLE): numeric addresses, protocol by name.
 */
export function formatRuleEcho(rule: Rule): string {
  const addr = (v: Neg<string> | undefined) => {
    const [a, len] = (v?.value ?? "0.0.0.0/0").split("/");
    return len === hostLen(a!) ? a! : `${a}/${len}`;
  };
  let s = `${targetName(rule.target)} `;
  s += `${rule.proto?.negated ? "!" : " "}${rule.proto?.value ?? "all"} `;
  s += `opt -- in ${iface(rule.inIface, true)} out ${iface(rule.outIface, true)} `;
  s += `${rule.src?.negated ? "!" : " "}${addr(rule.src)} `;
  s += `${rule.dst?.negated ? "!" : " "}-> ${addr(rule.dst)}  `;
  if (rule.target?.kind === "jump" && rule.target.goto) s += "[goto] ";
  for (const m of rule.matches) s += printMatch(m, true, rule.proto?.value);
  if (rule.target) s += printTarget(rule.target, true);
  return s + "\n";
}

function protoColumn(p: string | undefined, numeric: boolean): string {
  const name = p ?? "all";
  if (!numeric) return name;
  if (name === "all") return "0";
  return String(protoNumber(name) ?? name);
}

function iface(v: Neg<string> | undefined, numeric: boolean): string {
  if (!v) return numeric ? "*" : "any";
  return (v.negated ? "!" : "") + v.value;
}

/** A host's prefix length, which listings leave out: /32, or /128 for an IPv6 address. */
function hostLen(addr: string): string {
  return addr.includes(":") ? "128" : "32";
}

function address(v: Neg<string> | undefined, numeric: boolean): string {
  const [addr, len] = (v?.value ?? "0.0.0.0/0").split("/");
  let text: string;
  if (len === "0" && !numeric) text = "anywhere";
  else {
    const name = numeric ? addr! : addrToAnyName(addr!);
    text = len === hostLen(addr!) ? name : `${name}/${len}`;
  }
  return `${v?.negated ? "!" : " "}${text.padEnd(19)} `;
}

function printPort(p: number, proto: "tcp" | "udp", numeric: boolean): string {
  return (numeric ? undefined : portToService(p, proto)) ?? String(p);
}

function printPorts(name: string, v: Neg<PortRange> | undefined, proto: "tcp" | "udp", numeric: boolean): string {
  if (!v) return "";
  const i = v.negated ? "!" : "";
  const { from, to } = v.value;
  if (from === to) return ` ${name}:${i}${printPort(from, proto, numeric)}`;
  return ` ${name}s:${i}${printPort(from, proto, numeric)}:${printPort(to, proto, numeric)}`;
}

const FLAG_BITS: Readonly<Record<string, number>> = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16, URG: 32 };
function flagHex(flags: readonly string[]): string {
  const n = flags.reduce((a, f) => a | (FLAG_BITS[f] ?? 0), 0);
  return "0x" + n.toString(16).toUpperCase().padStart(2, "0");
}

function printMatch(m: Match, numeric: boolean, proto: string | undefined): string {
  if (isExtMatch(m)) return printExtMatch(m, numeric, proto);
  if (isRateMatch(m)) return printRateMatch(m);
  switch (m.module) {
    case "tcp":
    case "udp": {
      let s =
        ` ${m.module}` + printPorts("spt", m.sport, m.module, numeric) + printPorts("dpt", m.dport, m.module, numeric);
      if (m.module === "tcp" && m.option) s += ` option=${m.option.negated ? "!" : ""}${m.option.value}`;
      if (m.module === "tcp" && m.tcpFlags) {
        const { mask, comp } = m.tcpFlags.value;
        s += ` flags:${m.tcpFlags.negated ? "!" : ""}`;
        s += numeric ? `${flagHex(mask)}/${flagHex(comp)}` : `${flagList(mask)}/${flagList(comp)}`;
      }
      return s;
    }
    case "icmp": {
      if (!m.icmpType) return " icmp";
      const spec = parseIcmpType(m.icmpType.value)!;
      const name = numeric ? undefined : icmpName(spec);
      if (name) return ` icmp ${m.icmpType.negated ? "!" : ""}${name}`;
      let s = (numeric ? " icmp" : " icmp") + (m.icmpType.negated ? " !" : "") + `type ${spec.type}`;
      if (spec.codeMin === spec.codeMax) s += ` code ${spec.codeMin}`;
      else if (spec.codeMin !== 0 || spec.codeMax !== 0xff) s += ` codes ${spec.codeMin}-${spec.codeMax}`;
      return s;
    }
    case "icmp6":
      return m.icmpv6Type ? printIcmp6(m.icmpv6Type, numeric) : " ipv6-icmp";
    case "addrtype": {
      let s = " ADDRTYPE match";
      if (m.srcType) s += ` src-type ${m.srcType.negated ? "!" : ""}${m.srcType.value}`;
      if (m.dstType) s += ` dst-type ${m.dstType.negated ? "!" : ""}${m.dstType.value}`;
      return s;
    }
    case "conntrack":
      return (
        (m.ctstate ? `${m.ctstate.negated ? " !" : ""} ctstate ${m.ctstate.value.join(",")}` : "") + listCtFields(m)
      );
    case "state":
      return m.state ? `${m.state.negated ? " !" : ""} state ${m.state.value.join(",")}` : "";
    case "comment":
      return ` /* ${m.comment} */`;
  }
}

const LEVEL_NAMES = ["emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"];

function printTarget(t: Target, numeric: boolean): string {
  if (isExtTarget(t)) return printExtTarget(t);
  if (isMangleTarget(t)) return printMangleTarget(t, numeric);
  switch (t.kind) {
    case "REJECT":
      return ` reject-with ${t.rejectWith ?? "icmp-port-unreachable"}`;
    case "LOG": {
      const level = Number(t.level ?? "4");
      const f = t.flags ?? 0;
      let s = numeric ? ` LOG flags ${f} level ${level}` : ` LOG level ${LEVEL_NAMES[level]}`;
      if (!numeric) for (const [bit, name] of LOG_FLAGS) if (f & bit) s += ` ${name}`;
      if (t.prefix) s += ` prefix "${t.prefix}"`;
      return s;
    }
    case "DNAT":
      return ` to:${t.toDestination}${natFlagText(t.natFlags, "")}`;
    case "SNAT":
      return ` to:${t.toSource}${natFlagText(t.natFlags, "")}`;
    case "MASQUERADE":
      return (t.toPorts ? ` masq ports: ${t.toPorts}` : "") + natFlagText(t.natFlags, "");
    default:
      return "";
  }
}

/** Counters as iptables-save -c prints them before a rule: `[p:b]`. */
export function formatCounterPair(c: Counters): string {
  return `[${c.packets}:${c.bytes}]`;
}
