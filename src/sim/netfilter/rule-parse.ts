/**
 * Parses an iptables rule specification (`-s 1.2.3.4 -p tcp --dport 80 -j ACCEPT`)
 * into a Rule, as iptables 1.8.9 does: matches are loaded by `-m` (or implicitly
 * by `-p tcp|udp|icmp` when one of their options appears), target options only
 * follow `-j`, and every value is stored in the canonical form iptables-save
 * prints back. Failures are values carrying iptables' own error text.
 */
import { LOG_LEVEL_NAMES, icmpSpecToText, parseIcmpType, protoName, protoNumber } from "./names.ts";
import {
  ADDR_TYPES,
  REJECT_TYPES,
  MODELLED_TARGETS,
  IFNAMSIZ,
  INVERTIBLE,
  defaultTarget,
  flagFor,
  freeze,
  matchOwns,
  mergeNativePorts,
  newMatch,
  optionOnce,
  splitLongEquals,
  checkNatRange,
  nftPortRange,
  parseAddress,
  parsePortRange,
  parseStates,
  parseTcpFlags,
  usageError,
  type Draft,
  type ParseError,
} from "./rule-values.ts";
import type { AddrType, Match, Neg, Rule, Target } from "./types.ts";

export {
  splitLongEquals,
  CT_STATE_ORDER,
  IPTABLES_VERSION,
  RULE_OPTION_ARITY,
  TCP_FLAG_ORDER,
  parseAddress,
  parsePortRange,
  usageError,
  type ParseError,
} from "./rule-values.ts";

/** `rules` holds one rule per address pair when -s/-d list several (`rule` is the first). */
export type ParseResult = { readonly ok: true; readonly rule: Rule; readonly rules: readonly Rule[] } | ParseError;

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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function parseRuleSpec(argv: readonly string[], opts: ParseOptions = {}): ParseResult {
  const args = splitLongEquals(argv);
  const parser = createRuleParser(opts);
  for (let i = 0; i < args.length; i++) {
    const next = parser.step(args, i);
    if (typeof next !== "number") return next;
    i = next;
  }
  return parser.finish();
}

/**
 * The rule half of iptables' option loop, fed one option at a time so that the
 * CLI can interleave its own options and report errors in iptables' order.
 */
export interface RuleParser {
  /** Reads the option at `argv[i]` with its values; the index of the last word used, or the error. */
  step(argv: readonly string[], i: number): number | ParseError;
  /** A `!` is waiting for its option. */
  pendingInvert(): boolean;
  /** The checks after the option loop that every command gets (see postParse); `table` may be given now. */
  postParse(late?: { table?: string }): ParseError | undefined;
  /** Everything after the option loop; `chain`/`table` may be given now if unknown before. */
  finish(late?: { chain?: string; table?: string }): ParseResult;
}

export function createRuleParser(initial: ParseOptions = {}): RuleParser {
  let opts = initial;
  const prog = opts.prog ?? "iptables";
  const err = (message: string) => usageError(message, prog);
  const rule: Draft = { matches: [], counters: { packets: 0, bytes: 0 } };
  let invert = false;
  let counters: { packets: number; bytes: number } | undefined;
  const seen = new Set<string>();
  const addresses: { key: "src" | "dst"; text: string; negated: boolean }[] = [];
  let i = 0;
  let argv: readonly string[] = [];

  const need = (opt: string, n = 1): string[] | ParseError => {
    const vals = argv.slice(i + 1, i + 1 + n);
    if (vals.length < n) return err(`option "${opt}" requires an argument`);
    i += n;
    return vals;
  };
  const findMatch = <M extends Match["module"]>(m: M) =>
    rule.matches.find((x): x is Extract<Mutable<Match>, { module: M }> => x.module === m);
  /** `-m X` always adds an instance (options then go to the newest); the implicit proto match only once. */
  const load = (m: string, explicit = true): ParseError | undefined => {
    if (!explicit && rule.matches.some((x) => x.module === m)) return undefined;
    const made = newMatch(m, rule.proto?.value);
    if (typeof made === "string") return err(made);
    rule.matches.push(made);
    return undefined;
  };
  const neg = <T>(value: T): Neg<T> => ({ value, negated: invert });
  const onlyOnce = optionOnce(err);

  // Declared before the returned parser uses them: `-s a,b -d c,d` stands for one rule per pair, source-major, as iptables expands it.
  const lists: Record<"src" | "dst", (Neg<string> | undefined)[]> = { src: [undefined], dst: [undefined] };
  let postParsed: ParseError | "done" | undefined;

  return {
    step(words, at) {
      argv = words;
      i = at;
      const raw = argv[i]!;
      if (raw === "!") {
        if (invert) return err("multiple consecutive ! not allowed");
        invert = true;
        return i;
      }
      const opt = flagFor(raw);
      if (!opt.startsWith("-") || opt === "-") return usageError(`Bad argument \`${raw}'`, prog, true);
      if (invert && !INVERTIBLE.has(opt)) return err(`cannot have ! before ${raw}`);
      const res = applyOption(opt, raw);
      if (res) return res;
      invert = false;
      return i;
    },
    pendingInvert: () => invert,
    postParse(late) {
      if (late) opts = { ...opts, ...late };
      return postParse();
    },
    finish(late) {
      if (late) opts = { ...opts, ...late };
      return finish();
    },
  };

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
        if (name === undefined) return err(`unknown protocol "${text}" specified`);
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
        else if (MODELLED_TARGETS.has(name)) rule.target = defaultTarget(name);
        else rule.target = { kind: "jump", chain: name };
        return undefined;
      }
      case "-c": {
        // xshared: `-c P,B` or `-c P B`, B only if the next word is not an option.
        const v = need(raw);
        if (!Array.isArray(v)) return v;
        const comma = v[0]!.indexOf(",", 1);
        const pcnt = comma < 0 ? v[0]! : v[0]!.slice(0, comma);
        let bcnt = comma < 0 ? undefined : v[0]!.slice(comma + 1);
        const nextWord = argv[i + 1];
        if (bcnt === undefined && nextWord !== undefined && !nextWord.startsWith("-") && !nextWord.startsWith("!"))
          bcnt = argv[++i]!;
        if (bcnt === undefined) return err("-c requires packet and byte counter");
        if (!/^\d/.test(pcnt)) return err("-c packet counter not numeric");
        if (!/^\d/.test(bcnt)) return err("-c byte counter not numeric");
        counters = { packets: parseInt(pcnt, 10), bytes: parseInt(bcnt, 10) };
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
    const owner = [...rule.matches].reverse().find((m) => matchOwns(m.module, opt));
    if (owner) return applyMatchOption(owner, opt, raw);
    // An option of the protocol's own match loads it, as `-p tcp --dport 80` does.
    // Even `! -p tcp` loads tcp for `--dport`, as iptables does.
    const p = rule.proto?.value;
    if ((p === "tcp" || p === "udp" || p === "icmp") && matchOwns(p, opt) && !findMatch(p)) {
      load(p, false);
      return applyMatchOption(findMatch(p)!, opt, raw);
    }
    return err(`unknown option "${raw}"`);
  }

  function applyMatchOption(m: Mutable<Match>, opt: string, raw: string): ParseError | undefined {
    const once = onlyOnce(m.module, opt, m);
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
      const once = onlyOnce(rule.target!.kind, opt, rule);
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

  /** After the option loop, in iptables' order: a dangling `!`, `must be specified`, nat's DROP, addresses. */
  function postParse(): ParseError | undefined {
    if (postParsed === undefined) postParsed = runPostParse() ?? "done";
    return postParsed === "done" ? undefined : postParsed;
  }

  function runPostParse(): ParseError | undefined {
    if (invert) return err("nothing appropriate following !");
    for (const m of rule.matches) {
      if (m.module === "comment" && m.comment === "") return err(`comment: option "--comment" must be specified\n`);
    }
    const t = rule.target;
    if (t?.kind === "DNAT" || t?.kind === "SNAT") {
      const text = t.kind === "DNAT" ? t.toDestination : t.toSource;
      if (text === "")
        return err(`${t.kind}: option "--to-${t.kind === "DNAT" ? "destination" : "source"}" must be specified\n`);
    }
    if (opts.table === "nat" && t?.kind === "DROP")
      return err(`\nThe "nat" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n`);
    for (const a of addresses) {
      const parsed: (Neg<string> | undefined)[] = [];
      for (const text of a.text.split(",")) {
        const cidr = parseAddress(text, opts.resolve);
        if (typeof cidr !== "string") return usageError(cidr.message, prog);
        parsed.push(cidr !== "0.0.0.0/0" || a.negated ? { value: cidr, negated: a.negated } : undefined);
      }
      lists[a.key] = parsed;
    }
    if ((lists.src.length > 1 || lists.dst.length > 1) && addresses.some((a) => a.negated))
      return err("! not allowed with multiple source or destination IP addresses");
    return undefined;
  }

  function finish(): ParseResult {
    const post = postParse();
    if (post) return post;
    // Then the chain's interface rule, and nft's protocol check when it builds the rule.
    const chain = opts.chain;
    if (rule.inIface && (chain === "OUTPUT" || chain === "POSTROUTING")) return err(`Can't use -i with ${chain}\n`);
    if (rule.outIface && (chain === "PREROUTING" || chain === "INPUT")) return err(`Can't use -o with ${chain}\n`);
    if (counters) rule.counters = counters;
    const merged = mergeNativePorts(rule.matches);
    const bad = merged.find(
      (m) => (m.module === "tcp" || m.module === "udp") && Object.keys(m).length > 1 && rule.proto?.value !== m.module,
    );
    if (bad) return err(`${bad.module.toUpperCase()} match requires '-p ${bad.module}'`);
    rule.matches = merged;
    const rules = lists.src.flatMap((src) => lists.dst.map((dst) => freeze({ ...rule, src, dst })));
    return { ok: true, rule: rules[0]!, rules };
  }
}

/** Drops the empty optional fields a draft may hold, so equal rules compare equal. */
