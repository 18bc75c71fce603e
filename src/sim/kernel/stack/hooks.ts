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
  killedByReset,
  lookup,
  newEntry,
  timeoutsOf,
  type CtDirection,
} from "../../netfilter/conntrack.ts";
import type { Verdict } from "../../netfilter/evaluate.ts";
import { bindDnat, bindSnat, dstManip, natTargetOf, srcManip } from "../../netfilter/nat.ts";
import type { Chain, Hook, Table, TableName } from "../../netfilter/types.ts";
import type { NatEvent } from "../../trace/events.ts";
import { primaryAddress } from "../route.ts";
import type { Netns } from "../types.ts";
import { formatIpv4, maskOf, parseIpv4 } from "../../ipv4.ts";
import { headersFor, randomInt, type WalkState } from "./context.ts";
import { ownConntrack } from "./ct-own.ts";
import { withTtl, type Packet } from "./packet.ts";
import { runTable } from "./tables.ts";
import type { NetfilterPlan, PlannedStage, Visit } from "./visit.ts";

export { tracksConnections } from "./tables.ts";

export type { CtBinding, Visit } from "./visit.ts";

export interface DropVerdict {
  readonly kind: "DROP" | "REJECT";
  /** REJECT's --reject-with. */
  readonly rejectWith?: string;
  readonly pkt: Packet;
  readonly hook: Hook;
  readonly table: TableName;
  readonly chain: string;
  readonly policy: boolean;
}

/** The packet as the hook let it through (rewritten by NAT, perhaps), or why it stopped: no object is made for a pass. */
export type HookVerdict = Packet | DropVerdict;

/**
 * An ICMP error carries the header of the packet it answers: conntrack finds that
 * packet's connection and tracks the error as RELATED, in the other direction.
 */
function relatedIcmp(st: WalkState, v: Visit, pkt: Packet, table: readonly ConntrackEntry[]): boolean {
  const inner = pkt.icmp?.inner;
  // Destination unreachable: type 3 in ICMP, type 1 in ICMPv6.
  if (!inner || (pkt.icmp.type !== 3 && !(v.six === true && pkt.icmp.type === 1))) return false;
  // The inner packet went the other way: its answer is what the table knows, in the error's direction.
  const back = { proto: inner.proto, src: inner.dst, dst: inner.src, sport: inner.dport, dport: inner.sport };
  const found = lookup(table, back, st.world.clock);
  if (!found) return false;
  v.ct = { entry: found.entry, dir: found.direction, pending: false, natDst: true, natSrc: true, related: true };
  return true;
}

function conntrackIn(st: WalkState, v: Visit, pkt: Packet): void {
  // IPv6 is tracked once the ip6 tables hold something (nf_ct_netns_get per family).
  if (v.ct || v.untracked || (!v.plan.tracks && (v.six === true || v.ns.conntrack.length === 0))) return;
  const clock = st.world.clock;
  const table = expire(v.ns.conntrack, clock);
  if (table !== v.ns.conntrack) {
    st.owned.add(table);
    ownConntrack(st, v, table);
  }
  if (pkt.icmp?.inner && relatedIcmp(st, v, pkt, table)) return;
  const found = lookup(table, pkt, clock);
  if (found) {
    const entry = advance(found.entry, pkt, found.direction, clock, timeoutsOf(v.ns.sysctl));
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
      at: clock,
      entry,
    });
    return;
  }
  // nf_conntrack_events: 1 always gives an entry events, 2 (the default) only while a conntrack -E listens.
  const ev = v.ns.sysctl["net.netfilter.nf_conntrack_events"];
  const events = ev === "1" || (ev !== "0" && (v.ns.ctListeners ?? 0) > 0);
  const entry = newEntry(pkt, randomInt(st, 1, 0x7fffffff), clock, timeoutsOf(v.ns.sysctl), events);
  v.ct = { entry, dir: "original", pending: true, natDst: false, natSrc: false };
  st.events.push({
    type: "conntrack",
    packetId: v.packetId,
    netns: v.ns.id,
    action: "new",
    entryId: entry.id,
    ctstate: "NEW",
    at: clock,
    entry,
  });
}

function confirm(st: WalkState, v: Visit): void {
  const ct = v.ct;
  if (!ct || !ct.pending || ct.attached) return;
  ownConntrack(st, v, v.ns.conntrack).push(ct.entry);
  v.ct = { entry: ct.entry, dir: ct.dir, pending: false, natDst: ct.natDst, natSrc: ct.natSrc };
  st.events.push({
    type: "conntrack",
    packetId: v.packetId,
    netns: v.ns.id,
    action: "confirm",
    entryId: ct.entry.id,
    ctstate: ctstateOf(ct.entry, ct.dir),
    at: st.world.clock,
    entry: ct.entry,
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
    } else if (isDst && verdict.kind === "REDIRECT") {
      // To the address of the interface the packet came in on (127.0.0.1 when it was sent here).
      const addr =
        hook === "OUTPUT"
          ? v.six
            ? "::1"
            : "127.0.0.1"
          : v.inIface
            ? v.six
              ? address6On(v.ns, v.inIface, pkt.dst)
              : primaryAddress(v.ns, v.inIface)?.address
            : undefined;
      if (addr === undefined) return { kind: "DROP", pkt, hook, table: "nat", chain: hook, policy: false };
      const port = verdict.toPorts === undefined ? undefined : Number(verdict.toPorts.split("-")[0]);
      ct.entry = bindDnat(ct.entry, port === undefined ? { addr } : { addr, port });
      kind = "REDIRECT";
    } else if (verdict.kind === "NETMAP") {
      const mapped = netmap(verdict.to, isDst ? pkt.dst : pkt.src);
      ct.entry = isDst
        ? bindDnat(ct.entry, { addr: mapped })
        : bindSnat(ct.entry, v.ns.conntrack, mapped, st.world.clock);
      kind = "NETMAP";
    } else if (!isDst && verdict.kind === "SNAT") {
      const t = natTargetOf(verdict.toSource);
      ct.entry = bindSnat(ct.entry, v.ns.conntrack, t.addr ?? pkt.src, st.world.clock, t.port);
    } else if (!isDst && verdict.kind === "MASQUERADE") {
      const addr = v.outIface
        ? v.six
          ? address6On(v.ns, v.outIface, pkt.dst)
          : primaryAddress(v.ns, v.outIface)?.address
        : undefined;
      if (addr === undefined) return { kind: "DROP", pkt, hook, table: "nat", chain: hook, policy: false };
      ct.entry = bindSnat(ct.entry, v.ns.conntrack, addr, st.world.clock);
      kind = "MASQUERADE";
    }
    if (isDst) ct.natDst = true;
    else ct.natSrc = true;
  }
  const rewritten = ct.related
    ? relatedManip(pkt, ct.entry, ct.dir, isDst)
    : isDst
      ? dstManip(pkt, ct.entry, ct.dir)
      : srcManip(pkt, ct.entry, ct.dir);
  if (!rewritten) return pkt;
  st.events.push(natEvent(st, v, kind, by, pkt, rewritten));
  return rewritten;
}

const ACCEPT: Verdict = { kind: "ACCEPT" };

/**
 * The IPv6 address NAT takes on `ifname` (ipv6_dev_get_saddr): the destination itself when it
 * is the namespace's own (over lo), else the interface's first global address.
 */
function address6On(ns: Netns, ifname: string, dst: string): string | undefined {
  const own = ns.addrs6 ?? [];
  if (ifname === "lo") return dst === "::1" || own.some((a) => a.address === dst) ? dst : "::1";
  return own.find((a) => a.ifname === ifname && !a.address.startsWith("fe80:"))?.address;
}

/** NETMAP: the network part from `to` (`192.168.1.0/24`), the host part from the address. */
function netmap(to: string, addr: string): string {
  const [net = "0.0.0.0", len = "32"] = to.split("/");
  const mask = maskOf(Number(len));
  const a = parseIpv4(addr) ?? 0;
  const n = parseIpv4(net) ?? 0;
  return formatIpv4(((n & mask) | (a & ~mask)) >>> 0);
}

/**
 * nf_nat_icmp_reply_translation: an ICMP error about a NATed connection gets the
 * outer address NAT changed, and its inner header back to what that side sent.
 */
function relatedManip(pkt: Packet, e: ConntrackEntry, dir: CtDirection, isDst: boolean): Packet | undefined {
  const icmp = pkt.icmp;
  const inner = icmp?.inner;
  if (!icmp || !inner) return undefined;
  // The inner packet went the other way; as its sender knows it, it is that direction's tuple.
  const t = dir === "reply" ? e.orig : e.reply;
  const other = dir === "reply" ? e.reply : e.orig;
  const fixed = { proto: inner.proto, src: t.src, dst: t.dst, sport: t.sport, dport: t.dport, ttl: inner.ttl };
  if (isDst) {
    // Outer destination: where that sender really is.
    if (pkt.dst !== other.dst || pkt.dst === t.src) return undefined;
    return { ...pkt, dst: t.src, icmp: { ...icmp, inner: fixed } };
  }
  // Outer source: the address that sender spoke to; the inner header too (a DNATed port's refusal names 5353, not 53).
  if (pkt.src !== other.src || other.src === t.dst) return undefined;
  return { ...pkt, src: t.dst, icmp: { ...icmp, inner: fixed } };
}

export function isDrop(r: Packet | DropVerdict): r is DropVerdict {
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
        if (res.ttl !== undefined && res.ttl !== pkt.ttl) pkt = withTtl(pkt, res.ttl);
        const k = res.verdict.kind;
        if (k === "DROP" || k === "REJECT") {
          const last = res.steps[res.steps.length - 1];
          const base = {
            kind: k,
            pkt,
            hook,
            table: stage.name,
            chain: last?.chain ?? hook,
            policy: last?.policy ?? false,
          };
          return res.verdict.kind === "REJECT" ? { ...base, rejectWith: res.verdict.rejectWith } : base;
        }
      }
    }
  }
  return pkt;
}
