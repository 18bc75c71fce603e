/**
 * Pure operations on a namespace's netfilter tables, one per iptables command
 * (-A -I -D -R -N -X -F -Z -P). Each returns a new NetfilterState or an error
 * value with the kernel's reason as iptables words it; none mutates its input.
 * Invariants kept: built-in chains first in hook order, user chains after them
 * sorted by name (as iptables-nft lists them); a chain in use cannot be deleted.
 */
import { isBuiltinChain, ruleHooks, TARGET_PLACES, targetAllowed } from "./table-places.ts";
import { handOver, sameRule, SPEC_INDEX, specIndex, SPECS, specOf } from "./rule-specs.ts";
import type { Chain, Counters, NetfilterState, Rule, Table, TableName } from "./types.ts";

/**
 * `errno`: printed as `iptables: MESSAGE` (exit 1).
 * `nft`: a refused netlink batch, printed as `iptables v1.8.9 (nf_tables):  MESSAGE` (exit 4).
 */
export interface OpError {
  readonly ok: false;
  readonly kind: "errno" | "nft";
  readonly message: string;
  readonly exitCode: number;
}
export type OpResult = { readonly ok: true; readonly nf: NetfilterState } | OpError;

const NO_CHAIN = "No chain/target/match by that name.";
const ZERO: Counters = { packets: 0, bytes: 0 };

function errno(message: string): OpError {
  return { ok: false, kind: "errno", message, exitCode: 1 };
}
function nftError(message: string): OpError {
  return { ok: false, kind: "nft", message, exitCode: 4 };
}

export { isBuiltinChain, targetAllowed } from "./table-places.ts";

export function findChain(nf: NetfilterState, table: TableName, name: string): Chain | undefined {
  return nf[table].chains.find((c) => c.name === name);
}

/** How many rules in the table jump or go to `name`: the `(N references)` of `-L`. */
export function countReferences(nf: NetfilterState, table: TableName, name: string): number {
  let n = 0;
  for (const c of nf[table].chains)
    for (const r of c.rules) if (r.target?.kind === "jump" && r.target.chain === name) n++;
  return n;
}

/** A built-in chain nothing has been written to yet: nf_tables does not hold it. */
export function notCreated(c: Chain): boolean {
  return c.policy !== undefined && !c.exists;
}

/** iptables-nft creates a base chain the first time a rule or policy goes into it. */
function created(c: Chain): Chain {
  return c.policy !== undefined && !c.exists ? { ...c, exists: true } : c;
}

function withTable(nf: NetfilterState, table: TableName, t: Table): NetfilterState {
  return { ...nf, [table]: stampHandles(nf, t) };
}

/**
 * Gives each chain and rule that has just reached nf_tables its handle, as the
 * kernel does (one counter per table, chains and rules alike), and the table its
 * own once it exists. A rule keeps its spec (and its chain's spec index) across.
 */
export function stampHandles(nf: NetfilterState, t: Table): Table {
  let last = t.lastHandle ?? 0;
  let changed = false;
  const chains = t.chains.map((c) => {
    if (notCreated(c)) return c;
    let next = c;
    if (c.handle === undefined) next = { ...c, handle: ++last };
    if (c.rules.every((r) => r.handle !== undefined)) return next === c ? c : ((changed = true), next);
    const rules = c.rules.map((r) => {
      if (r.handle !== undefined) return r;
      const stamped = { ...r, handle: ++last };
      SPECS.set(stamped, specOf(r));
      return stamped;
    });
    const index = SPEC_INDEX.get(c.rules);
    if (index) {
      SPEC_INDEX.delete(c.rules);
      SPEC_INDEX.set(rules, index);
    }
    changed = true;
    return { ...next, rules };
  });
  let handle = t.handle;
  if (handle === undefined && (t.inUse || chains.some((c) => !notCreated(c)))) {
    handle = 1 + Math.max(0, ...Object.values(nf).map((x: Table) => Math.max(x.handle ?? 0, x.handleFloor ?? 0)));
    changed = true;
  }
  return changed ? { ...t, chains, lastHandle: last, ...(handle !== undefined ? { handle } : {}) } : t;
}

function withChain(nf: NetfilterState, table: TableName, chain: Chain): NetfilterState {
  const chains = nf[table].chains.map((c) => (c.name === chain.name ? chain : c));
  return withTable(nf, table, { ...nf[table], chains });
}

function updateChain(nf: NetfilterState, table: TableName, name: string, fn: (c: Chain) => Chain | OpError): OpResult {
  const chain = findChain(nf, table, name);
  if (!chain) return errno(NO_CHAIN);
  const next = fn(chain);
  if ("ok" in next) return next;
  return { ok: true, nf: withChain(nf, table, next) };
}

/**
 * nf_tables validates a user chain against every base chain that reaches it:
 * a MASQUERADE in a chain PREROUTING jumps to is refused, whichever rule closed the path.
 */
export function hooksValid(table: TableName, t: Table): boolean {
  const byName = new Map(t.chains.map((c) => [c.name, c] as const));
  for (const base of t.chains) {
    if (base.policy === undefined) continue;
    const seen = new Set<string>();
    const stack = [base.name];
    while (stack.length > 0) {
      const c = byName.get(stack.pop()!);
      if (!c || seen.has(c.name)) continue;
      seen.add(c.name);
      for (const r of c.rules) {
        const hooks = ruleHooks(table, r);
        if (hooks && !hooks.includes(base.name)) return false;
        if (r.target?.kind === "jump") stack.push(r.target.chain);
      }
    }
  }
  return true;
}

/**
 * What the kernel refuses with EINVAL whatever the chain: `! -s 0.0.0.0/0` (an
 * inverted zero-length prefix), and an xt match without its protocol.
 */
function invalidRule(rule: Rule): boolean {
  if ([rule.src, rule.dst].some((a) => a?.negated === true && a.value.endsWith("/0"))) return true;
  if (
    rule.target?.kind === "REJECT" &&
    rule.target.rejectWith === "tcp-reset" &&
    !(rule.proto?.value === "tcp" && !rule.proto.negated)
  )
    return true;
  // xt_TCPMSS is registered for TCP alone.
  if (rule.target?.kind === "TCPMSS" && !(rule.proto?.value === "tcp" && !rule.proto.negated)) return true;
  // A match nft cannot express natively goes to the kernel's xt module, whose
  // checkentry wants its own protocol: icmp always, tcp/udp when they test nothing.
  const protoIs = (p: string) => rule.proto?.value === p && !rule.proto.negated;
  return rule.matches.some((m) => {
    if (m.module === "icmp") return !protoIs("icmp");
    if (m.module === "icmp6") return !protoIs("ipv6-icmp");
    if (m.module === "tcp") return !m.sport && !m.dport && !m.tcpFlags && !protoIs("tcp");
    if (m.module === "udp") return !m.sport && !m.dport && !protoIs("udp");
    return false;
  });
}

function checkTarget(op: string, table: TableName, chain: string, rule: Rule): OpError | undefined {
  // The kernel has no conntrack helper module to load for `-j CT --helper`.
  // Nor a textsearch module for a string match's unknown --algo.
  const noAlgo = rule.matches.some((m) => m.module === "string" && m.algo !== "bm" && m.algo !== "kmp");
  if (((rule.target?.kind === "CT" && rule.target.unsupported) || noAlgo) && targetAllowed(table, chain, rule))
    return nftError(` ${op} failed (No such file or directory): rule in chain ${chain}`);
  if (targetAllowed(table, chain, rule) && !invalidRule(rule)) return undefined;
  return nftError(` ${op} failed (Invalid argument): rule in chain ${chain}`);
}

/** nf_tables' jump stack: a base chain may reach 15 jumps deep, not 16. */
const NFT_JUMP_STACK_SIZE = 16;

/**
 * nf_tables refuses (EMLINK) a jump that closes a loop reachable from a base
 * chain, or that makes a base chain reach as deep as its jump stack.
 */
export function hasReachableLoop(t: Table): boolean {
  const edges = new Map<string, string[]>();
  for (const c of t.chains) {
    edges.set(
      c.name,
      c.rules.flatMap((r) => (r.target?.kind === "jump" ? [r.target.chain] : [])),
    );
  }
  // The longest run of jumps below each chain; a chain met again while open is a loop.
  const height = new Map<string, number>();
  const open = new Set<string>();
  const visit = (name: string): number => {
    const known = height.get(name);
    if (known !== undefined) return known;
    if (open.has(name)) return Infinity;
    open.add(name);
    let h = 0;
    for (const next of edges.get(name) ?? []) {
      h = Math.max(h, 1 + visit(next));
      if (h >= NFT_JUMP_STACK_SIZE) break;
    }
    open.delete(name);
    height.set(name, h);
    return h;
  };
  return t.chains.some((c) => c.policy !== undefined && visit(c.name) >= NFT_JUMP_STACK_SIZE);
}

/** Applies a rule change, then refuses it if it made a reachable loop or put a target where its hook cannot run. */
function guardLoops(op: string, table: TableName, chain: string, r: OpResult, rule: Rule): OpResult {
  if (!r.ok) return r;
  // Only a jump adds an edge to the chain graph, and only a jump or a placed target can
  // land where its hook forbids it: other rules skip the walks over every rule of the table.
  const kind = rule.target?.kind;
  const jump = kind === "jump";
  if (!jump && (kind === undefined || !TARGET_PLACES[kind])) return r;
  // The table was valid before: a rule whose target already sits in this chain is valid
  // wherever that one is (the same base chains reach both), as dockerd's DNATs in DOCKER.
  if (!jump && sharesPlace(r.nf, table, chain, rule, kind)) return r;
  if (jump && hasReachableLoop(r.nf[table])) return nftError(` ${op} failed (Too many links): rule in chain ${chain}`);
  if (!hooksValid(table, r.nf[table])) return nftError(` ${op} failed (Invalid argument): rule in chain ${chain}`);
  return r;
}

function sharesPlace(nf: NetfilterState, table: TableName, chain: string, rule: Rule, kind: string): boolean {
  const c = findChain(nf, table, chain);
  return !!c && c.rules.some((x) => x !== rule && x.target?.kind === kind);
}

export function appendRule(nf: NetfilterState, table: TableName, chain: string, rule: Rule): OpResult {
  const r = updateChain(
    nf,
    table,
    chain,
    (c) => checkTarget("RULE_APPEND", table, chain, rule) ?? created(withRuleAt(c, rule, c.rules.length)),
  );
  return guardLoops("RULE_APPEND", table, chain, r, rule);
}

/** `-I CHAIN [N]`: N is 1-based; N = length + 1 appends. */
export function insertRule(nf: NetfilterState, table: TableName, chain: string, rule: Rule, pos = 1): OpResult {
  const r = updateChain(nf, table, chain, (c) => {
    if (pos > c.rules.length + 1) return errno("Index of insertion too big.");
    // iptables-nft turns an insert just past the last rule into an append.
    const bad = checkTarget(pos > 1 && pos === c.rules.length + 1 ? "RULE_APPEND" : "RULE_INSERT", table, chain, rule);
    if (bad) return bad;
    return created(withRuleAt(c, rule, pos - 1));
  });
  return guardLoops("RULE_INSERT", table, chain, r, rule);
}

export function replaceRule(nf: NetfilterState, table: TableName, chain: string, pos: number, rule: Rule): OpResult {
  const r = updateChain(nf, table, chain, (c) => {
    if (notCreated(c)) return errno(NO_CHAIN);
    if (pos > c.rules.length) return errno("Index of replacement too big.");
    const bad = checkTarget("RULE_REPLACE", table, chain, rule);
    if (bad) return bad;
    return { ...c, rules: c.rules.map((x, i) => (i === pos - 1 ? rule : x)) };
  });
  return guardLoops("RULE_REPLACE", table, chain, r, rule);
}

/** The chain with `rule` placed at index `at` (0-based), its spec index carried along. */
function withRuleAt(c: Chain, rule: Rule, at: number): Chain {
  const rules = at >= c.rules.length ? [...c.rules, rule] : [...c.rules.slice(0, at), rule, ...c.rules.slice(at)];
  handOver(c.rules, rules, rule);
  return { ...c, rules };
}

const BAD_RULE = "Bad rule (does a matching rule exist in that chain?).";

/** Where -D and -C find the rule; a missing chain is reported as a missing rule. */
export function findRuleIndex(nf: NetfilterState, table: TableName, chain: string, rule: Rule): number | OpError {
  const c = findChain(nf, table, chain);
  if (!c) return errno(BAD_RULE);
  if (!specIndex(c.rules).has(specOf(rule))) return errno(BAD_RULE);
  const i = c.rules.findIndex((r) => sameRule(r, rule));
  return i < 0 ? errno(BAD_RULE) : i;
}

export function deleteRule(nf: NetfilterState, table: TableName, chain: string, rule: Rule): OpResult {
  const i = findRuleIndex(nf, table, chain, rule);
  if (typeof i !== "number") return i;
  return deleteRuleNum(nf, table, chain, i + 1);
}

export function deleteRuleNum(nf: NetfilterState, table: TableName, chain: string, pos: number): OpResult {
  return updateChain(nf, table, chain, (c) => {
    // iptables-nft finds no rule at all in an empty chain, and says so as ENOENT.
    if (notCreated(c)) return errno(NO_CHAIN);
    if (pos > c.rules.length) return errno("Index of deletion too big.");
    return { ...c, rules: c.rules.filter((_, i) => i !== pos - 1) };
  });
}

export function newChain(nf: NetfilterState, table: TableName, name: string): OpResult {
  if (findChain(nf, table, name)) return errno("Chain already exists.");
  const chains = nf[table].chains;
  const builtins = chains.filter((c) => c.policy !== undefined);
  const users = [...chains.filter((c) => c.policy === undefined), { name, policyCounters: ZERO, rules: [] }];
  users.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { ok: true, nf: withTable(nf, table, { ...nf[table], chains: [...builtins, ...users] }) };
}

/** `-X NAME`, or every user chain with no name; refused while the chain has rules or is jumped to. */
export function deleteChain(nf: NetfilterState, table: TableName, name?: string): OpResult {
  const chains = nf[table].chains;
  const busy = (n: string) => nftError(` CHAIN_DEL failed (Device or resource busy): chain ${n}`);
  if (name === undefined) {
    // The batch deletes user chains in order; the first with rules or a jump to it fails it.
    const users = chains.filter((c) => c.policy === undefined);
    for (const c of users) if (c.rules.length > 0 || countReferences(nf, table, c.name) > 0) return busy(c.name);
    // iptables-nft also drops the base chains that hold nothing: empty, policy ACCEPT.
    const kept = chains
      .filter((c) => c.policy !== undefined)
      .map((c): Chain => {
        if (c.rules.length > 0 || c.policy !== "ACCEPT" || !c.exists) return c;
        const { exists: _gone, handle: _h, policyCounted: _c, ...rest } = c;
        return { ...rest, policyCounters: ZERO };
      });
    return { ok: true, nf: withTable(nf, table, { ...nf[table], chains: kept }) };
  }
  const chain = findChain(nf, table, name);
  if (!chain || notCreated(chain)) return errno(NO_CHAIN);
  if (chain.policy !== undefined || chain.rules.length > 0 || countReferences(nf, table, name) > 0) return busy(name);
  return { ok: true, nf: withTable(nf, table, { ...nf[table], chains: chains.filter((c) => c.name !== name) }) };
}

/**
 * `-F [CHAIN]`. Flushing a named built-in chain creates it in nf_tables; so does
 * `-F -v` for every chain (`eachChain`), since it flushes them one by one by name.
 */
export function flushChain(nf: NetfilterState, table: TableName, name?: string, eachChain = false): OpResult {
  if (name === undefined) {
    const chains = nf[table].chains.map((c) => (eachChain ? created({ ...c, rules: [] }) : { ...c, rules: [] }));
    return { ok: true, nf: withTable(nf, table, { ...nf[table], chains }) };
  }
  return updateChain(nf, table, name, (c) => created({ ...c, rules: [] }));
}

/**
 * `-Z [CHAIN [N]]`: zero the rules' counters and the policy's. iptables-nft zeroes a base
 * chain by sending it again with counters, which gives a chain made for a rule the policy
 * counter it lacked (recorded: nat PREROUTING counts a container's SYN only after `-t nat -Z`);
 * zeroing one rule leaves the chain as it was.
 */
export function zeroCounters(nf: NetfilterState, table: TableName, name?: string, pos?: number): OpResult {
  const zero = (c: Chain): Chain => ({
    ...c,
    ...(c.policy !== undefined && c.exists ? { policyCounted: true } : {}),
    policyCounters: ZERO,
    rules: c.rules.map((r) => ({ ...r, counters: ZERO })),
  });
  if (name === undefined)
    return { ok: true, nf: withTable(nf, table, { ...nf[table], chains: nf[table].chains.map(zero) }) };
  // Zeroing one rule looks the rule up first, so a missing chain reads as a missing rule.
  if (pos !== undefined && !findChain(nf, table, name)) return errno(BAD_RULE);
  return updateChain(nf, table, name, (c) => {
    if (notCreated(c)) return errno(NO_CHAIN);
    if (pos === undefined) return zero(c);
    // iptables-nft zeroes no rule past the end, and says nothing (exit 0, as the oracle shows).
    if (pos > c.rules.length) return c;
    return { ...c, rules: c.rules.map((r, i) => (i === pos - 1 ? { ...r, counters: ZERO } : r)) };
  });
}

export function setPolicy(nf: NetfilterState, table: TableName, name: string, policy: string): OpResult {
  if (policy !== "ACCEPT" && policy !== "DROP") return errno("Bad policy name. Run `dmesg' for more information.");
  if (!isBuiltinChain(table, name)) return errno("Bad built-in chain name.");
  // The new policy comes with a fresh counter, which counts from now on (recorded: -P FORWARD
  // ACCEPT after docker's -P FORWARD DROP counts only what came after it).
  return updateChain(nf, table, name, (c) => created({ ...c, policy, policyCounted: true, policyCounters: ZERO }));
}

/** Marks the table as created in nf_tables: iptables-save without -t prints only these. */
export function touchTable(nf: NetfilterState, table: TableName): NetfilterState {
  return nf[table].inUse && nf[table].handle !== undefined ? nf : withTable(nf, table, { ...nf[table], inUse: true });
}
