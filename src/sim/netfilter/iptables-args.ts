/**
 * iptables' command line, read in one pass as its getopt loop reads it: the
 * command and its chain/rule-number words, the modifiers (-t -n -v -x
 * --line-numbers -w), and the rule options handed to the rule parser as they
 * come, so that every error is the one iptables would meet first.
 */
import { Getopt, GETOPT_DONE, GETOPT_NONOPT } from "./getopt.ts";
import {
  createRuleParser,
  IPT_OPTSTRING,
  usageError,
  type ParseError,
  type ParseOptions,
  type RuleParser,
} from "./rule-parse.ts";
import { MODELLED_TARGETS, byteLen } from "./rule-values.ts";
export { byteLen };
import { strtoul } from "./ext-values.ts";

export type Cmd = "A" | "C" | "D" | "I" | "R" | "L" | "S" | "F" | "Z" | "N" | "X" | "P" | "E" | "h" | "V";

export const RULE_COMMANDS = new Set<Cmd>(["A", "C", "D", "I", "R"]);

/** Names iptables reserves (no chain may take one; a jump to one is no chain reference): the modelled targets and QUEUE. */
export const BUILTIN_TARGETS: ReadonlySet<string> = new Set([...MODELLED_TARGETS, "QUEUE"]);

export interface Parsed {
  cmd?: Cmd;
  /** Second command allowed only as `-L -Z`. */
  zeroToo?: boolean;
  table: string;
  chain?: string;
  /** -E's new name, -P's policy. */
  arg2?: string;
  num?: number;
  numeric: boolean;
  verbose: boolean;
  exact: boolean;
  lineNumbers: boolean;
  /** Unused; kept for callers that read it. */
  ruleArgs: string[];
  parser: RuleParser;
  /** The options set_option recorded (n s d p j v x i o 0 c f). */
  options?: ReadonlySet<string>;
  /** The command bits (CMD_*), as generic_opt_check reads them. */
  command?: number;
}

/** Every target extension Debian's iptables 1.8.9 can load: no chain may take one of these names. */
const XT_TARGET_NAMES = [
  "AUDIT", "CHECKSUM", "CLASSIFY", "CLUSTERIP", "CONNMARK", "CONNSECMARK", "CT", "DNAT", "DSCP", "ECN", "HMARK",
  "IDLETIMER", "LED", "LOG", "MARK", "MASQUERADE", "NETMAP", "NFLOG", "NFQUEUE", "NOTRACK", "RATEEST", "REDIRECT",
  "REJECT", "SECMARK", "SET", "SNAT", "SYNPROXY", "TCPMSS", "TCPOPTSTRIP", "TEE", "TOS", "TPROXY", "TRACE", "TTL", "ULOG",
]; // prettier-ignore
/** `""` is the standard target's own name to xtables_find_target. */
const RESERVED_NAMES: ReadonlySet<string> = new Set([...BUILTIN_TARGETS, ...XT_TARGET_NAMES, ""]);

/** The command bits of xshared.h (CMD_*), in the order cmd2char names them. */
const CMD_BITS = ["I", "D", "Dn", "R", "A", "L", "F", "Z", "N", "X", "P", "E", "S", "Zn", "C"] as const;
type CmdBit = (typeof CMD_BITS)[number];
const bit = (c: CmdBit) => 1 << CMD_BITS.indexOf(c);
const cmdChar = (mask: number) => {
  let i = 0;
  for (let m = mask; m > 1; m >>>= 1) i++;
  return CMD_BITS[i]![0]!;
};

/** The options set_option records, in optflags' order (`0` is --line-numbers). */
const OPT_ORDER = ["n", "s", "d", "p", "j", "v", "x", "i", "o", "0", "c", "f"] as const;

/**
 * iptables' do_parse: getopt_long over the whole line with the option table the
 * rule parser grows, every check in the order iptables makes it. `restore`: a
 * line of iptables-restore (which put `-t TABLE` first itself).
 */
export function parseArgs(argv: readonly string[], ruleOpts: ParseOptions, restore = false): Parsed | ParseError {
  const parser = createRuleParser(ruleOpts);
  const r = doParse(argv, ruleOpts, restore, parser);
  // What the parse printed on the way (deprecation notes, an extension's warning) comes first.
  const warned = parser.warnings.join("");
  return "ok" in r && warned ? { ...r, stderr: warned + r.stderr } : r;
}

function doParse(
  argv: readonly string[],
  ruleOpts: ParseOptions,
  restore: boolean,
  parser: RuleParser,
): Parsed | ParseError {
  const prog = ruleOpts.prog ?? "iptables";
  const err = (m: string) => usageError(m, prog);
  const p: Parsed = {
    table: "filter",
    numeric: false,
    verbose: false,
    exact: false,
    lineNumbers: false,
    ruleArgs: [],
    parser,
  };
  const words = [prog, ...argv];
  const g = new Getopt(words, IPT_OPTSTRING);
  let command = 0;
  let invert = false;
  let tableSet = false;
  let policy: string | undefined;
  let waitSet = false;
  let waitIntervalSet = false;
  const options = new Set<string>();
  const hasArg = () =>
    g.optind < words.length && !words[g.optind]!.startsWith("-") && !words[g.optind]!.startsWith("!");
  const addCommand = (c: CmdBit, others = 0): ParseError | undefined => {
    if (invert) return err("unexpected '!' flag");
    if (command & ~others) return err(`Cannot use -${c[0]} with -${cmdChar(command & ~others)}`);
    command |= bit(c);
    return undefined;
  };
  const setOption = (o: string): ParseError | undefined => {
    if (options.has(o)) return err(`multiple -${o} flags not allowed`);
    options.add(o);
    if (invert) return err(`cannot have ! before -${o}`);
    return undefined;
  };
  const ruleNumber = (text: string): number | ParseError => {
    const n = strtoul(text, 1, 0x7fffffff);
    return n !== undefined ? n : err(`Invalid rule number \`${text}'`);
  };
  for (;;) {
    const c = g.next(parser.longopts());
    if (c === GETOPT_DONE) break;
    const optarg = g.optarg;
    const ch = String.fromCharCode(c);
    let e: ParseError | undefined;
    switch (c === GETOPT_NONOPT ? "\u0001" : ch) {
      case "A":
      case "C":
      case "N":
        if (ch === "N") {
          const bad = newChainNameError(optarg!);
          if (bad) return bad;
        }
        e = addCommand(ch as CmdBit);
        p.chain = optarg;
        break;
      case "D":
      case "R":
      case "I":
        e = addCommand(ch as CmdBit);
        if (e) return e;
        p.chain = optarg;
        if (hasArg()) {
          const n = ruleNumber(words[g.optind++]!);
          if (typeof n !== "number") return n;
          p.num = n;
          if (ch === "D") command = bit("Dn");
        } else if (ch === "R") return err("-R requires a rule number");
        break;
      case "L":
      case "S":
      case "F":
      case "Z":
      case "X":
        e = addCommand(
          ch as CmdBit,
          ch === "L" || ch === "S" ? bit("Z") | bit("Zn") : ch === "Z" ? bit("L") | bit("S") : 0,
        );
        if (e) return e;
        if (optarg !== undefined) p.chain = optarg;
        else if (hasArg()) p.chain = words[g.optind++];
        if ((ch === "L" || ch === "S" || ch === "Z") && hasArg()) {
          const n = ruleNumber(words[g.optind++]!);
          if (typeof n !== "number") return n;
          p.num = n;
          if (ch === "Z") command = bit("Zn");
        }
        break;
      case "E":
      case "P":
        e = addCommand(ch as CmdBit);
        if (e) return e;
        p.chain = optarg;
        if (!hasArg())
          return err(ch === "P" ? "-P requires a chain and a policy" : "-E requires old-chain-name and new-chain-name");
        p.arg2 = words[g.optind++];
        if (ch === "P") policy = p.arg2;
        break;
      case "h":
        p.cmd = "h";
        return p;
      case "V":
        p.cmd = "V";
        if (invert) p.arg2 = "not";
        return p;
      case "s":
      case "d":
      case "p":
      case "j":
      case "g":
      case "i":
      case "o":
      case "c":
      case "f":
      case "m":
        // -s -d -p -i -o -j read argv[optind - 1], not optarg: `-ptcp` is the protocol "-ptcp".
        e = parser.option(ch, "sdpioj".includes(ch) ? words[g.optind - 1]! : (optarg ?? ""), invert, g);
        if (!e && ch !== "m") options.add(ch === "g" ? "j" : ch);
        break;
      case "v":
        if (!p.verbose) e = setOption("v");
        p.verbose = true;
        break;
      case "n":
      case "x":
      case "0":
        e = setOption(ch);
        if (ch === "n") p.numeric = true;
        else if (ch === "x") p.exact = true;
        else p.lineNumbers = true;
        break;
      case "t":
        if (invert) return err("unexpected ! flag before --table");
        if (restore && tableSet) return err(`The -t option cannot be used in ${prog}.\n`);
        p.table = optarg!;
        tableSet = true;
        break;
      case "w":
      case "W": {
        if (restore) return err(`You cannot use \`-${ch}' from iptables-restore`);
        const v = optarg ?? (hasArg() ? words[g.optind++] : undefined);
        if (ch === "W") {
          if (v === undefined) return err("wait interval value required");
          if (!/^\s*\+?\d/.test(v)) return err("wait interval not numeric");
          if (Number.parseInt(v, 10) > 999999) return err(`too long usec wait ${Number.parseInt(v, 10)} > 999999 usec`);
          waitIntervalSet = true;
          parser.warnings.push("Ignoring deprecated --wait-interval option.\n");
        } else {
          if (v !== undefined && !/^\s*[-+]?\d/.test(v)) return err("wait seconds not numeric");
          waitSet = true;
        }
        break;
      }
      case "M":
        break;
      case "4":
        break;
      case "6":
        return {
          ok: false,
          message: "",
          bare: true,
          stderr: `Try \`${prog} -h' or '${prog} --help' for more information.\n`,
          exitCode: 2,
        };
      case "\u0001":
        if (optarg === "!") {
          if (invert) return err("multiple consecutive ! not allowed");
          invert = true;
          continue;
        }
        return usageError(`Bad argument \`${optarg}'`, prog, true);
      default: {
        const r = parser.fallback(c, invert, g, words);
        if (r === "rerun") continue;
        e = r;
      }
    }
    if (e) return e;
    invert = false;
  }
  if (p.table === "nat" && (policy === "DROP" || parser.jumpto() === "DROP"))
    return err(`\nThe "nat" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n`);
  if (!waitSet && waitIntervalSet) return err("--wait-interval only makes sense with --wait\n");
  const fin = parser.finalChecks();
  if (fin) return fin;
  if (g.optind < words.length) return err("unknown arguments found on commandline");
  if (!command) return err("no command specified");
  if (invert) return err("nothing appropriate following !");
  const post = parser.postParse({ table: p.table });
  if (post) return post;
  p.cmd = commandOf(command);
  if (command & bit("Z") && command & (bit("L") | bit("S"))) p.zeroToo = true;
  p.options = options;
  p.command = command;
  const ill = genericOptCheck(command, options);
  if (ill) return err(ill);
  if (p.chain !== undefined && byteLen(p.chain) >= 29)
    return err(`chain name \`${p.chain}' too long (must be under 29 chars)`);
  return p;
}

function commandOf(command: number): Cmd {
  if (command & bit("L")) return "L";
  if (command & bit("S")) return "S";
  if (command & bit("Dn")) return "D";
  if (command & bit("Zn")) return "Z";
  for (const c of CMD_BITS) if (command & bit(c)) return c[0] as Cmd;
  return "L";
}

/** commands_v_options (xshared.c): per command, which options are illegal ('x'). */
const ILLEGAL: Readonly<Record<CmdBit, string>> = {
  I: "x     x  x  ",
  D: "x     x  xx ",
  Dn: "xxxxx xxxxxx",
  R: "x     x  x  ",
  A: "x     x  x  ",
  L: " xxxx  xx xx",
  F: "xxxxx xxxxxx",
  Z: "xxxxx xxxxxx",
  N: "xxxxx xxxxxx",
  X: "xxxxx xxxxxx",
  P: "xxxxx xxxx x",
  E: "xxxxx xxxxxx",
  S: "xxxxx xxxxxx",
  Zn: "xxxxx xxxxxx",
  C: "x     x  xx ",
};

/** generic_opt_check: an option is legal if any given command allows it. */
function genericOptCheck(command: number, options: ReadonlySet<string>): string | undefined {
  for (let i = 0; i < OPT_ORDER.length; i++) {
    const o = OPT_ORDER[i]!;
    if (!options.has(o)) continue;
    let legal = 0;
    for (const c of CMD_BITS) {
      if (!(command & bit(c))) continue;
      if (ILLEGAL[c][i] !== "x") legal = 1;
      else if (legal === 0) legal = -1;
    }
    if (legal === -1) return `Illegal option \`-${o}' with this command`;
  }
  return undefined;
}

/** -N checks its name as soon as it reads it, before any later option. */
export function newChainNameError(name: string, prog = "iptables"): ParseError | undefined {
  if (byteLen(name) >= 29) return usageError(`chain name \`${name}' too long (must be under 29 chars)`, prog);
  if (name.startsWith("-") || name.startsWith("!"))
    return usageError(`chain name not allowed to start with \`${name[0]}'`, prog);
  if (RESERVED_NAMES.has(name)) return usageError("chain name may not clash with target name", prog);
  if (/[ \t\n\v\f\r]/.test(name)) return usageError(`Invalid chain name \`${name}'`, prog);
  return undefined;
}
