/**
 * The rule half of iptables' do_parse, as iptables 1.8.9 runs it: -s -d -i -o
 * -p -j -g -m -c -f set the rule's own fields; `-m NAME` and `-j TARGET` load
 * an extension and merge its long options into the table getopt_long reads
 * (newest first, after the base options), so an option's prefix resolves only
 * against what is loaded; an option getopt does not know loads the protocol's
 * own match once (`-p tcp --dport`) and is read again (command_default).
 * Values are stored in the canonical form iptables-save prints back; failures
 * are values carrying iptables' own error text.
 */
import { protoName, protoNumber } from "./names.ts";
import { MATCHES, PLAIN_TARGETS, TARGETS, type ExtDef } from "./ext-defs.ts";
import { helpTarget, type HelpExtensions } from "./ext-help.ts";
import { finalMatch, initMatch, parseMatchOption, type ExtContext, type ExtInstance } from "./ext-parse.ts";
import { finalTarget, initTarget, parseTargetOption } from "./ext-parse-target.ts";
import { isSix } from "./icmp6.ts";
import { Getopt, GETOPT_DONE, GETOPT_MISSING, GETOPT_NONOPT, type LongOption } from "./getopt.ts";
import {
  IFNAMSIZ,
  byteLen,
  freeze,
  mergeNativePorts,
  parseAddress,
  parseAddress6,
  usageError,
  type Draft,
  type ParseError,
} from "./rule-values.ts";
import type { Match, Neg, Rule } from "./types.ts";

export {
  CT_STATE_ORDER,
  IPTABLES_VERSION,
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

const C = (c: string) => c.charCodeAt(0);
const lo = (name: string, hasArg: 0 | 1 | 2, c: string): LongOption => ({ name, hasArg, val: C(c) });

/** iptables-nft's original_opts (xtables.c), in its order: base options win every prefix tie. */
export const BASE_LONGOPTS: readonly LongOption[] = [
  lo("append", 1, "A"), lo("delete", 1, "D"), lo("check", 1, "C"), lo("insert", 1, "I"), lo("replace", 1, "R"),
  lo("list", 2, "L"), lo("list-rules", 2, "S"), lo("flush", 2, "F"), lo("zero", 2, "Z"), lo("new-chain", 1, "N"),
  lo("delete-chain", 2, "X"), lo("rename-chain", 1, "E"), lo("policy", 1, "P"), lo("source", 1, "s"),
  lo("destination", 1, "d"), lo("src", 1, "s"), lo("dst", 1, "d"), lo("protocol", 1, "p"), lo("in-interface", 1, "i"),
  lo("jump", 1, "j"), lo("table", 1, "t"), lo("match", 1, "m"), lo("numeric", 0, "n"), lo("out-interface", 1, "o"),
  lo("verbose", 0, "v"), lo("wait", 2, "w"), lo("wait-interval", 2, "W"), lo("exact", 0, "x"), lo("fragments", 0, "f"),
  lo("version", 0, "V"), lo("help", 2, "h"), lo("line-numbers", 0, "0"), lo("modprobe", 1, "M"),
  lo("set-counters", 1, "c"), lo("goto", 1, "g"), lo("ipv4", 0, "4"), lo("ipv6", 0, "6"),
]; // prettier-ignore

/** IPT_OPTSTRING (xshared.h). */
export const IPT_OPTSTRING = "-:A:C:D:E:F::I:L::M:N:P:VX::Z::c:d:i:j:o:p:s:t:R:S::W::46bfg:h::m:nvw::x";

/** XT_OPTION_OFFSET_SCALE: each merge gives an extension the next 256 option codes. */
const SCALE = 256;

/**
 * The rule options of one command line, fed as getopt returns them, so the CLI
 * can interleave its own and report every error where iptables meets it.
 */
export interface RuleParser {
  /** The long options getopt_long reads now (base options, then loaded extensions'). */
  longopts(): readonly LongOption[];
  /** One of -s -d -p -i -o -j -g -m -c -f with its value; `g` for -c's second word. */
  option(letter: string, optarg: string, invert: boolean, g: Getopt): ParseError | undefined;
  /** Any other code: an extension's option, or what getopt could not place (command_default). */
  fallback(code: number, invert: boolean, g: Getopt, argv: readonly string[]): "rerun" | ParseError | undefined;
  /** The rule letters given, for iptables' option/command check. */
  readonly used: ReadonlySet<string>;
  /** What the extensions printed to stderr on the way (and went on). */
  readonly warnings: string[];
  /** `-j NAME` as written (for the nat table's DROP check). */
  jumpto(): string | undefined;
  /** The extensions `-h` describes (xtables_printhelp): the loaded target, then each match instance. */
  helpExtensions(): HelpExtensions;
  /** The extensions' final checks, in order (xtables_option_mfcall, then tfcall). */
  finalChecks(): ParseError | undefined;
  /** Resolves -s/-d (post_parse); `table` may be given now. */
  postParse(late?: { table?: string }): ParseError | undefined;
  /** Everything after the option loop; `chain`/`table` may be given now if unknown before. */
  finish(late?: { chain?: string; table?: string }): ParseResult;
}

export function createRuleParser(initial: ParseOptions = {}): RuleParser {
  let opts = initial;
  const prog = opts.prog ?? "iptables";
  const err = (message: string) => usageError(message, prog);
  const rule: Draft = { matches: [], counters: { packets: 0, bytes: 0 } };
  const used = new Set<string>();
  const matches: ExtInstance[] = [];
  let target: ExtInstance | undefined;
  let jumpName: string | undefined;
  let table: readonly LongOption[] = BASE_LONGOPTS;
  let nextOffset = 0;
  let protoUsed = false;
  /** -p as written, lowercased (cs->protocol): `-p tcp -h` loads the match of that name. */
  let protoText: string | undefined;
  let viaGoto = false;
  let counters: { packets: number; bytes: number } | undefined;
  const addresses: { key: "src" | "dst"; text: string; negated: boolean }[] = [];
  const lists: Record<"src" | "dst", (Neg<string> | undefined)[]> = { src: [undefined], dst: [undefined] };
  let postParsed: ParseError | "done" | undefined;
  const warnings: string[] = [];

  const ctxFor = (g: Getopt | undefined, argv: readonly string[]): ExtContext => ({
    proto: rule.proto,
    prog,
    peek: () => (g && g.optind < argv.length ? argv[g.optind] : undefined),
    take: () => {
      if (g) g.optind++;
    },
    warn: (text) => warnings.push(text),
  });

  /** xtables_options_xfrm: the new extension's options right after the base ones. */
  const merge = (def: ExtDef): number => {
    nextOffset += SCALE;
    const mine = def.opts.map((x) => ({ name: x.name, hasArg: x.hasArg, val: nextOffset + x.id }));
    table = [...BASE_LONGOPTS, ...mine, ...table.slice(BASE_LONGOPTS.length)];
    return nextOffset;
  };

  const loadMatch = (name: string): ExtInstance => {
    const def = MATCHES[name]!;
    for (const m of matches) if (m.def.name === name) m.completed = true;
    // A second instance of a match is a clone: its options are not merged again.
    const earlier = matches.find((m) => m.def.name === name);
    const offset = earlier ? earlier.offset : merge(def);
    const inst: ExtInstance = { def, offset, xflags: 0, completed: false, data: initMatch(name) };
    matches.push(inst);
    rule.matches.push(inst.data as Draft["matches"][number]);
    return inst;
  };

  const setOnce = (letter: string, invert: boolean): ParseError | undefined => {
    if (used.has(letter)) return err(`multiple -${letter === "g" ? "j" : letter} flags not allowed`);
    used.add(letter === "g" ? "j" : letter);
    if (invert && !"sdpiof".includes(letter)) return err(`cannot have ! before -${letter === "g" ? "j" : letter}`);
    return undefined;
  };

  return {
    longopts: () => table,
    used,
    warnings,
    jumpto: () => jumpName,
    helpExtensions() {
      const six = isSix(prog);
      // do_parse's `-h`: with no match loaded, the protocol's own match (if one by that name loads).
      const proto = protoText === "icmpv6" || protoText === "ipv6-icmp" ? "icmp6" : (protoText ?? "");
      const own = matches.length === 0 && Object.hasOwn(MATCHES, proto) && forFamily(proto, six);
      const loaded = viaGoto
        ? undefined
        : (target?.def.name ?? (PLAIN_TARGETS.has(jumpName ?? "") ? jumpName : undefined));
      return { target: helpTarget(loaded), matches: own ? [proto] : matches.map((m) => m.def.name), six };
    },
    option(letter, optarg, invert, g) {
      switch (letter) {
        case "s":
        case "d": {
          const e = setOnce(letter, invert);
          if (e) return e;
          addresses.push({ key: letter === "s" ? "src" : "dst", text: optarg, negated: invert });
          return undefined;
        }
        case "i":
        case "o": {
          if (optarg === "") return err("Empty interface is likely to be undesired");
          const e = setOnce(letter, invert);
          if (e) return e;
          if (optarg.length >= IFNAMSIZ) return err(`interface name \`${optarg}' must be shorter than IFNAMSIZ (15)`);
          rule[letter === "i" ? "inIface" : "outIface"] = { value: optarg, negated: invert };
          return undefined;
        }
        case "p": {
          const e = setOnce("p", invert);
          if (e) return e;
          const text = optarg.toLowerCase();
          protoText = text;
          let name: string | undefined;
          if (text === "all" || text === "0") name = "all";
          // libxtables' own protocol list adds `icmpv6` to /etc/protocols' `ipv6-icmp`.
          else if (text === "icmpv6") name = "ipv6-icmp";
          else if (/^\d+$/.test(text)) name = Number(text) <= 255 ? (protoName(Number(text)) ?? text) : undefined;
          else name = protoNumber(text) !== undefined ? text : undefined;
          if (name === undefined) return err(`unknown protocol "${text}" specified`);
          if (name === "all" && invert) return err("rule would never match protocol");
          if (name !== "all") rule.proto = { value: name, negated: invert };
          return undefined;
        }
        case "m": {
          if (invert) return err("unexpected ! flag before --match");
          if (!Object.hasOwn(MATCHES, optarg) || !forFamily(optarg, isSix(prog)))
            return err(`Couldn't load match \`${optarg}':No such file or directory\n`);
          loadMatch(optarg);
          return undefined;
        }
        case "j":
        case "g": {
          const e = setOnce(letter, invert);
          if (e) return e;
          if (optarg.length < 1) return err("Invalid target name (too short)");
          if (byteLen(optarg) >= 29) return err(`Invalid target name \`${optarg}' (28 chars max)`);
          if (/[ \t\n\v\f\r]/.test(optarg)) return err(`Invalid target name \`${optarg}'`);
          jumpName = optarg;
          viaGoto = letter === "g";
          if (letter === "g") {
            rule.target = { kind: "jump", chain: optarg, goto: true };
            return undefined;
          }
          if (Object.hasOwn(TARGETS, optarg) && forFamily(optarg, isSix(prog))) {
            const def = TARGETS[optarg]!;
            target = { def, offset: merge(def), xflags: 0, completed: false, data: initTarget(optarg, prog) };
            rule.target = target.data as Rule["target"];
          } else if (PLAIN_TARGETS.has(optarg)) rule.target = initTarget(optarg, prog) as Rule["target"];
          else rule.target = { kind: "jump", chain: optarg };
          return undefined;
        }
        case "c": {
          const e = setOnce("c", invert);
          if (e) return e;
          // xshared: `-c P,B` or `-c P B`, B only if the next word is not an option.
          const comma = optarg.indexOf(",", 1);
          const pcnt = comma < 0 ? optarg : optarg.slice(0, comma);
          let bcnt = comma < 0 ? undefined : optarg.slice(comma + 1);
          const argv = g.argv;
          const nextWord = argv[g.optind];
          if (bcnt === undefined && nextWord !== undefined && !nextWord.startsWith("-") && !nextWord.startsWith("!")) {
            bcnt = nextWord;
            g.optind++;
          }
          if (bcnt === undefined) return err("-c requires packet and byte counter");
          if (!/^\s*\d/.test(pcnt)) return err("-c packet counter not numeric");
          if (!/^\s*\d/.test(bcnt)) return err("-c byte counter not numeric");
          counters = { packets: parseInt(pcnt, 10), bytes: parseInt(bcnt, 10) };
          return undefined;
        }
        case "f": {
          if (isSix(prog)) return err("`-f' is not supported in IPv6, use -m frag instead");
          const e = setOnce("f", invert);
          if (e) return e;
          rule.fragment = { value: true, negated: invert };
          return undefined;
        }
      }
      return undefined;
    },
    fallback(code, invert, g, argv) {
      const ctx = ctxFor(g, argv);
      if (target && code >= target.offset && code < target.offset + SCALE)
        return parseTargetOption(target, code - target.offset, g.optarg ?? "", invert, ctx);
      for (const m of matches) {
        if (m.completed || code < m.offset || code >= m.offset + SCALE) continue;
        return parseMatchOption(m, code - m.offset, g.optarg ?? "", invert, ctx);
      }
      // load_proto: the protocol's own match, once, then getopt reads the word again.
      const p = protoMatch(rule.proto?.value, isSix(prog));
      if (p !== undefined && !protoUsed) {
        protoUsed = true;
        loadMatch(p);
        g.optind--;
        return "rerun";
      }
      if (code === GETOPT_MISSING) return err(`option "${argv[g.optind - 1]}" requires an argument`);
      if (code !== GETOPT_DONE) return err(`unknown option "${argv[g.optind - 1]}"`);
      return undefined;
    },
    finalChecks() {
      for (const m of matches) {
        const e = finalMatch(m, ctxFor(undefined, []));
        if (e) return e;
      }
      return target ? finalTarget(target, ctxFor(undefined, [])) : undefined;
    },
    postParse(late) {
      if (late) opts = { ...opts, ...late };
      if (postParsed === undefined) postParsed = runPostParse() ?? "done";
      return postParsed === "done" ? undefined : postParsed;
    },
    finish(late) {
      if (late) opts = { ...opts, ...late };
      return finish();
    },
  };

  function runPostParse(): ParseError | undefined {
    for (const a of addresses) {
      const parsed: (Neg<string> | undefined)[] = [];
      for (const text of a.text.split(",")) {
        const six = isSix(prog);
        const cidr = six ? parseAddress6(text) : parseAddress(text, opts.resolve);
        if (typeof cidr !== "string") return usageError(cidr.message, prog);
        const any = six ? "::/0" : "0.0.0.0/0";
        parsed.push(cidr !== any || a.negated ? { value: cidr, negated: a.negated } : undefined);
      }
      lists[a.key] = parsed;
    }
    if ((lists.src.length > 1 || lists.dst.length > 1) && addresses.some((a) => a.negated))
      return err("! not allowed with multiple source or destination IP addresses");
    return undefined;
  }

  function finish(): ParseResult {
    if (postParsed === undefined) {
      const post = runPostParse();
      postParsed = post ?? "done";
    }
    if (postParsed !== "done") return postParsed;
    const chain = opts.chain;
    if (rule.inIface && (chain === "OUTPUT" || chain === "POSTROUTING")) return err(`Can't use -i with ${chain}\n`);
    if (rule.outIface && (chain === "PREROUTING" || chain === "INPUT")) return err(`Can't use -o with ${chain}\n`);
    if (counters) rule.counters = counters;
    const kept = rule.matches.filter((m) => !(m as { dropped?: boolean }).dropped);
    const merged = mergeNativePorts(kept);
    const bad = merged.find(
      (m) => (m.module === "tcp" || m.module === "udp") && Object.keys(m).length > 1 && rule.proto?.value !== m.module,
    );
    if (bad) return err(`${bad.module.toUpperCase()} match requires '-p ${bad.module}'`);
    rule.matches = merged;
    const rules = lists.src.flatMap((src) => lists.dst.map((dst) => freeze({ ...rule, src, dst })));
    return { ok: true, rule: rules[0]!, rules };
  }
}

/** The match a protocol loads for its own options (load_proto): icmp is IPv4's, icmp6 IPv6's. */
function protoMatch(proto: string | undefined, six: boolean): string | undefined {
  if (proto === "tcp" || proto === "udp") return proto;
  if (proto === "icmp" && !six) return "icmp";
  if (proto === "ipv6-icmp" && six) return "icmp6";
  return undefined;
}

/** Whether a match exists for this family (libxt_icmp is NFPROTO_IPV4, libip6t_icmp6 NFPROTO_IPV6). */
function forFamily(match: string, six: boolean): boolean {
  // libipt_ttl and libipt_TTL are IPv4's (ip6tables has hl and HL).
  return match === "icmp" || match === "ttl" || match === "TTL" ? !six : match === "icmp6" ? six : true;
}

/**
 * A rule specification alone (`-s 1.2.3.4 -p tcp --dport 80 -j ACCEPT`), read
 * with the same getopt loop as a whole command line: for tests and callers that
 * hold the words of one rule.
 */
export function parseRuleSpec(argv: readonly string[], opts: ParseOptions = {}): ParseResult {
  const parser = createRuleParser(opts);
  const words = ["iptables", ...argv];
  const g = new Getopt(words, IPT_OPTSTRING);
  let invert = false;
  for (;;) {
    const c = g.next(parser.longopts());
    if (c === GETOPT_DONE) break;
    if (c === GETOPT_NONOPT) {
      if (g.optarg === "!" && !invert) {
        invert = true;
        continue;
      }
      if (g.optarg === "!") return usageError("multiple consecutive ! not allowed", opts.prog);
      return usageError(`Bad argument \`${g.optarg}'`, opts.prog, true);
    }
    const letter = String.fromCharCode(c);
    const e = "sdpiojgmcf".includes(letter)
      ? parser.option(letter, g.optarg ?? "", invert, g)
      : parser.fallback(c, invert, g, words);
    if (e === "rerun") continue;
    if (e) return e;
    invert = false;
  }
  if (opts.table === "nat" && parser.jumpto() === "DROP")
    return usageError(
      `\nThe "nat" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n`,
      opts.prog,
    );
  const f = parser.finalChecks();
  if (f) return f;
  if (invert) return usageError("nothing appropriate following !", opts.prog);
  const post = parser.postParse();
  if (post) return post;
  return parser.finish();
}

export type { Match };
