/**
 * One netfilter hook in one namespace, in the kernel's priority order: raw (-300),
 * conntrack (-200), mangle (-150), nat DNAT (-100), filter (0), nat SNAT (100),
 * conntrack confirm (last). The nat table only sees a connection's first packet;
 * every later packet (and every reply) is rewritten from the conntrack entry.
 */
import type { ConntrackEntry } from "../../netfilter/conntrack-types.ts";
import { advance, ctstateOf, expire, formatEntry, killedByReset, lookup, newEntry } from "../../netfilter/conntrack.ts";
import type { Verdict } from "../../netfilter/evaluate.ts";
import { bindDnat, bindSnat, dstManip, natTargetOf, srcManip } from "../../netfilter/nat.ts";
import type { Chain, Hook, Table, TableName } from "../../netfilter/types.ts";
import type { NatEvent } from "../../trace/events.ts";
import { primaryAddress } from "../route.ts";
import { headersFor, randomInt, type WalkState } from "./context.ts";
import type { Packet } from "./packet.ts";
import { runTable } from "./tables.ts";
import type { NetfilterPlan, PlannedStage, Visit } from "./visit.ts";

export { tracksConnections } from "./tables.ts";

export type { CtBinding, Visit } from "./visit.ts";

interface DropVerdict {
  readonly kind: "DROP" | "REJECT";
  readonly pkt: Packet;
  readonly hook: Hook;
  readonly table: TableName;
  readonly chain: string;
  readonly policy: boolean;
}

export type HookVerdict = { readonly kind: "ACCEPT"; readonly pkt: Packet } | DropVerdict;

/**
 * The visit's namespace with a conntrack table of the walk's own, to change in place:
 * copied on the first change in a command, never again until `worldOf` hands it out
 * (the input world's namespaces and tables are never touched).
 */
function ownConntrack(st: WalkState, v: Visit, table: readonly ConntrackEntry[]): ConntrackEntry[] {
  let ns = v.ns;
  if (!st.owned.has(ns)) {
    ns = { ...ns };
    st.owned.add(ns);
    v.ns = ns;
  }
  let own: ConntrackEntry[];
  if (st.owned.has(table)) own = table as ConntrackEntry[];
  else {
    own = table.slice();
    st.owned.add(own);
  }
  if (ns.conntrack !== own) (ns as { conntrack: readonly ConntrackEntry[] }).conntrack = own;
  return own;
}

function conntrackIn(st: WalkState, v: Visit, pkt: Packet): void {
  if (v.ct || (v.ns.conntrack.length === 0 && !v.plan.tracks)) return;
  const clock = st.world.clock;
  const table = expire(v.ns.conntrack, clock);
  if (table !== v.ns.conntrack) {
    st.owned.add(table);
    ownConntrack(st, v, table);
  }
  const found = lookup(table, pkt, clock);
  if (found) {
    const entry = advance(found.entry, pkt, found.direction, clock);
    v.ct = { entry, dir: found.direction, pending: false, natDst: true, natSrc: true };
    // The packet keeps its entry (its NAT is still undone); the table forgets it.
    if (killedByReset(found.entry, pkt, found.direction)) ownConntrack(st, v, table).splice(found.index, 1);
    else ownConntrack(st, v, table)[found.index] = entry;
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
  ownConntrack(st, v, v.ns.conntrack).push(ct.entry);
  v.ct = { entry: ct.entry, dir: ct.dir, pending: false, natDst: ct.natDst, natSrc: ct.natSrc };
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

function natEvent(
  st: WalkState,
  v: Visit,
  kind: NatEvent["kind"],
  by: NatEvent["by"],
  before: Packet,
  after: Packet,
): NatEvent {
  return {
    type: "nat",
    packetId: v.packetId,
    netns: v.ns.id,
    kind,
    by,
    before: headersFor(st, before),
    after: headersFor(st, after),
  };
}

/** The nat stage: rules for a connection's first packet, conntrack's rewrite for every packet. */
function natStage(
  st: WalkState,
  v: Visit,
  hook: Hook,
  table: Table,
  chain: Chain | null,
  pkt: Packet,
): Packet | DropVerdict {
  const ct = v.ct;
  if (!ct) return pkt;
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
    const verdict = chain ? runTable(st, v, "nat", table, chain, pkt).verdict : ACCEPT;
    by = "rule";
    if (verdict.kind === "DROP" || verdict.kind === "REJECT") {
      return { kind: verdict.kind, pkt, hook, table: "nat", chain: hook, policy: false };
    }
    if (isDst && verdict.kind === "DNAT") {
      ct.entry = bindDnat(ct.entry, natTargetOf(verdict.toDestination));
    } else if (!isDst && verdict.kind === "SNAT") {
      const t = natTargetOf(verdict.toSource);
      ct.entry = bindSnat(ct.entry, v.ns.conntrack, t.addr ?? pkt.src, st.world.clock, t.port);
    } else if (!isDst && verdict.kind === "MASQUERADE") {
      const addr = v.outIface ? primaryAddress(v.ns, v.outIface)?.address : undefined;
      if (addr === undefined) return { kind: "DROP", pkt, hook, table: "nat", chain: hook, policy: false };
      ct.entry = bindSnat(ct.entry, v.ns.conntrack, addr, st.world.clock);
      kind = "MASQUERADE";
    }
    if (isDst) ct.natDst = true;
    else ct.natSrc = true;
  }
  const rewritten = isDst ? dstManip(pkt, ct.entry, ct.dir) : srcManip(pkt, ct.entry, ct.dir);
  if (!rewritten) return pkt;
  st.events.push(natEvent(st, v, kind, by, pkt, rewritten));
  return rewritten;
}

const ACCEPT: Verdict = { kind: "ACCEPT" };

function isDrop(r: Packet | DropVerdict): r is DropVerdict {
  return (r as Partial<Packet>).proto === undefined;
}

/** `plan.hooks[hook]`, without a keyed load that sees five names (V8 makes that one slow). */
function stagesAt(plan: NetfilterPlan, hook: Hook): readonly PlannedStage[] {
  const h = plan.hooks;
  switch (hook) {
    case "PREROUTING":
      return h.PREROUTING;
    case "INPUT":
      return h.INPUT;
    case "FORWARD":
      return h.FORWARD;
    case "OUTPUT":
      return h.OUTPUT;
    case "POSTROUTING":
      return h.POSTROUTING;
  }
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
    headers: headersFor(st, pkt),
  });
  const stages = stagesAt(v.plan, hook);
  for (let i = 0; i < stages.length; i++) {
    const stage = stages[i]!;
    switch (stage.kind) {
      case "conntrack":
        conntrackIn(st, v, pkt);
        break;
      case "confirm":
        confirm(st, v);
        break;
      case "nat": {
        const r = natStage(st, v, hook, stage.table, stage.chain, pkt);
        if (isDrop(r)) return r;
        pkt = r;
        break;
      }
      case "table": {
        const res = runTable(st, v, stage.name, stage.table, stage.chain, pkt);
        const k = res.verdict.kind;
        if (k === "DROP" || k === "REJECT") {
          const last = res.steps[res.steps.length - 1];
          return {
            kind: k,
            pkt,
            hook,
            table: stage.name,
            chain: last?.chain ?? hook,
            policy: last?.policy ?? false,
          };
        }
      }
    }
  }
  return { kind: "ACCEPT", pkt };
}
