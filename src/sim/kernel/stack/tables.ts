/**
 * The tables a hook runs, planned once per netfilter state (the walk never changes one:
 * counters are batched until the command ends), and one table's base chain run for a
 * packet with its counters, trace events and xtables-monitor lines. A table iptables-nft
 * never touched has no chains in the kernel; a base chain is registered once something
 * is written to it (a rule, a policy, a flush by name) and stays when emptied again, so
 * a flushed ACCEPT chain is still met and its policy traced. The nat table is the
 * exception the oracle shows: with no rule left anywhere in it, no nat chain is met.
 */
import { ctstateOf, natBits } from "../../netfilter/conntrack.ts";
import {
  evaluateFrom,
  type Effects,
  type EvalResult,
  type EvalStep,
  type MatchContext,
  type Verdict,
} from "../../netfilter/evaluate.ts";
import { formatRuleSpec } from "../../netfilter/rule-format.ts";
import type { ConntrackEntry } from "../../netfilter/conntrack-types.ts";
import { originOf } from "../../netfilter/origin.ts";
import type { Chain, CtState, Hook, Match, NetfilterState, Rule, Table, TableName } from "../../netfilter/types.ts";
import type { Netns } from "../types.ts";
import { countHits, SIX, type WalkState } from "./context.ts";
import { addrTypeFnFor } from "./fib-cache.ts";
import { setCtMark } from "./ct-own.ts";
import type { NetfilterPlan, PlannedStage, Visit } from "./visit.ts";
import { icmpTypeName, type Packet } from "./packet.ts";
import { packetLine, traceStepLine } from "./xtrace.ts";
import { statefulMatch } from "./xt-state.ts";

type Stage = TableName | "conntrack" | "confirm";

/** raw (-300), conntrack (-200), mangle (-150), nat DNAT (-100), filter (0), nat SNAT (100), confirm (last). */
const STAGES: Readonly<Record<Hook, readonly Stage[]>> = {
  PREROUTING: ["raw", "conntrack", "mangle", "nat"],
  OUTPUT: ["raw", "conntrack", "mangle", "nat", "filter"],
  INPUT: ["mangle", "filter", "nat", "confirm"],
  FORWARD: ["mangle", "filter"],
  POSTROUTING: ["mangle", "nat", "confirm"],
};

const HOOKS: readonly Hook[] = ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"];
const CONNTRACK: PlannedStage = { kind: "conntrack" };
const CONFIRM: PlannedStage = { kind: "confirm" };

function tableInUse(t: Table): boolean {
  for (const c of t.chains) if (c.rules.length > 0 || (c.policy !== undefined && c.policy !== "ACCEPT")) return true;
  return false;
}

function registeredChain(t: Table, hook: Hook): Chain | null {
  if (!tableInUse(t) && !t.chains.some((c) => c.exists)) return null;
  for (const c of t.chains) {
    if (c.name === hook) return c.exists || c.rules.length > 0 || c.policy === "DROP" ? c : null;
  }
  return null;
}

function hasRules(t: Table): boolean {
  return t.chains.some((c) => c.rules.length > 0);
}

const plans = new WeakMap<NetfilterState, NetfilterPlan>();

export function planOf(counted: NetfilterState): NetfilterPlan {
  const nf = originOf(counted);
  let plan = plans.get(nf);
  if (plan === undefined) {
    const hooks = {} as Record<Hook, PlannedStage[]>;
    for (const hook of HOOKS) {
      const stages: PlannedStage[] = [];
      for (const s of STAGES[hook]) {
        if (s === "conntrack") stages.push(CONNTRACK);
        else if (s === "confirm") stages.push(CONFIRM);
        else if (s === "nat")
          stages.push({ kind: "nat", table: nf.nat, chain: hasRules(nf.nat) ? registeredChain(nf.nat, hook) : null });
        else {
          const chain = registeredChain(nf[s], hook);
          if (chain) stages.push({ kind: "table", name: s, table: nf[s], chain });
        }
      }
      hooks[hook] = stages;
    }
    const tracks = tableInUse(nf.filter) || tableInUse(nf.nat) || tableInUse(nf.raw) || tableInUse(nf.mangle);
    plans.set(nf, (plan = { tracks, hooks }));
  }
  return plan;
}

/** Connection tracking runs in a namespace once rules are loaded there (as nf_conntrack registers on demand). */
export function tracksConnections(ns: Netns): boolean {
  return ns.conntrack.length > 0 || planOf(ns.netfilter).tracks;
}

const NAT_BITS: readonly (readonly CtState[])[] = [[], ["SNAT"], ["DNAT"], ["SNAT", "DNAT"]];
/** The ctstate bits SNAT and DNAT (xt_conntrack adds them from the entry's status to any state). */
const ctNatOf = (e: ConntrackEntry): readonly CtState[] =>
  NAT_BITS[(natBits.src(e) ? 1 : 0) | (natBits.dst(e) ? 2 : 0)]!;

function matchContext(st: WalkState, v: Visit): MatchContext {
  const ct = v.untracked ? undefined : v.ct;
  const now = st.world.clock;
  const state = ct ? ctstateOf(ct.entry, ct.dir) : "INVALID";
  // Built field by field, in one shape: a spread of optional parts made two objects a table run.
  const ctx: MatchContext = {
    inIface: v.inIface,
    outIface: v.outIface,
    ctstate: v.untracked ? "UNTRACKED" : ct && (ct.related || ct.attached) ? "RELATED" : state,
    ctNat: ct ? ctNatOf(ct.entry) : undefined,
    conn: ct ? { entry: ct.entry, dir: ct.dir, now, confirmed: state !== "NEW" } : undefined,
    addrTypeOf: addrTypeFnFor(v.ns),
    mark: v.mark,
    srcMac: v.macs?.src,
    owner: v.owner,
    limit: (m) => takeToken(st, m),
    stateful: (m, p) => statefulMatch(st, v, ctx, m, p),
    now,
  };
  return ctx;
}

/**
 * nf_tables' limit: a bucket of `burst` tokens refilled one per `avg` (in 1/10000 s)
 * on the world's clock. Buckets live in the world (netfilterLimits), keyed by the
 * rule's match object for this command and by its text across commands.
 */
function takeToken(st: WalkState, m: Extract<Match, { module: "limit" }>): boolean {
  const key = limitKey(m);
  const now = st.world.clock;
  const prev = st.limits.get(key) ?? st.world.limits?.[key] ?? { tokens: m.burst, at: now };
  const periodMs = m.avg / 10;
  const refill = periodMs > 0 ? Math.floor((now - prev.at) / periodMs) : m.burst;
  let tokens = Math.min(m.burst, prev.tokens + refill);
  const at = refill > 0 ? (tokens === m.burst ? now : prev.at + refill * periodMs) : prev.at;
  const ok = tokens > 0;
  if (ok) tokens--;
  st.limits.set(key, { tokens, at });
  return ok;
}

const limitKeys = new WeakMap<object, string>();
let limitSerial = 0;
function limitKey(m: object): string {
  let k = limitKeys.get(m);
  if (k === undefined) limitKeys.set(m, (k = `limit-${++limitSerial}`));
  return k;
}

export interface TableResult {
  readonly verdict: Verdict;
  readonly steps: readonly EvalStep[];
  /** The TTL a mangle TTL target gave the packet. */
  readonly ttl?: number;
}

/** Evaluates `chain` (the base chain of `table` at `hook`), records counters, events and trace lines. */
export function runTable(
  st: WalkState,
  v: Visit,
  name: TableName,
  table: Table,
  chain: Chain,
  pkt: Packet,
): TableResult {
  const ctx = matchContext(st, v);
  const fx: Effects = v.ct ? { ctmark: v.ct.entry.mark } : {};
  const res = evaluateFrom(table, chain, pkt.icmp ? { ...pkt, icmpType: icmpTypeName(pkt)! } : pkt, ctx, fx);
  v.mark = ctx.mark ?? 0;
  if (fx.notrack) v.untracked = true;
  if (v.ct && fx.ctmark !== undefined && fx.ctmark !== v.ct.entry.mark) setCtMark(st, v, fx.ctmark);
  countHits(st, v.six ? `${v.ns.id}${SIX}` : v.ns.id, name, res.hits, pkt.len);
  if (ctx.ttl !== undefined) return { ...eventsAndTrace(st, v, name, res, pkt), ttl: ctx.ttl };
  return eventsAndTrace(st, v, name, res, pkt);
}

function eventsAndTrace(st: WalkState, v: Visit, name: TableName, res: EvalResult, pkt: Packet): TableResult {
  const steps = res.steps;
  const wasTraced = v.traced;
  if (res.traced) v.traced = true;
  if (v.traced) {
    let from = 0;
    if (!wasTraced) while (from < steps.length && steps[from]!.rule?.target?.kind !== "TRACE") from++;
    v.traceLines.push(packetLine(v, pkt));
    for (let i = from; i < steps.length; i++) v.traceLines.push(traceStepLine(v, name, steps[i]!));
  }
  const events = st.events;
  const netns = v.ns.id;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    if (s.policy) {
      events.push({
        type: "policy",
        packetId: v.packetId,
        netns,
        table: name,
        chain: s.chain,
        policy: s.verdict as "ACCEPT" | "DROP",
      });
    } else {
      events.push({
        type: "rule",
        packetId: v.packetId,
        netns,
        table: name,
        chain: s.chain,
        ruleIndex: s.ruleIndex,
        ruleText: s.rule ? ruleText(s.chain, s.rule) : "",
        verdict: s.verdict,
        toChain: s.toChain,
      });
    }
  }
  return res;
}

/** Rule texts, by the rule a counter update copied (originOf): the text reads no counter. */
const textByRule = new WeakMap<Rule, { chain: string; text: string }>();

/** `-A CHAIN <spec>`, as `iptables -S` prints the rule. */
export function ruleText(chain: string, counted: Rule): string {
  const rule = originOf(counted);
  const own = textByRule.get(rule);
  if (own !== undefined && own.chain === chain) return own.text;
  const spec = formatRuleSpec(rule);
  const text = spec ? `-A ${chain} ${spec}` : `-A ${chain}`;
  textByRule.set(rule, { chain, text });
  return text;
}
