/**
 * The whole `iptables` command line as a pure function over one namespace's
 * tables: `runIptables(nf, argv)` (argv without the program name) returns the
 * new tables and what iptables 1.8.9 (nf_tables) prints. The shell command and
 * the Docker engine (which shells out to iptables, as dockerd does) share it.
 */
import { IPTABLES_HELP } from "./iptables-help.ts";
import { createNetfilter } from "./state.ts";
import { listChains, listRules } from "./iptables-list.ts";
import { formatRuleEcho, type ListFormat } from "./rule-format.ts";
import {
  IPTABLES_VERSION,
  RULE_OPTION_ARITY,
  createRuleParser,
  splitLongEquals,
  usageError,
  type ParseError,
  type ParseOptions,
  type RuleParser,
} from "./rule-parse.ts";
import {
  appendRule,
  deleteChain,
  deleteRule,
  deleteRuleNum,
  findChain,
  findRuleIndex,
  flushChain,
  insertRule,
  newChain,
  notCreated,
  replaceRule,
  setPolicy,
  touchTable,
  zeroCounters,
  type OpError,
  type OpResult,
} from "./table-ops.ts";
import type { NetfilterState, Rule, TableName } from "./types.ts";

export interface IptablesResult {
  readonly nf: NetfilterState;
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export interface IptablesOptions {
  /** Resolves host names given to -s/-d (the lab's DNS). */
  readonly resolve?: (name: string) => string | undefined;
  /** iptables-restore: a jump to a missing chain is checked at COMMIT, not at the rule. */
  readonly deferJumpCheck?: boolean;
  /** Program name in usage errors (`iptables-restore`). */
  readonly prog?: string;
}

const TABLES: readonly string[] = ["raw", "mangle", "nat", "filter"];
type Cmd = "A" | "C" | "D" | "I" | "R" | "L" | "S" | "F" | "Z" | "N" | "X" | "P" | "E" | "h" | "V";
const LONG_COMMANDS: Readonly<Record<string, Cmd>> = {
  "--append": "A", "--check": "C", "--delete": "D", "--insert": "I", "--replace": "R", "--list": "L",
  "--list-rules": "S", "--flush": "F", "--zero": "Z", "--new-chain": "N", "--delete-chain": "X",
  "--policy": "P", "--rename-chain": "E", "--help": "h", "--version": "V",
}; // prettier-ignore
export const NAT_DROP = `\nThe "nat" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n`;
const RULE_COMMANDS = new Set<Cmd>(["A", "C", "D", "I", "R"]);
const BUILTIN_TARGETS = ["ACCEPT", "DROP", "RETURN", "REJECT", "LOG", "DNAT", "SNAT", "MASQUERADE", "TRACE", "QUEUE"];

interface Parsed {
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

function isPositional(a: string | undefined): a is string {
  return a !== undefined && !a.startsWith("-") && a !== "!";
}

/** Splits `-nvL` into `-n -v -L` (getopt's clustered short options). */
function unclusterArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (/^-[nvxLSZFXhV]{2,}$/.test(a)) out.push(...[...a.slice(1)].map((c) => "-" + c));
    else {
      out.push(a);
      // A rule option's value is never split, even if it looks like a cluster.
      const arity = RULE_OPTION_ARITY[a] ?? 0;
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
function parseArgs(argv: readonly string[], ruleOpts: ParseOptions): Parsed | ParseError {
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
    const letter = MODIFIER_LETTER[a];
    if (letter && p.parser.pendingInvert())
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
function illegalOption(p: Parsed, ruleCmd: boolean): string | undefined {
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

/** One operation per expanded rule, as one batch: the first failure undoes them all. */
function each(nf: NetfilterState, rules: readonly Rule[], op: (nf: NetfilterState, r: Rule) => OpResult): OpResult {
  let acc = nf;
  for (const r of rules) {
    const res = op(acc, r);
    if (!res.ok) return res;
    acc = res.nf;
  }
  return { ok: true, nf: acc };
}

function opFailure(nf: NetfilterState, e: OpError): IptablesResult {
  const stderr = e.kind === "errno" ? `iptables: ${e.message}\n` : `iptables ${IPTABLES_VERSION}: ${e.message}\n`;
  return { nf, stdout: "", stderr, exitCode: e.exitCode };
}

export function runIptables(nf: NetfilterState, argv: readonly string[], opts: IptablesOptions = {}): IptablesResult {
  const parsed = parseArgs(argv, { prog: opts.prog ?? "iptables", ...(opts.resolve ? { resolve: opts.resolve } : {}) });
  const fail = (e: ParseError): IptablesResult => ({ nf, stdout: "", stderr: e.stderr, exitCode: e.exitCode });
  if ("ok" in parsed) return fail(parsed);
  const p = parsed;
  if (p.cmd === "h") return { nf, stdout: IPTABLES_HELP, stderr: "", exitCode: 0 };
  if (p.cmd === "V") return { nf, stdout: `iptables ${IPTABLES_VERSION}\n`, stderr: "", exitCode: 0 };
  if (!p.cmd) return fail(usageError("no command specified"));
  if (p.chain !== undefined && p.chain.length > 28 && p.cmd !== "E")
    return fail(usageError(`chain name \`${p.chain}' too long (must be under 29 chars)`));
  // SELinux's security table: the lab has no labels, so it is always empty. Listing it
  // works as on the host (filter's chain names); writing to it is not modelled.
  if (p.table === "security" && (p.cmd === "L" || p.cmd === "S") && !p.zeroToo && p.ruleArgs.length === 0) {
    const empty = createNetfilter();
    const listed =
      p.cmd === "L"
        ? listChains(empty, "filter", p.chain, p.num, {
            numeric: p.numeric,
            verbose: p.verbose,
            exact: p.exact,
            lineNumbers: p.lineNumbers,
          })
        : listRules(empty, "filter", p.chain, p.num, p.verbose);
    return typeof listed === "string" ? { nf, stdout: listed, stderr: "", exitCode: 0 } : { ...listed, nf };
  }
  const table = p.table as TableName;
  const chain = p.chain;
  const ruleCmd = RULE_COMMANDS.has(p.cmd) && !(p.cmd === "D" && p.num !== undefined);
  const post = p.parser.postParse({ table });
  if (post) return fail(post);
  const illegal = illegalOption(p, ruleCmd);
  if (illegal) return fail(usageError(`Illegal option \`${illegal}' with this command`));
  if (!ruleCmd && p.ruleArgs.length > 0) {
    const first = p.ruleArgs.find((a) => a !== "!") ?? "!";
    if (!first.startsWith("-")) return fail(usageError(`Bad argument \`${first}'`, "iptables", true));
    return fail(usageError(`Illegal option \`${first}' with this command`));
  }
  // The table is looked up only when the command runs, after every check on the words.
  if (!TABLES.includes(p.table)) {
    return {
      nf,
      stdout: "",
      stderr: `iptables ${IPTABLES_VERSION}: table '${p.table}' does not exist\nPerhaps iptables or your kernel needs to be upgraded.\n`,
      exitCode: 3,
    };
  }

  let rule: Rule | undefined;
  let rules: readonly Rule[] = [];
  if (ruleCmd) {
    const r = p.parser.finish({ ...(chain !== undefined ? { chain } : {}), table });
    if (!r.ok) return fail(r);
    rule = r.rule;
    rules = r.rules;
    const t = rule.target;
    if (!opts.deferJumpCheck && t?.kind === "jump" && !jumpable(nf, table, t.chain))
      return fail(usageError(`Chain '${t.chain}' does not exist`));
  }

  const fmt: ListFormat = { numeric: p.numeric, verbose: p.verbose, exact: p.exact, lineNumbers: p.lineNumbers };
  const done = (r: OpResult, stdout = "", touch = false, keepOnFailure = true): IptablesResult =>
    r.ok
      ? { nf: touch ? touchTable(r.nf, table) : r.nf, stdout, stderr: "", exitCode: 0 }
      : { ...opFailure(nf, r), stdout: keepOnFailure ? stdout : "" };
  const c = chain!;
  // -v echoes each rule before the kernel sees it, so the echo stays when the change fails.
  const echo = p.verbose && ruleCmd ? rules.map(formatRuleEcho).join("") : "";
  switch (p.cmd) {
    case "A":
      return done(
        each(nf, rules, (acc, r) => appendRule(acc, table, c, r)),
        echo,
        true,
      );
    case "I":
      return done(
        each(nf, rules, (acc, r) => insertRule(acc, table, c, r, p.num ?? 1)),
        echo,
        true,
      );
    case "R":
      if (rules.length > 1) return fail(usageError("Replacement rule does not specify a unique address"));
      return done(replaceRule(nf, table, c, p.num!, rule!), echo, true);
    case "D":
      if (p.num !== undefined) return done(deleteRuleNum(nf, table, c, p.num));
      // -D and -C echo a rule only once they have found it.
      return done(
        each(nf, rules, (acc, r) => deleteRule(acc, table, c, r)),
        echo,
        false,
        false,
      );
    case "C": {
      for (const r of rules) {
        const i = findRuleIndex(nf, table, c, r);
        if (typeof i !== "number") return opFailure(nf, i);
      }
      return { nf, stdout: echo, stderr: "", exitCode: 0 };
    }
    case "N":
      return newChainCmd(nf, table, c);
    case "X": {
      const names = chain ? [chain] : nf[table].chains.filter((x) => !x.policy).map((x) => x.name);
      const out = p.verbose ? names.map((n) => `Deleting chain \`${n}'\n`).join("") : "";
      return done(deleteChain(nf, table, chain), out);
    }
    case "F": {
      const names = chain ? [chain] : nf[table].chains.map((x) => x.name);
      const out = p.verbose ? names.map((n) => `Flushing chain \`${n}'\n`).join("") : "";
      return done(flushChain(nf, table, chain, p.verbose), out, chain !== undefined || p.verbose);
    }
    case "Z":
      return zeroCmd(nf, table, chain, p.num, p.verbose, "");
    case "P":
      if (table === "nat" && p.arg2 === "DROP") return fail(usageError(NAT_DROP));
      return done(setPolicy(nf, table, c, p.arg2!), "", true);
    case "E":
      return renameCmd(nf, table, c, p.arg2!);
    case "L":
    case "S": {
      const listed =
        p.cmd === "L" ? listChains(nf, table, chain, p.num, fmt) : listRules(nf, table, chain, p.num, p.verbose);
      if (typeof listed !== "string") return { ...listed, nf };
      if (p.zeroToo) return zeroCmd(nf, table, chain, undefined, p.verbose, listed);
      return { nf, stdout: listed, stderr: "", exitCode: 0 };
    }
  }
}

/** A jump or goto needs a user-defined chain of the same table. */
export function jumpable(nf: NetfilterState, table: TableName, chain: string): boolean {
  const c = findChain(nf, table, chain);
  return c !== undefined && c.policy === undefined;
}

/** -N checks its name as soon as it reads it, before any later option. */
function newChainNameError(name: string): ParseError | undefined {
  if (name.startsWith("-") || name.startsWith("!"))
    return usageError(`chain name not allowed to start with \`${name[0]}'`);
  if (BUILTIN_TARGETS.includes(name)) return usageError("chain name may not clash with target name");
  return undefined;
}

function newChainCmd(nf: NetfilterState, table: TableName, name: string): IptablesResult {
  const r = newChain(nf, table, name);
  return r.ok ? { nf: touchTable(r.nf, table), stdout: "", stderr: "", exitCode: 0 } : opFailure(nf, r);
}

function renameCmd(nf: NetfilterState, table: TableName, from: string, to: string): IptablesResult {
  // The new name is looked up first: renaming onto any existing chain is EEXIST.
  if (findChain(nf, table, to))
    return opFailure(nf, { ok: false, kind: "errno", message: "File exists.", exitCode: 1 });
  const src = findChain(nf, table, from);
  if (!src || src.policy || to.length > 28)
    return opFailure(nf, { ok: false, kind: "errno", message: "No chain/target/match by that name.", exitCode: 1 });
  const made = newChain(nf, table, to);
  if (!made.ok) return opFailure(nf, made);
  const chains = made.nf[table].chains
    .filter((ch) => ch.name !== from)
    .map((ch) => ({
      ...(ch.name === to ? { ...src, name: to } : ch),
      rules: (ch.name === to ? src : ch).rules.map((r) =>
        r.target?.kind === "jump" && r.target.chain === from ? { ...r, target: { ...r.target, chain: to } } : r,
      ),
    }));
  return { nf: { ...nf, [table]: { ...nf[table], chains } }, stdout: "", stderr: "", exitCode: 0 };
}

function zeroCmd(
  nf: NetfilterState,
  table: TableName,
  chain: string | undefined,
  num: number | undefined,
  verbose: boolean,
  stdout: string,
): IptablesResult {
  const r = zeroCounters(nf, table, chain, num);
  if (!r.ok) return opFailure(nf, r);
  // Only chains nf_tables holds are zeroed one by one, and so named.
  const names = chain ? [chain] : nf[table].chains.filter((x) => !notCreated(x)).map((x) => x.name);
  const msg = verbose ? names.map((n) => `Zeroing chain \`${n}'\n`).join("") : "";
  return { nf: r.nf, stdout: stdout + msg, stderr: "", exitCode: 0 };
}
