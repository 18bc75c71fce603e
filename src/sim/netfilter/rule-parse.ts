/**
 * Parses an iptables rule specification (`-s 1.2.3.4 -p tcp --dport 80 -j ACCEPT`)
 * into a Rule, as iptables 1.8.9 does: matches are loaded by `-m` (or implicitly
 * by `-p tcp|udp|icmp` when one of their options appears), target options only
 * follow `-j`, and every value is stored in the canonical form iptables-save
 * prints back. Failures are values carrying iptables' own error text.
 */
import { formatIpv4, maskOf, parseIpv4 } from "../kernel/ipv4.ts";
import {
  LOG_LEVEL_NAMES,
  hostByName,
  icmpSpecToText,
  parseIcmpType,
  protoName,
  protoNumber,
  serviceToPort,
} from "./names.ts";
import type { AddrType, CtState, Match, Neg, PortRange, Rule, Target } from "./types.ts";

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
export type ParseResult = { readonly ok: true; readonly rule: Rule } | ParseError;

export interface ParseOptions {
  /** The chain the rule goes to: built-in chains refuse `-i`/`-o` on the wrong side. */
  readonly chain?: string;
  /** Resolves a host name for `-s`/`-d` (the lab's DNS); localhost is always known. */
  readonly resolve?: (name: string) => string | undefined;
  /** The table the rule goes to: the nat table refuses DROP. */
  readonly table?: string;
  /** Program name in messages: `iptables`, `iptables-restore`. */
  readonly prog?: string;
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

/** Options that take one value (two for `--tcp-flags`); the CLI uses this to skip values. */
export const RULE_OPTION_ARITY: Readonly<Record<string, number>> = {
  "-s": 1, "--source": 1, "--src": 1, "-d": 1, "--destination": 1, "--dst": 1,
  "-i": 1, "--in-interface": 1, "-o": 1, "--out-interface": 1, "-p": 1, "--protocol": 1,
  "-m": 1, "--match": 1, "-j": 1, "--jump": 1, "-g": 1, "--goto": 1,
  "--sport": 1, "--source-port": 1, "--dport": 1, "--destination-port": 1, "--tcp-flags": 2, "--syn": 0,
  "--icmp-type": 1, "--src-type": 1, "--dst-type": 1, "--ctstate": 1, "--state": 1, "--comment": 1,
  "--reject-with": 1, "--log-prefix": 1, "--log-level": 1, "--to-destination": 1, "--to-source": 1,
  "--to-ports": 1, "-c": 2, "--set-counters": 2,
}; // prettier-ignore

const BUILTIN_TARGETS = new Set(["ACCEPT", "DROP", "RETURN", "REJECT", "LOG", "DNAT", "SNAT", "MASQUERADE", "TRACE"]);
const ADDR_TYPES: readonly AddrType[] = [
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
const REJECT_TYPES: Readonly<Record<string, string>> = {
  "icmp-net-unreachable": "icmp-net-unreachable", "net-unreach": "icmp-net-unreachable",
  "icmp-host-unreachable": "icmp-host-unreachable", "host-unreach": "icmp-host-unreachable",
  "icmp-proto-unreachable": "icmp-proto-unreachable", "proto-unreach": "icmp-proto-unreachable",
  "icmp-port-unreachable": "icmp-port-unreachable", "port-unreach": "icmp-port-unreachable",
  "icmp-net-prohibited": "icmp-net-prohibited", "net-prohib": "icmp-net-prohibited",
  "icmp-host-prohibited": "icmp-host-prohibited", "host-prohib": "icmp-host-prohibited",
  "tcp-reset": "tcp-reset", "tcp-rst": "tcp-reset",
  "icmp-admin-prohibited": "icmp-admin-prohibited", "admin-prohib": "icmp-admin-prohibited",
}; // prettier-ignore
const SHORT: Readonly<Record<string, string>> = {
  "--source": "-s", "--src": "-s", "--destination": "-d", "--dst": "-d", "--in-interface": "-i",
  "--out-interface": "-o", "--protocol": "-p", "--match": "-m", "--jump": "-j", "--goto": "-g",
  "--source-port": "--sport", "--destination-port": "--dport", "--set-counters": "-c",
}; // prettier-ignore
const IFNAMSIZ = 16;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Draft = Mutable<Omit<Rule, "matches">> & { matches: Mutable<Match>[] };

/** xtables' dotted parser: fewer than four parts complete a network address (`0` is 0.0.0.0, `10.1` is 10.1.0.0). */
function numericToIpaddr(text: string): number | null {
  const parts = text.split(".");
  if (parts.length > 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  const bytes = [...parts.map(Number), 0, 0, 0].slice(0, 4);
  return ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
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

function parseStates(text: string, module: "conntrack" | "state"): CtState[] | ParseError {
  const allowed = module === "state" ? CT_STATE_ORDER.slice(0, 5) : CT_STATE_ORDER;
  const states = text.split(",");
  for (const s of states) {
    if (!(allowed as readonly string[]).includes(s))
      return usageError(module === "state" ? `Bad state "${s}"` : `Bad ctstate "${s}"`);
  }
  return CT_STATE_ORDER.filter((s) => states.includes(s));
}

function parseTcpFlags(text: string): string[] | undefined {
  const out = new Set<string>();
  for (const f of text.split(",")) {
    if (f === "ALL") TCP_FLAG_ORDER.forEach((x) => out.add(x));
    else if (f === "NONE") continue;
    else if ((TCP_FLAG_ORDER as readonly string[]).includes(f)) out.add(f);
    else return undefined;
  }
  return TCP_FLAG_ORDER.filter((f) => out.has(f));
}

const NAT_RANGE = /^(\d{1,3}(?:\.\d{1,3}){3})(?:-(\d{1,3}(?:\.\d{1,3}){3}))?(?::(\d+)(?:-(\d+))?)?$/;

function checkNatRange(text: string, kind: "DNAT" | "SNAT"): ParseError | "port" | "addr" {
  const m = NAT_RANGE.exec(text);
  const ipOk = (s: string | undefined) => s === undefined || parseIpv4(s) !== null;
  if (!m || !ipOk(m[1]) || !ipOk(m[2])) {
    const ip = text.split(":")[0]!.split("-")[0]!;
    return usageError(parseIpv4(ip) === null ? `Bad IP address "${ip}"` : `${kind}: Invalid port range "${text}"`);
  }
  return m[3] === undefined ? "addr" : "port";
}

function flagFor(opt: string): string {
  return SHORT[opt] ?? opt;
}

/** Every option that may follow `!`. */
const INVERTIBLE = new Set([
  "-s", "-d", "-i", "-o", "-p", "--sport", "--dport", "--tcp-flags", "--syn", "--icmp-type", "--src-type", "--dst-type", "--ctstate", "--state",
]); // prettier-ignore

export function parseRuleSpec(argv: readonly string[], opts: ParseOptions = {}): ParseResult {
  const prog = opts.prog ?? "iptables";
  const err = (message: string) => usageError(message, prog);
  const rule: Draft = { matches: [], counters: { packets: 0, bytes: 0 } };
  let invert = false;
  let counters: { packets: number; bytes: number } | undefined;
  const seen = new Set<string>();
  const addresses: { key: "src" | "dst"; text: string; negated: boolean }[] = [];
  let i = 0;

  const need = (opt: string, n = 1): string[] | ParseError => {
    const vals = argv.slice(i + 1, i + 1 + n);
    if (vals.length < n) return err(`option "${opt}" requires an argument`);
    i += n;
    return vals;
  };
  const findMatch = <M extends Match["module"]>(m: M) =>
    rule.matches.find((x): x is Extract<Mutable<Match>, { module: M }> => x.module === m);
  const load = (m: string): ParseError | undefined => {
    if (rule.matches.some((x) => x.module === m)) return undefined;
    switch (m) {
      case "tcp":
      case "udp":
      case "icmp":
      case "addrtype":
      case "conntrack":
      case "state":
        rule.matches.push({ module: m });
        return undefined;
      case "comment":
        rule.matches.push({ module: "comment", comment: "" });
        return undefined;
      case "multiport":
        if (rule.proto?.value !== "tcp" && rule.proto?.value !== "udp")
          return err("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'");
        return err("Couldn't load match `multiport':No such file or directory\n");
      default:
        return err(`Couldn't load match \`${m}':No such file or directory\n`);
    }
  };
  const neg = <T>(value: T): Neg<T> => ({ value, negated: invert });
  /**
   * Each extension takes an option once: tcp says so in its old words, the
   * guided parsers (udp, icmp, conntrack, LOG, ...) in theirs, with the long name.
   */
  const used = new Set<string>();
  const onlyOnce = (ext: string, opt: string): ParseError | undefined => {
    const key = `${ext} ${opt === "--syn" ? "--tcp-flags" : opt}`;
    const long = opt === "--sport" ? "--source-port" : opt === "--dport" ? "--destination-port" : opt;
    if (!used.has(key)) {
      used.add(key);
      return undefined;
    }
    if (ext === "tcp")
      return err(
        opt === "--syn" || opt === "--tcp-flags"
          ? "Only one of `--syn' or `--tcp-flags' allowed"
          : `Only one \`${long}' allowed`,
      );
    return err(`${ext}: option "${long}" can only be used once.\n`);
  };

  for (; i < argv.length; i++) {
    const raw = argv[i]!;
    if (raw === "!") {
      if (invert) return err("multiple consecutive ! not allowed");
      invert = true;
      continue;
    }
    const opt = flagFor(raw.includes("=") && raw.startsWith("--") ? raw.slice(0, raw.indexOf("=")) : raw);
    if (raw.startsWith("--") && raw.includes("=")) {
      // getopt_long's --opt=value: split it in place.
      const rest = [
        ...argv.slice(0, i),
        raw.slice(0, raw.indexOf("=")),
        raw.slice(raw.indexOf("=") + 1),
        ...argv.slice(i + 1),
      ];
      return parseRuleSpec(rest, opts);
    }
    if (!opt.startsWith("-") || opt === "-") return usageError(`Bad argument \`${raw}'`, prog, true);
    if (invert && !INVERTIBLE.has(opt)) return err(`cannot have ! before ${raw}`);
    const res = applyOption(opt, raw);
    if (res) return res;
    invert = false;
  }
  return finish();

  function applyOption(opt: string, raw: string): ParseError | undefined {
    switch (opt) {
      case "-s":
      case "-d": {
        const v = need(raw);
        if (!Array.isArray(v)) return v;
        const key = opt === "-s" ? "src" : "dst";
        if (seen.has(opt)) return err(`multiple ${opt} flags not allowed`);
        seen.add(opt);
        // Resolved after every option is read, as iptables' post_parse does.
        addresses.push({ key, text: v[0]!, negated: invert });
        return undefined;
      }
      case "-i":
      case "-o": {
        const v = need(raw);
        if (!Array.isArray(v)) return v;
        const key = opt === "-i" ? "inIface" : "outIface";
        if (rule[key]) return err(`multiple ${opt} flags not allowed`);
        if (v[0]!.length >= IFNAMSIZ) return err(`interface name \`${v[0]}' must be shorter than IFNAMSIZ (15)`);
        rule[key] = neg(v[0]!);
        return undefined;
      }
      case "-p": {
        const v = need(raw);
        if (!Array.isArray(v)) return v;
        if (seen.has("-p")) return err("multiple -p flags not allowed");
        seen.add("-p");
        const text = v[0]!.toLowerCase();
        let name: string | undefined;
        if (text === "all" || text === "0") name = "all";
        else if (/^\d+$/.test(text)) name = Number(text) <= 255 ? (protoName(Number(text)) ?? text) : undefined;
        else name = protoNumber(text) !== undefined ? text : undefined;
        if (name === undefined) return err(`unknown protocol "${v[0]}" specified`);
        if (name === "all" && invert) return err("rule would never match protocol");
        if (name !== "all") rule.proto = neg(name);
        return undefined;
      }
      case "-m": {
        const v = need(raw);
        if (!Array.isArray(v)) return v;
        return load(v[0]!);
      }
      case "-j":
      case "-g": {
        const v = need(raw);
        if (!Array.isArray(v)) return v;
        if (rule.target) return err(`multiple -j flags not allowed`);
        const name = v[0]!;
        if (opt === "-g") rule.target = { kind: "jump", chain: name, goto: true };
        else if (BUILTIN_TARGETS.has(name)) rule.target = defaultTarget(name);
        else rule.target = { kind: "jump", chain: name };
        return undefined;
      }
      case "-c": {
        const v = need(raw, 2);
        if (!Array.isArray(v)) return v;
        if (!/^\d+$/.test(v[0]!) || !/^\d+$/.test(v[1]!)) return err(`-c packet counter not numeric`);
        counters = { packets: Number(v[0]), bytes: Number(v[1]) };
        return undefined;
      }
      default:
        return matchOrTargetOption(opt, raw);
    }
  }

  function matchOrTargetOption(opt: string, raw: string): ParseError | undefined {
    const t = rule.target;
    // Target options first: iptables offers them only once -j named the target.
    if (t && targetOption(opt)) return applyTargetOption(opt, raw);
    for (const m of rule.matches) if (matchOwns(m.module, opt)) return applyMatchOption(m, opt, raw);
    // An option of the protocol's own match loads it, as `-p tcp --dport 80` does.
    // Even `! -p tcp` loads tcp for `--dport`, as iptables does.
    const p = rule.proto?.value;
    if ((p === "tcp" || p === "udp" || p === "icmp") && matchOwns(p, opt) && !findMatch(p)) {
      load(p);
      return applyMatchOption(findMatch(p)!, opt, raw);
    }
    return err(`unknown option "${raw}"`);
  }

  function applyMatchOption(m: Mutable<Match>, opt: string, raw: string): ParseError | undefined {
    const once = onlyOnce(m.module, opt);
    if (once) return once;
    const v = need(raw, opt === "--tcp-flags" ? 2 : opt === "--syn" ? 0 : 1);
    if (!Array.isArray(v)) return v;
    const val = v[0]!;
    switch (m.module) {
      case "tcp":
      case "udp": {
        if (opt === "--syn" || opt === "--tcp-flags") {
          const mask = opt === "--syn" ? ["FIN", "SYN", "RST", "ACK"] : parseTcpFlags(val);
          const comp = opt === "--syn" ? ["SYN"] : parseTcpFlags(v[1]!);
          if (!mask || !comp) return err(`Unknown TCP flag \`${!mask ? val : v[1]}'`);
          (m as Mutable<Extract<Match, { module: "tcp" }>>).tcpFlags = neg({ mask, comp });
          return undefined;
        }
        const r = parsePortRange(val, m.module);
        if (!("from" in r)) return usageError(r.message, prog);
        const key = opt === "--sport" ? "sport" : "dport";
        const stored = nftPortRange(r, invert);
        if (stored === "drop-match") rule.matches = rule.matches.filter((x) => x !== m);
        else if (stored === undefined) delete m[key];
        else m[key] = stored;
        return undefined;
      }
      case "icmp": {
        const s = parseIcmpType(val);
        if (!s) return err(`Unknown ICMP type \`${val}'`);
        m.icmpType = neg(icmpSpecToText(s));
        return undefined;
      }
      case "addrtype": {
        if (!(ADDR_TYPES as readonly string[]).includes(val)) return err(`addrtype: bad type "${val}"`);
        if (opt === "--src-type") m.srcType = neg(val as AddrType);
        else m.dstType = neg(val as AddrType);
        return undefined;
      }
      case "conntrack":
      case "state": {
        const s = parseStates(val, m.module);
        if (!Array.isArray(s)) return usageError(s.message, prog);
        if (m.module === "conntrack") m.ctstate = neg(s);
        else m.state = neg(s);
        return undefined;
      }
      case "comment":
        m.comment = val;
        return undefined;
    }
  }

  function applyTargetOption(opt: string, raw: string): ParseError | undefined {
    if (opt !== "--to-destination" && opt !== "--to-source") {
      const once = onlyOnce(rule.target!.kind, opt);
      if (once) return once;
    }
    const v = need(raw);
    if (!Array.isArray(v)) return v;
    const val = v[0]!;
    const t = rule.target!;
    switch (opt) {
      case "--reject-with": {
        const r = REJECT_TYPES[val];
        if (!r) return err(`unknown reject type "${val}"`);
        rule.target = { kind: "REJECT", rejectWith: r };
        return undefined;
      }
      case "--log-prefix":
        rule.target = { ...(t as Extract<Target, { kind: "LOG" }>), prefix: val };
        if (val === "") delete (rule.target as { prefix?: string }).prefix;
        return undefined;
      case "--log-level": {
        const named = LOG_LEVEL_NAMES.find(([n]) => n === val)?.[1];
        const level = named ?? (/^[0-7]$/.test(val) ? Number(val) : undefined);
        if (level === undefined) return err(`log level "${val}" unknown\n`);
        const { level: _old, ...rest } = t as Extract<Target, { kind: "LOG" }>;
        rule.target = level === 4 ? rest : { ...rest, level: String(level) };
        return undefined;
      }
      case "--to-destination":
      case "--to-source": {
        const kind = opt === "--to-destination" ? "DNAT" : "SNAT";
        const r = checkNatRange(val, kind);
        if (typeof r !== "string") return usageError(r.message, prog);
        if (r === "port" && !portOk()) return err("Need TCP, UDP, SCTP or DCCP with port specification");
        rule.target = kind === "DNAT" ? { kind, toDestination: val } : { kind, toSource: val };
        return undefined;
      }
      default:
        if (!portOk()) return err("Need TCP, UDP, SCTP or DCCP with port specification");
        if (!/^\d+(-\d+)?$/.test(val)) return err(`Port "${val}" not valid`);
        rule.target = { kind: "MASQUERADE", toPorts: val };
        return undefined;
    }
  }

  /** libxt_DNAT/SNAT/MASQUERADE: ports only with a port protocol given so far (`!` is not looked at). */
  function portOk(): boolean {
    return ["tcp", "udp", "sctp", "dccp", "icmp"].includes(rule.proto?.value ?? "");
  }

  function targetOption(opt: string): boolean {
    const k = rule.target!.kind;
    return (
      (k === "REJECT" && opt === "--reject-with") ||
      (k === "LOG" && (opt === "--log-prefix" || opt === "--log-level")) ||
      (k === "DNAT" && opt === "--to-destination") ||
      (k === "SNAT" && opt === "--to-source") ||
      (k === "MASQUERADE" && opt === "--to-ports")
    );
  }

  function finish(): ParseResult {
    for (const m of rule.matches) {
      if (m.module === "comment" && m.comment === "") return err(`comment: option "--comment" must be specified\n`);
    }
    const t = rule.target;
    if (t?.kind === "DNAT" || t?.kind === "SNAT") {
      const text = t.kind === "DNAT" ? t.toDestination : t.toSource;
      if (text === "")
        return err(`${t.kind}: option "--to-${t.kind === "DNAT" ? "destination" : "source"}" must be specified\n`);
    }
    for (const a of addresses) {
      const cidr = parseAddress(a.text, opts.resolve);
      if (typeof cidr !== "string") return usageError(cidr.message, prog);
      if (cidr !== "0.0.0.0/0" || a.negated) rule[a.key] = { value: cidr, negated: a.negated };
    }
    if (opts.table === "nat" && t?.kind === "DROP")
      return err(`\nThe "nat" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n`);
    const chain = opts.chain;
    if (rule.inIface && (chain === "OUTPUT" || chain === "POSTROUTING")) return err(`Can't use -i with ${chain}\n`);
    if (rule.outIface && (chain === "PREROUTING" || chain === "INPUT")) return err(`Can't use -o with ${chain}\n`);
    if (counters) rule.counters = counters;
    return { ok: true, rule: freeze(rule) };
  }
}

/**
 * How iptables-nft stores a port range, as it reads back: the full range is no
 * test at all (and inverted, no match at all); `! 0:N` becomes `N+1:65535`.
 */
function nftPortRange(r: PortRange, negated: boolean): Neg<PortRange> | undefined | "drop-match" {
  if (r.from === 0 && r.to === 65535) return negated ? "drop-match" : undefined;
  if (negated && r.from === 0) return { value: { from: r.to + 1, to: 65535 }, negated: false };
  return { value: r, negated };
}

function defaultTarget(name: string): Target {
  switch (name) {
    case "REJECT":
      return { kind: "REJECT", rejectWith: "icmp-port-unreachable" };
    case "LOG":
      return { kind: "LOG" };
    case "DNAT":
      return { kind: "DNAT", toDestination: "" };
    case "SNAT":
      return { kind: "SNAT", toSource: "" };
    default:
      return { kind: name as "ACCEPT" | "DROP" | "RETURN" | "MASQUERADE" | "TRACE" };
  }
}

function matchOwns(module: Match["module"], opt: string): boolean {
  switch (module) {
    case "tcp":
      return opt === "--sport" || opt === "--dport" || opt === "--tcp-flags" || opt === "--syn";
    case "udp":
      return opt === "--sport" || opt === "--dport";
    case "icmp":
      return opt === "--icmp-type";
    case "addrtype":
      return opt === "--src-type" || opt === "--dst-type";
    case "conntrack":
      return opt === "--ctstate";
    case "state":
      return opt === "--state";
    case "comment":
      return opt === "--comment";
  }
}

/** Drops the empty optional fields a draft may hold, so equal rules compare equal. */
function freeze(d: Draft): Rule {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) if (v !== undefined) out[k] = v;
  out.matches = d.matches.map((m) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(m)) if (v !== undefined) o[k] = v;
    return o;
  });
  return out as unknown as Rule;
}
