/**
 * The whole `iptables` command line as a pure function over one namespace's
 * tables: `runIptables(nf, argv)` (argv without the program name) returns the
 * new tables and what iptables 1.8.9 (nf_tables) prints. The shell command and
 * the Docker engine (which shells out to iptables, as dockerd does) share it.
 */
import { RULE_COMMANDS, parseArgs, type Parsed } from "./iptables-args.ts";
import { IPTABLES_HELP } from "./iptables-help.ts";
import { extensionHelp } from "./ext-help.ts";
import { createNetfilter } from "./state.ts";
import { listChains, listRules } from "./iptables-list.ts";
import { formatRuleEcho, type ListFormat } from "./rule-format.ts";
import { IPTABLES_VERSION, usageError, type ParseError, type ParseResult } from "./rule-parse.ts";
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
  /** With deferJumpCheck: told the chain a rule jumps to, for the check at COMMIT. */
  readonly onJump?: (chain: string) => void;
  /** A line of iptables-restore: a second -t and -w are refused. */
  readonly restore?: boolean;
}

const TABLES: readonly string[] = ["raw", "mangle", "nat", "filter"];
export const NAT_DROP = `\nThe "nat" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n`;

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
  return runPrepared(nf, prepare(argv, opts), opts);
}

/**
 * What iptables reads from its words alone, before it looks at any table: the parse,
 * what it warned, and a rule command's rules. None of it depends on the tables.
 */
interface Prepared {
  readonly parsed: Parsed | ParseError;
  readonly warned: string;
  readonly finished?: ParseResult;
}

function prepare(argv: readonly string[], opts: IptablesOptions): Prepared {
  const parsed = parseArgs(
    argv,
    { prog: opts.prog ?? "iptables", ...(opts.resolve ? { resolve: opts.resolve } : {}) },
    opts.restore === true,
  );
  if ("ok" in parsed) return { parsed, warned: "" };
  // Read before finish, as the command always has: finish's words are its own errors.
  const warned = parsed.parser.warnings.join("");
  if (!isRuleCmd(parsed) || !TABLES.includes(parsed.table)) return { parsed, warned };
  const chain = parsed.chain;
  const finished = parsed.parser.finish({ ...(chain !== undefined ? { chain } : {}), table: parsed.table });
  return { parsed, warned, finished };
}

/** Prepared calls of dockerd's, by their words; it makes the same few hundred calls again and again. */
const PREPARED = new Map<string, Prepared>();
const PREPARED_MAX = 4096;

/**
 * `runIptables` without options, for dockerd's own calls: their words are the engine's
 * and repeat at every container and network, so the parse (a third of a call) is made
 * once per distinct call. A prepared call holds only values (rules are never changed).
 */
export function runIptablesCall(nf: NetfilterState, argv: readonly string[], prog?: string): IptablesResult {
  const opts: IptablesOptions = prog ? { prog } : {};
  const key = (prog ?? "") + "\u0000" + argv.join("\u0000");
  let prep = PREPARED.get(key);
  if (!prep) {
    if (PREPARED.size >= PREPARED_MAX) PREPARED.clear();
    prep = prepare(argv, opts);
    PREPARED.set(key, prep);
  }
  return runPrepared(nf, prep, opts);
}

function isRuleCmd(p: Parsed): boolean {
  return p.cmd !== undefined && RULE_COMMANDS.has(p.cmd) && !(p.cmd === "D" && p.num !== undefined);
}

function runPrepared(nf: NetfilterState, prep: Prepared, opts: IptablesOptions): IptablesResult {
  const { parsed, warned } = prep;
  const fail = (e: ParseError): IptablesResult => ({ nf, stdout: "", stderr: e.stderr, exitCode: e.exitCode });
  if ("ok" in parsed) return fail(parsed);
  if (warned) {
    const r = runParsed(nf, parsed, prep.finished, opts, fail);
    return { ...r, stderr: warned + r.stderr };
  }
  return runParsed(nf, parsed, prep.finished, opts, fail);
}

function runParsed(
  nf: NetfilterState,
  p: Parsed,
  finished: ParseResult | undefined,
  opts: IptablesOptions,
  fail: (e: ParseError) => IptablesResult,
): IptablesResult {
  if (p.cmd === "h")
    return { nf, stdout: IPTABLES_HELP + extensionHelp(p.parser.helpExtensions()), stderr: "", exitCode: 0 };
  if (p.cmd === "V")
    return {
      nf,
      stdout: p.arg2 === "not" ? `Not ${IPTABLES_VERSION.slice(1)} ;-)\n` : `iptables ${IPTABLES_VERSION}\n`,
      stderr: "",
      exitCode: 0,
    };
  if (!p.cmd) return fail(usageError("no command specified"));
  // SELinux's security table: the lab has no labels, so it is always empty. Listing it
  // works as on the host (filter's chain names); writing to it is not modelled.
  if (p.table === "security" && (p.cmd === "L" || p.cmd === "S") && !p.zeroToo) {
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
  const ruleCmd = isRuleCmd(p);
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
  if (ruleCmd && finished) {
    const r = finished;
    if (!r.ok) return fail(r);
    rule = r.rule;
    rules = r.rules;
    const t = rule.target;
    if (opts.deferJumpCheck && t?.kind === "jump") opts.onJump?.(t.chain);
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
  // Only chains nf_tables holds are zeroed one by one, and so named; zeroing one rule
  // (-Z CHAIN N) resets that rule's counters in place and names nothing, even with -v.
  const names = chain ? [chain] : nf[table].chains.filter((x) => !notCreated(x)).map((x) => x.name);
  const msg = verbose && num === undefined ? names.map((n) => `Zeroing chain \`${n}'\n`).join("") : "";
  return { nf: r.nf, stdout: stdout + msg, stderr: "", exitCode: 0 };
}
