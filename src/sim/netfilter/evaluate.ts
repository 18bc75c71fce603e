/**
 * Traverses one table's built-in chain for a packet, as the kernel's ipt_do_table /
 * nft_do_chain does: rules in order, jumps and gotos into user chains, RETURN, the
 * policy when a built-in chain runs out. Returns the verdict, every decision taken
 * (for the trace) and the counters it advanced (`applyCounters` adds them to a table,
 * so a caller can batch many packets' counts into one copy); the input is never mutated.
 * Invariant: terminates for any rule set (jump depth and rule visits are bounded).
 */
import { LIMITS } from "../limits.ts";
import {
  addrOf,
  compileRules,
  compiledMatches,
  type CompiledHeader,
  type MatchContext,
  type MatchPacket,
} from "./evaluate-match.ts";
import type { Chain, Counters, Rule, StepVerdict, Table } from "./types.ts";
import { countedCopy, originOf } from "./origin.ts";

export type { MatchContext, MatchPacket } from "./evaluate-match.ts";

export type Verdict =
  | { readonly kind: "ACCEPT" }
  | { readonly kind: "DROP" }
  | { readonly kind: "REJECT"; readonly rejectWith?: string }
  | { readonly kind: "DNAT"; readonly toDestination: string }
  | { readonly kind: "SNAT"; readonly toSource: string }
  | { readonly kind: "MASQUERADE"; readonly toPorts?: string }
  | { readonly kind: "REDIRECT"; readonly toPorts?: string }
  | { readonly kind: "NETMAP"; readonly to: string };

export type { StepVerdict } from "./types.ts";

/**
 * What non-terminal targets did to the packet on the way (kept on the context the
 * caller passed, so later rules of the same traversal see it): the mark, the
 * connection's mark, NOTRACK, and the LOG rules met.
 */
export interface Effects {
  /** The conntrack entry's mark, when the packet has one (CONNMARK reads and writes it). */
  ctmark?: number;
  /** CT --notrack / NOTRACK ran: the packet is left untracked. */
  notrack?: boolean;
  /** LOG targets met, in order. */
  logs?: Extract<Rule["target"], { kind: "LOG" }>[];
}

/** One decision: a matching rule that did something, or a built-in chain's policy. */
export interface EvalStep {
  readonly chain: string;
  /** 1-based; 0 for the policy. */
  readonly ruleIndex: number;
  readonly rule?: Rule;
  readonly verdict: StepVerdict;
  readonly toChain?: string;
  /** True when the chain's policy decided. */
  readonly policy?: boolean;
}

/** A rule (0-based index) or, with `rule: -1`, the policy of `chain`, that counted the packet. */
export interface CounterHit {
  readonly chain: string;
  readonly rule: number;
  /** The packet's length, when hits of packets of different sizes are applied together. */
  readonly len?: number;
}

export interface EvalResult {
  readonly verdict: Verdict;
  readonly steps: readonly EvalStep[];
  /** Every counter the packet advanced, in order (apply them with `applyCounters`). */
  readonly hits: readonly CounterHit[];
  /** A `-j TRACE` rule matched: the packet is traced from here on. */
  readonly traced: boolean;
  /** Set when a bound was hit; the packet is dropped, as the kernel drops on a too-deep jump stack. */
  readonly error?: string;
}

interface Frame {
  readonly chain: Chain;
  readonly plan: ChainPlan;
  readonly pos: number;
}

const ZERO: Counters = { packets: 0, bytes: 0 };

function add(c: Counters, d: Counters): Counters {
  return { packets: c.packets + d.packets, bytes: c.bytes + d.bytes };
}

/**
 * The table with `hits` counted for packets of `len` bytes each (every hit list entry
 * is one packet at one rule), copying only the chains that changed.
 */
export function applyCounters(table: Table, hits: readonly CounterHit[], len = 0): Table {
  if (hits.length === 0) return table;
  const byChain = new Map<string, Map<number, Counters>>();
  for (const h of hits) {
    let m = byChain.get(h.chain);
    if (!m) byChain.set(h.chain, (m = new Map<number, Counters>()));
    const prev = m.get(h.rule) ?? ZERO;
    m.set(h.rule, { packets: prev.packets + 1, bytes: prev.bytes + (h.len ?? len) });
  }
  const chains = table.chains.map((c) => {
    const m = byChain.get(c.name);
    if (!m) return c;
    const rules = c.rules.slice();
    let policyCounters = c.policyCounters;
    for (const [i, d] of m) {
      if (i < 0) policyCounters = add(policyCounters, d);
      else {
        const r = rules[i];
        // A rule `nft add rule` wrote without `counter` has nothing to count with.
        if (r && !r.noCounter) rules[i] = countedCopy(r, { ...r, counters: add(r.counters, d) });
      }
    }
    return countedCopy(c, { ...c, rules: countedCopy(c.rules, rules), policyCounters });
  });
  return countedCopy(table, { ...table, chains });
}

/** Chains by name, per table object (the first of a name, as a scan would find). */
const chainMaps = new WeakMap<Table, Map<string, Chain>>();

function findChain(table: Table, name: string): Chain | undefined {
  const key = originOf(table);
  let m = chainMaps.get(key);
  if (m === undefined) {
    m = new Map();
    for (const c of key.chains) if (!m.has(c.name)) m.set(c.name, c);
    chainMaps.set(key, m);
  }
  return m.get(name);
}

/**
 * Runs `chainName` of `table` (a built-in chain: it needs a policy) for a packet.
 * Unknown chain names accept, as a hook with no chain registered does. The table is
 * not changed: the counters the packet advanced come back as `hits`.
 */
export function evaluateChain(table: Table, chainName: string, pkt: MatchPacket, ctx: MatchContext): EvalResult {
  const base = findChain(table, chainName);
  if (!base) return { verdict: { kind: "ACCEPT" }, steps: [], hits: [], traced: false };
  return evaluateFrom(table, base, pkt, ctx);
}

/**
 * A chain made ready for traversal, once per chain object (the walk never changes one):
 * each rule's compiled header, and the counter hit, step and verdict it yields when it
 * matches. These are immutable, so every packet that meets the rule shares them.
 */
interface ChainPlan {
  readonly headers: readonly CompiledHeader[];
  readonly hits: readonly CounterHit[];
  /** The step a matching rule records; undefined for a rule with no target (it only counts). */
  readonly steps: readonly (EvalStep | undefined)[];
  /** The verdict a matching rule ends the traversal with; undefined when the traversal goes on. */
  readonly verdicts: readonly (Verdict | undefined)[];
  /** A built-in chain's end: the policy's step and counter hit, the same for every packet. */
  readonly policyStep: EvalStep;
  readonly policyHit: CounterHit;
}

const chainPlans = new WeakMap<Chain, ChainPlan>();

function ruleStep(chain: string, index: number, rule: Rule): EvalStep | undefined {
  const t = rule.target;
  if (!t) return undefined;
  const ruleIndex = index + 1;
  switch (t.kind) {
    case "ACCEPT":
    case "DROP":
    case "REJECT":
    case "DNAT":
    case "SNAT":
    case "MASQUERADE":
    case "RETURN":
    case "REDIRECT":
    case "NETMAP":
      return { chain, ruleIndex, rule, verdict: t.kind };
    case "LOG":
    case "TRACE":
    case "MARK":
    case "CONNMARK":
    case "CT":
    case "TTL":
    case "DSCP":
    case "TOS":
    case "TCPMSS":
      return { chain, ruleIndex, rule, verdict: "CONTINUE" };
    case "jump":
      return { chain, ruleIndex, rule, verdict: t.goto ? "GOTO" : "JUMP", toChain: t.chain };
  }
}

function ruleVerdict(rule: Rule): Verdict | undefined {
  const t = rule.target;
  switch (t?.kind) {
    case "ACCEPT":
      return ACCEPT;
    case "DROP":
      return DROP;
    case "REJECT":
      return t.rejectWith ? { kind: "REJECT", rejectWith: t.rejectWith } : { kind: "REJECT" };
    case "DNAT":
      return { kind: "DNAT", toDestination: t.toDestination };
    case "SNAT":
      return { kind: "SNAT", toSource: t.toSource };
    case "MASQUERADE":
      return t.toPorts ? { kind: "MASQUERADE", toPorts: t.toPorts } : { kind: "MASQUERADE" };
    case "REDIRECT":
      return t.toPorts !== undefined ? { kind: "REDIRECT", toPorts: t.toPorts } : { kind: "REDIRECT" };
    case "NETMAP":
      return { kind: "NETMAP", to: t.to };
    default:
      return undefined;
  }
}

function planChain(counted: Chain): ChainPlan {
  const chain = originOf(counted);
  let plan = chainPlans.get(chain);
  if (plan === undefined) {
    const rules = chain.rules;
    plan = {
      headers: compileRules(rules),
      hits: rules.map((_, rule) => ({ chain: chain.name, rule })),
      steps: rules.map((r, i) => ruleStep(chain.name, i, r)),
      verdicts: rules.map(ruleVerdict),
      policyStep: { chain: chain.name, ruleIndex: 0, verdict: chain.policy ?? "ACCEPT", policy: true },
      policyHit: { chain: chain.name, rule: -1 },
    };
    chainPlans.set(chain, plan);
  }
  return plan;
}

/** `evaluateChain` for a base chain already found in `table`. */
export function evaluateFrom(table: Table, base: Chain, pkt: MatchPacket, ctx: MatchContext, fx?: Effects): EvalResult {
  const steps: EvalStep[] = [];
  const hits: CounterHit[] = [];
  // The chains jumped from, each with the position to go on from; the running chain is in locals.
  let callers: Frame[] | undefined;
  let current = base;
  let rules = base.rules;
  const basePlan = planChain(base);
  let plan = basePlan;
  let pos = 0;
  const src = addrOf(pkt.src);
  const dst = addrOf(pkt.dst);
  const maxVisits = LIMITS.maxRuleVisits;
  let traced = false;
  let visits = 0;

  for (;;) {
    if (pos >= rules.length) {
      const caller = callers?.pop();
      if (!caller) return policyResult(base, basePlan, steps, hits, traced);
      current = caller.chain;
      rules = current.rules;
      plan = caller.plan;
      pos = caller.pos;
      continue;
    }
    if (++visits > maxVisits) return result(DROP, steps, hits, traced, "too many rules visited");
    const index = pos++;
    const rule = rules[index]!;
    if (!compiledMatches(plan.headers[index]!, rule, src, dst, pkt, ctx)) continue;
    hits.push(plan.hits[index]!);
    const step = plan.steps[index];
    if (step === undefined) continue;
    steps.push(step);
    const verdict = plan.verdicts[index];
    if (verdict !== undefined) return result(verdict, steps, hits, traced);
    const t = rule.target!;
    if (t.kind === "TRACE") traced = true;
    else if (t.kind === "MARK") ctx.mark = (((ctx.mark ?? 0) & ~t.mask) ^ t.value) >>> 0;
    else if (t.kind === "CONNMARK") connmark(t, ctx, fx);
    else if (t.kind === "TTL") ctx.ttl = newTtl(t, ctx.ttl ?? pkt.ttl ?? 64);
    else if (t.kind === "CT") {
      if (t.notrack && fx) fx.notrack = true;
    } else if (t.kind === "LOG") (fx ? (fx.logs ??= []) : []).push(t);
    else if (t.kind === "RETURN") {
      const caller = callers?.pop();
      if (!caller) return policyResult(base, basePlan, steps, hits, traced);
      current = caller.chain;
      rules = current.rules;
      plan = caller.plan;
      pos = caller.pos;
    } else if (t.kind === "jump") {
      const target = findChain(table, t.chain);
      if (!target) continue;
      const depth = callers ? callers.length : 0;
      // The kernel's jump stack counts every chain entered, the running one included;
      // a goto replaces the running chain instead of returning to it.
      if (depth + (t.goto ? 0 : 1) >= LIMITS.maxChainJumpDepth) {
        return result(DROP, steps, hits, traced, "jump stack too deep");
      }
      if (!t.goto) (callers ??= []).push({ chain: current, plan, pos });
      current = target;
      rules = target.rules;
      plan = planChain(target);
      pos = 0;
    }
  }
}

/** xt_TTL: set, or step within 0..255 (the kernel clamps instead of wrapping). */
function newTtl(t: Extract<Rule["target"], { kind: "TTL" }>, ttl: number): number {
  if (t.op === "set") return t.value;
  return t.op === "inc" ? Math.min(255, ttl + t.value) : Math.max(0, ttl - t.value);
}

const ACCEPT: Verdict = { kind: "ACCEPT" };
const DROP: Verdict = { kind: "DROP" };

/** xt_CONNMARK v2: set the connection's mark, or copy between it and the packet's, masked and shifted. */
function connmark(t: Extract<Rule["target"], { kind: "CONNMARK" }>, ctx: MatchContext, fx: Effects | undefined): void {
  if (!fx || fx.ctmark === undefined) return;
  const shift = (v: number) => (t.shiftDir === 0 ? v << t.shiftBits : v >>> t.shiftBits) >>> 0;
  if (t.mode === "set") fx.ctmark = ((fx.ctmark & ~t.ctmask) ^ t.value) >>> 0;
  else if (t.mode === "save") {
    const nf = shift((ctx.mark ?? 0) & t.nfmask);
    fx.ctmark = ((fx.ctmark & ~t.ctmask) ^ nf) >>> 0;
  } else {
    const ct = shift(fx.ctmark & t.ctmask);
    ctx.mark = (((ctx.mark ?? 0) & ~t.nfmask) ^ ct) >>> 0;
  }
}

function result(
  verdict: Verdict,
  steps: readonly EvalStep[],
  hits: readonly CounterHit[],
  traced: boolean,
  error?: string,
): EvalResult {
  return error ? { verdict, steps, hits, traced, error } : { verdict, steps, hits, traced };
}

/** A built-in chain ran out (or RETURNed): its policy decides, and counts the packet. */
function policyResult(
  base: Chain,
  plan: ChainPlan,
  steps: EvalStep[],
  hits: CounterHit[],
  traced: boolean,
): EvalResult {
  const policy = base.policy ?? "ACCEPT";
  steps.push(plan.policyStep);
  hits.push(plan.policyHit);
  return result(policy === "ACCEPT" ? ACCEPT : DROP, steps, hits, traced);
}

/** `evaluateChain` and the table with the packet counted: for callers that evaluate one packet at a time. */
export function evaluateAndCount(
  table: Table,
  chainName: string,
  pkt: MatchPacket,
  ctx: MatchContext,
  len: number,
): EvalResult & { readonly table: Table } {
  const r = evaluateChain(table, chainName, pkt, ctx);
  return { ...r, table: applyCounters(table, r.hits, len) };
}
