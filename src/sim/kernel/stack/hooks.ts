/**
 * One netfilter hook in one namespace, in the kernel's priority order: raw (-300),
 * conntrack (-200), mangle (-150), nat DNAT (-100), filter (0), nat SNAT (100),
 * conntrack confirm (last). The nat table only sees a connection's first packet;
 * every later packet (and every reply) is rewritten from the conntrack entry.
 */
import type { ConntrackEntry } from "../../netfilter/conntrack-types.ts";
import {
  advance,
  ctstateOf,
  expire,
  formatEntry,
  lookup,
  newEntry,
  type CtDirection,
} from "../../netfilter/conntrack.ts";
import { evaluateChain, type EvalStep, type MatchContext, type Verdict } from "../../netfilter/evaluate.ts";
import { bindDnat, bindSnat, dstManip, parseNatTarget, srcManip } from "../../netfilter/nat.ts";
import type { Chain, Hook, Table, TableName } from "../../netfilter/types.ts";
import { formatRuleSpec } from "../../netfilter/rule-format.ts";
import type { NatEvent } from "../../trace/events.ts";
import { primaryAddress } from "../route.ts";
import type { Netns } from "../types.ts";
import { countHits, randomInt, type WalkState } from "./context.ts";
import { addrTypeFnFor } from "./fib-cache.ts";
import { headersOf, icmpTypeName, type Packet } from "./packet.ts";
import { packetLine, traceStepLine } from "./xtrace.ts";

/** A packet's conntrack entry while it is inside one namespace. */
export interface CtBinding {
  entry: ConntrackEntry;
  readonly dir: CtDirection;
  /** Not yet confirmed: the connection's first packet, still on its way through. */
  readonly pending: boolean;
  natDst: boolean;
  natSrc: boolean;
}

/** A packet's stay in one namespace: the working copy of the namespace and what is known so far. */
export interface Visit {
  ns: Netns;
  readonly packetId: number;
  ct?: CtBinding;
  traced: boolean;
  inIface?: string;
  outIface?: string;
  /** The frame's MACs as it arrived (absent for locally generated packets). */
  readonly macs?: { readonly src: string; readonly dst: string };
  /** Lines for xtables-monitor, flushed to the world's log when the visit ends. */
  readonly traceLines: string[];
}

export type HookVerdict =
  | { readonly kind: "ACCEPT"; readonly pkt: Packet }
  | {
      readonly kind: "DROP" | "REJECT";
      readonly pkt: Packet;
      readonly table: TableName;
      readonly chain: string;
      readonly policy: boolean;
    };

type Stage = TableName | "conntrack" | "confirm";

const STAGES: Readonly<Record<Hook, readonly Stage[]>> = {
  PREROUTING: ["raw", "conntrack", "mangle", "nat"],
  OUTPUT: ["raw", "conntrack", "mangle", "nat", "filter"],
  INPUT: ["mangle", "filter", "nat", "confirm"],
  FORWARD: ["mangle", "filter"],
  POSTROUTING: ["mangle", "nat", "confirm"],
};

/**
 * What a table offers each hook, worked out once per table object (the walk never
 * changes a table: counters are batched until the command ends). A table iptables-nft
 * never touched has no chains registered in the kernel, and iptables-nft registers a
 * base chain only once something is put in it (a rule, a policy): an empty ACCEPT
 * chain is not in the kernel and a packet never meets it (the oracle's traces show no
 * filter INPUT/OUTPUT or nat INPUT lines on a Docker host).
 */
interface TablePlan {
  readonly inUse: boolean;
  /** The base chain a packet meets at each hook, or null when it meets none. */
  readonly base: Readonly<Record<Hook, Chain | null>>;
}

const plans = new WeakMap<Table, TablePlan>();

function registeredChain(t: Table, hook: Hook, inUse: boolean): Chain | null {
  if (!inUse) return null;
  for (const c of t.chains) {
    if (c.name === hook) return c.rules.length === 0 && c.policy !== "DROP" ? null : c;
  }
  return null;
}

function planOf(t: Table): TablePlan {
  let plan = plans.get(t);
  if (plan === undefined) {
    let inUse = false;
    for (const c of t.chains) if (c.rules.length > 0 || (c.policy !== undefined && c.policy !== "ACCEPT")) inUse = true;
    plan = {
      inUse,
      base: {
        PREROUTING: registeredChain(t, "PREROUTING", inUse),
        INPUT: registeredChain(t, "INPUT", inUse),
        FORWARD: registeredChain(t, "FORWARD", inUse),
        OUTPUT: registeredChain(t, "OUTPUT", inUse),
        POSTROUTING: registeredChain(t, "POSTROUTING", inUse),
      },
    };
    plans.set(t, plan);
  }
  return plan;
}

/** Connection tracking runs in a namespace once rules are loaded there (as nf_conntrack registers on demand). */
export function tracksConnections(ns: Netns): boolean {
  if (ns.conntrack.length > 0) return true;
  const nf = ns.netfilter;
  return planOf(nf.filter).inUse || planOf(nf.nat).inUse || planOf(nf.raw).inUse || planOf(nf.mangle).inUse;
}

function matchContext(v: Visit): MatchContext {
  const ct = v.ct;
  return {
    inIface: v.inIface,
    outIface: v.outIface,
    ctstate: ct ? ctstateOf(ct.entry, ct.dir) : "INVALID",
    addrTypeOf: addrTypeFnFor(v.ns),
  };
}

const ACCEPTED: { readonly verdict: Verdict; readonly steps: readonly EvalStep[] } = {
  verdict: { kind: "ACCEPT" },
  steps: [],
};

/** Evaluates one table's chain, records counters, events and trace lines. */
function runTable(
  st: WalkState,
  v: Visit,
  table: TableName,
  hook: Hook,
  pkt: Packet,
): { readonly verdict: Verdict; readonly steps: readonly EvalStep[] } {
  const t = v.ns.netfilter[table];
  if (planOf(t).base[hook] === null) return ACCEPTED;
  const res = evaluateChain(t, hook, pkt.icmp ? { ...pkt, icmpType: icmpTypeName(pkt)! } : pkt, matchContext(v));
  countHits(st, v.ns.id, table, res.hits, pkt.len);
  const steps = res.steps;
  const wasTraced = v.traced;
  if (res.traced) v.traced = true;
  if (v.traced) {
    let from = 0;
    if (!wasTraced) while (from < steps.length && steps[from]!.rule?.target?.kind !== "TRACE") from++;
    v.traceLines.push(packetLine(v, pkt));
    for (let i = from; i < steps.length; i++) v.traceLines.push(traceStepLine(v, table, steps[i]!));
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
        table,
        chain: s.chain,
        policy: s.verdict as "ACCEPT" | "DROP",
      });
    } else {
      events.push({
        type: "rule",
        packetId: v.packetId,
        netns,
        table,
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

type RuleT = Parameters<typeof formatRuleSpec>[0];
/**
 * Rule texts: by the rule object itself (frozen while packets walk), and by the rule's
 * match list, which survives the copies counter updates make, checked against the rest.
 */
const textByRule = new WeakMap<object, { chain: string; text: string }>();
const textCache = new WeakMap<object, { rule: RuleT; chain: string; text: string }>();

function sameSpec(a: RuleT, b: RuleT): boolean {
  return (
    a.src === b.src &&
    a.dst === b.dst &&
    a.inIface === b.inIface &&
    a.outIface === b.outIface &&
    a.proto === b.proto &&
    a.target === b.target
  );
}

function ruleText(chain: string, rule: RuleT): string {
  const own = textByRule.get(rule);
  if (own !== undefined && own.chain === chain) return own.text;
  const hit = textCache.get(rule.matches);
  let text: string;
  if (hit && hit.chain === chain && sameSpec(hit.rule, rule)) text = hit.text;
  else {
    const spec = formatRuleSpec(rule);
    text = spec ? `-A ${chain} ${spec}` : `-A ${chain}`;
    textCache.set(rule.matches, { rule, chain, text });
  }
  textByRule.set(rule, { chain, text });
  return text;
}

function conntrackIn(st: WalkState, v: Visit, pkt: Packet): void {
  if (v.ct || !tracksConnections(v.ns)) return;
  const clock = st.world.clock;
  const table = expire(v.ns.conntrack, clock);
  if (table !== v.ns.conntrack) v.ns = { ...v.ns, conntrack: table };
  const found = lookup(table, pkt, clock);
  if (found) {
    const entry = advance(found.entry, pkt, found.direction, clock);
    v.ct = { entry, dir: found.direction, pending: false, natDst: true, natSrc: true };
    const copy = table.slice();
    copy[found.index] = entry;
    v.ns = { ...v.ns, conntrack: copy };
    st.events.push({
      type: "conntrack",
      packetId: v.packetId,
      netns: v.ns.id,
      action: "match",
      entryId: entry.id,
      ctstate: ctstateOf(entry, found.direction),
      entryText: formatEntry(entry, clock),
    });
    return;
  }
  const entry = newEntry(pkt, randomInt(st, 1, 0x7fffffff), clock);
  v.ct = { entry, dir: "original", pending: true, natDst: false, natSrc: false };
  st.events.push({
    type: "conntrack",
    packetId: v.packetId,
    netns: v.ns.id,
    action: "new",
    entryId: entry.id,
    ctstate: "NEW",
    entryText: formatEntry(entry, clock),
  });
}

function confirm(st: WalkState, v: Visit): void {
  const ct = v.ct;
  if (!ct || !ct.pending) return;
  v.ns = { ...v.ns, conntrack: [...v.ns.conntrack, ct.entry] };
  v.ct = { ...ct, pending: false };
  st.events.push({
    type: "conntrack",
    packetId: v.packetId,
    netns: v.ns.id,
    action: "confirm",
    entryId: ct.entry.id,
    ctstate: ctstateOf(ct.entry, ct.dir),
    entryText: formatEntry(ct.entry, st.world.clock),
  });
}

function natEvent(v: Visit, kind: NatEvent["kind"], by: NatEvent["by"], before: Packet, after: Packet): NatEvent {
  return {
    type: "nat",
    packetId: v.packetId,
    netns: v.ns.id,
    kind,
    by,
    before: headersOf(before),
    after: headersOf(after),
  };
}

/** The nat stage: rules for a connection's first packet, conntrack's rewrite for every packet. */
function natStage(st: WalkState, v: Visit, hook: Hook, pkt: Packet): { pkt: Packet; drop?: HookVerdict } {
  const ct = v.ct;
  if (!ct) return { pkt };
  const isDst = hook === "PREROUTING" || hook === "OUTPUT";
  const done = isDst ? ct.natDst : ct.natSrc;
  let kind: NatEvent["kind"] = isDst
    ? ct.dir === "reply"
      ? "un-SNAT"
      : "DNAT"
    : ct.dir === "reply"
      ? "un-DNAT"
      : "SNAT";
  let by: NatEvent["by"] = "conntrack";
  if (ct.pending && !done) {
    const res = runTable(st, v, "nat", hook, pkt);
    const verdict = res.verdict;
    by = "rule";
    if (verdict.kind === "DROP" || verdict.kind === "REJECT") {
      return { pkt, drop: { kind: verdict.kind, pkt, table: "nat", chain: hook, policy: false } };
    }
    if (isDst && verdict.kind === "DNAT") {
      ct.entry = bindDnat(ct.entry, parseNatTarget(verdict.toDestination));
    } else if (!isDst && verdict.kind === "SNAT") {
      const t = parseNatTarget(verdict.toSource);
      ct.entry = bindSnat(ct.entry, v.ns.conntrack, t.addr ?? pkt.src, st.world.clock, t.port);
    } else if (!isDst && verdict.kind === "MASQUERADE") {
      const addr = v.outIface ? primaryAddress(v.ns, v.outIface)?.address : undefined;
      if (addr === undefined) return { pkt, drop: { kind: "DROP", pkt, table: "nat", chain: hook, policy: false } };
      ct.entry = bindSnat(ct.entry, v.ns.conntrack, addr, st.world.clock);
      kind = "MASQUERADE";
    }
    if (isDst) ct.natDst = true;
    else ct.natSrc = true;
  }
  const rewritten = isDst ? dstManip(pkt, ct.entry, ct.dir) : srcManip(pkt, ct.entry, ct.dir);
  if (!rewritten) return { pkt };
  st.events.push(natEvent(v, kind, by, pkt, rewritten));
  return { pkt: rewritten };
}

/** Runs the packet through every stage of `hook` in the visited namespace. */
export function runHook(st: WalkState, v: Visit, hook: Hook, pkt0: Packet): HookVerdict {
  let pkt = pkt0;
  st.events.push({
    type: "hook",
    packetId: v.packetId,
    netns: v.ns.id,
    hook,
    inIface: v.inIface,
    outIface: v.outIface,
    headers: headersOf(pkt),
  });
  for (const stage of STAGES[hook]) {
    if (stage === "conntrack") {
      conntrackIn(st, v, pkt);
    } else if (stage === "confirm") {
      confirm(st, v);
    } else if (stage === "nat") {
      const r = natStage(st, v, hook, pkt);
      if (r.drop) return r.drop;
      pkt = r.pkt;
    } else {
      const res = runTable(st, v, stage, hook, pkt);
      const k = res.verdict.kind;
      if (k === "DROP" || k === "REJECT") {
        const last = res.steps[res.steps.length - 1];
        return { kind: k, pkt, table: stage, chain: last?.chain ?? hook, policy: last?.policy ?? false };
      }
    }
  }
  return { kind: "ACCEPT", pkt };
}
