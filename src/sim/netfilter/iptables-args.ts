/**
 * iptables' command line, read in one pass as its getopt loop reads it: the
 * command and its chain/rule-number words, the modifiers (-t -n -v -x
 * --line-numbers -w), and the rule options handed to the rule parser as they
 * come, so that every error is the one iptables would meet first.
 */
import {
  createRuleParser,
  splitLongEquals,
  usageError,
  RULE_OPTION_ARITY,
  type ParseError,
  type ParseOptions,
  type RuleParser,
} from "./rule-parse.ts";
import { MODELLED_TARGETS } from "./rule-values.ts";

export type Cmd = "A" | "C" | "D" | "I" | "R" | "L" | "S" | "F" | "Z" | "N" | "X" | "P" | "E" | "h" | "V";

export const LONG_COMMANDS: Readonly<Record<string, Cmd>> = {
  "--append": "A", "--check": "C", "--delete": "D", "--insert": "I", "--replace": "R", "--list": "L",
  "--list-rules": "S", "--flush": "F", "--zero": "Z", "--new-chain": "N", "--delete-chain": "X",
  "--policy": "P", "--rename-chain": "E", "--help": "h", "--version": "V",
}; // prettier-ignore

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
  /** The rule options as given (for iptables' option/command check), already fed to `parser`. */
  ruleArgs: string[];
  parser: RuleParser;
}

export function isPositional(a: string | undefined): a is string {
  return a !== undefined && !a.startsWith("-") && a !== "!";
}

/** Splits `-nvL` into `-n -v -L` (getopt's clustered short options). */
/** Options outside the rule whose values getopt takes whatever they look like. */
const VALUE_ARITY: Readonly<Record<string, number>> = {
  "-t": 1, "--table": 1, "-A": 1, "--append": 1, "-C": 1, "--check": 1, "-D": 1, "--delete": 1, "-I": 1, "--insert": 1,
  "-R": 1, "--replace": 1, "-N": 1, "--new-chain": 1, "-P": 1, "--policy": 1, "-E": 1, "--rename-chain": 1,
}; // prettier-ignore

function unclusterArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (/^-[nvxLSZFXhV]{2,}$/.test(a)) out.push(...[...a.slice(1)].map((c) => "-" + c));
    else {
      out.push(a);
      // An option's value is never split, even if it looks like a cluster.
      const arity = RULE_OPTION_ARITY[a] ?? VALUE_ARITY[a] ?? 0;
      for (let k = 0; k < arity && i + 1 < argv.length; k++) out.push(argv[++i]!);
    }
  }
  return out;
}

/** The options iptables' set_option names by one letter (`--line-numbers` is `-0`). */
const MODIFIER_LETTER: Readonly<Record<string, string>> = {
  "-t": "t", "--table": "t", "-n": "n", "--numeric": "n", "-v": "v", "--verbose": "v",
  "-x": "x", "--exact": "x", "--line-numbers": "0",
}; // prettier-ignore

/** One pass over the words, as iptables' getopt loop: every error is reported where it is met. */
export function parseArgs(argv: readonly string[], ruleOpts: ParseOptions): Parsed | ParseError {
  const p: Parsed = {
    table: "filter",
    numeric: false,
    verbose: false,
    exact: false,
    lineNumbers: false,
    ruleArgs: [],
    parser: createRuleParser(ruleOpts),
  };
  const args = splitLongEquals(unclusterArgv(argv));
  const once = (flag: boolean, letter: string) =>
    flag ? usageError(`multiple -${letter} flags not allowed`) : undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const cmd: Cmd | undefined = LONG_COMMANDS[a] ?? (/^-[ACDIRLSFZNXPEhV]$/.test(a) ? (a[1] as Cmd) : undefined);
    if (cmd) {
      if (p.parser.pendingInvert()) return usageError("unexpected '!' flag");
      if (p.cmd && !((p.cmd === "L" && cmd === "Z") || (p.cmd === "Z" && cmd === "L")))
        return usageError(`Cannot use -${cmd} with -${p.cmd}`);
      if (p.cmd) {
        p.zeroToo = true;
        p.cmd = "L";
      } else p.cmd = cmd;
      const next = args[i + 1];
      const takesChain = cmd !== "h" && cmd !== "V";
      const required = ["A", "C", "D", "I", "R", "N", "P", "E"].includes(cmd);
      if (!takesChain) continue;
      if (required && next === undefined) return usageError(`option "${a}" requires an argument`);
      if (required || isPositional(next)) {
        if (p.chain !== undefined && cmd !== "L" && cmd !== "Z")
          return usageError(`Bad argument \`${next}'`, ruleOpts.prog, true);
        if (next !== undefined && (required || isPositional(next))) p.chain = next;
        i++;
        if (cmd === "N") {
          const bad = newChainNameError(next!);
          if (bad) return bad;
        }
      } else continue;
      const after = args[i + 1];
      if (cmd === "P" || cmd === "E") {
        if (!isPositional(after))
          return usageError(
            cmd === "P" ? "-P requires a chain and a policy" : "-E requires old-chain-name and new-chain-name",
          );
        p.arg2 = after;
        i++;
      } else if (["D", "I", "R", "L", "S", "Z"].includes(cmd) && isPositional(after)) {
        // The next plain word is a rule number (a rule spec starts with an option).
        if (!/^\d+$/.test(after) || Number(after) < 1) return usageError(`Invalid rule number \`${after}'`);
        p.num = Number(after);
        i++;
      } else if (cmd === "R") return usageError("-R requires a rule number");
      continue;
    }
    // set_option: a repeated -n/-x/--line-numbers is reported before a `!` in front of it.
    const letter = MODIFIER_LETTER[a];
    const repeated = (letter === "n" && p.numeric) || (letter === "x" && p.exact) || (letter === "0" && p.lineNumbers);
    if (letter && !repeated && p.parser.pendingInvert())
      return usageError(letter === "t" ? "unexpected ! flag before --table" : `cannot have ! before -${letter}`);
    switch (a) {
      case "-t":
      case "--table": {
        const t = args[++i];
        if (t === undefined) return usageError(`option "${a}" requires an argument`);
        p.table = t;
        continue;
      }
      case "-n":
      case "--numeric": {
        const e = once(p.numeric, "n");
        if (e) return e;
        p.numeric = true;
        continue;
      }
      case "-v":
      case "--verbose":
        p.verbose = true;
        continue;
      case "-x":
      case "--exact": {
        const e = once(p.exact, "x");
        if (e) return e;
        p.exact = true;
        continue;
      }
      case "--line-numbers": {
        const e = once(p.lineNumbers, "0");
        if (e) return e;
        p.lineNumbers = true;
        continue;
      }
      case "-w":
      case "--wait":
      case "-W":
      case "--wait-interval": {
        // An optional value: the next word, unless it is an option; it must be a number.
        const v = args[i + 1];
        if (!isPositional(v)) continue;
        if (!/^\d+$/.test(v))
          return usageError(
            a === "-W" || a === "--wait-interval" ? "wait interval not numeric" : "wait seconds not numeric",
          );
        i++;
        continue;
      }
    }
    // getopt stops at `--`; anything after it is left over.
    if (a === "--") {
      if (i + 1 < args.length) return usageError("unknown arguments found on commandline");
      break;
    }
    if (isPositional(a)) return usageError(`Bad argument \`${a}'`, ruleOpts.prog, true);
    const next = p.parser.step(args, i);
    if (typeof next !== "number") return next;
    p.ruleArgs.push(a);
    i = next;
  }
  return p;
}

/** iptables' generic_opt_check columns, in the order it reports them (`--line-numbers` is `-0`). */
const OPT_COLUMNS = ["n", "s", "d", "p", "j", "v", "x", "i", "o", "0", "c", "f"] as const;

const RULE_LETTER: Readonly<Record<string, string>> = {
  "-s": "s", "--source": "s", "--src": "s", "-d": "d", "--destination": "d", "--dst": "d", "-p": "p", "--protocol": "p",
  "-j": "j", "--jump": "j", "-g": "j", "--goto": "j", "-i": "i", "--in-interface": "i", "-o": "o", "--out-interface": "o",
  "-c": "c", "--set-counters": "c",
}; // prettier-ignore

/** The first option the command does not take, as `-L -s x` is refused. */
export function illegalOption(p: Parsed, ruleCmd: boolean): string | undefined {
  const used = new Set<string>();
  if (p.numeric) used.add("n");
  if (p.verbose) used.add("v");
  if (p.exact) used.add("x");
  if (p.lineNumbers) used.add("0");
  for (const a of p.ruleArgs) if (RULE_LETTER[a]) used.add(RULE_LETTER[a]);
  const allowed = new Set(["v"]);
  if (p.cmd === "L") ["n", "x", "0"].forEach((o) => allowed.add(o));
  if (ruleCmd) ["s", "d", "p", "j", "i", "o", "f"].forEach((o) => allowed.add(o));
  if (p.cmd === "A" || p.cmd === "I" || p.cmd === "R") allowed.add("c");
  const bad = OPT_COLUMNS.find((o) => used.has(o) && !allowed.has(o));
  return bad === undefined ? undefined : `-${bad}`;
}

/** -N checks its name as soon as it reads it, before any later option. */
export function newChainNameError(name: string): ParseError | undefined {
  if (name.startsWith("-") || name.startsWith("!"))
    return usageError(`chain name not allowed to start with \`${name[0]}'`);
  if (BUILTIN_TARGETS.has(name)) return usageError("chain name may not clash with target name");
  return undefined;
}
