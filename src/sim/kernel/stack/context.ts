/**
 * The state one command's packets share while they move: the world (replaced, never
 * mutated, as each step returns a new one), the trace events in order, packet ids,
 * the sockets the command's processes hold open, and the xtables-monitor lines of
 * TRACEd packets. It lives only for the duration of one command.
 */
import type { KernelWorld, Listener, Netns } from "../types.ts";
import type { Headers, TraceEvent } from "../../trace/events.ts";
import { applyCounters, type CounterHit } from "../../netfilter/evaluate.ts";
import { countedCopy } from "../../netfilter/origin.ts";
import type { TableName } from "../../netfilter/types.ts";
import { LIMITS } from "../../limits.ts";
import { nextInt } from "../../rng.ts";
import { headersOf, type Packet } from "./packet.ts";
import type { XtState } from "./xt-state.ts";
import { commitNeighbours, newNeighLearning, type NeighLearning } from "./neigh-commit.ts";
import { withCounts, type LinkCounts } from "./link-count.ts";
import { addSnmp, type SnmpCounter } from "../snmp.ts";

/** A connected socket a process holds (client side, or a server's accepted connection). */
export interface Socket {
  readonly netns: string;
  readonly proto: "tcp" | "udp" | "icmp";
  readonly addr: string;
  /** Port, or the ICMP echo id. */
  readonly port: number;
  readonly process: string;
}

export interface WalkState<W extends KernelWorld = KernelWorld> {
  /** The world as of the last `worldOf` (namespaces the walk changed are in `dirty`). */
  world: W;
  /** Namespaces changed since: written back together by `worldOf`, so a walk through a world of many namespaces copies its map once, not once per hop. */
  readonly dirty: Map<string, Netns>;
  /**
   * Objects this walk made since the last `worldOf` (namespace copies, conntrack tables)
   * and nothing outside it has seen yet: the walk may change them in place instead of
   * copying them again on every packet. `worldOf` hands them out, so it empties this.
   */
  readonly owned: Set<object>;
  /** The stateful xt matches' tables, copied on first use (written to world.xt by `worldOf`). */
  xt?: XtState;
  /** `-m limit` buckets this command changed (written to world.limits by `worldOf`). */
  readonly limits: Map<string, { tokens: number; at: number }>;
  /** Counter hits not yet added to the namespaces' tables (added together by `worldOf`). */
  readonly counters: Map<string, Map<TableName, CounterBatch[]>>;
  /** Which bridge port answers ARP for an address (netns → bridge → address → port name, null for none). */
  readonly neighbours: NeighbourCache;
  /** What the walk's resolutions taught the neighbour tables (written to world.neigh by `worldOf`). */
  readonly neigh: NeighLearning;
  /** Frames counted on links since the last `worldOf` (written to the links' stats by it). */
  readonly linkCounts: LinkCounts;
  /** /proc/net/snmp counters moved since the last `worldOf`, by namespace (written to them by it). */
  readonly snmp: Map<string, Map<SnmpCounter, number>>;
  readonly events: TraceEvent[];
  nextPacketId: number;
  nextFlowId: number;
  packetsSent: number;
  readonly sockets: Socket[];
  /** The last packet an event described, and its headers (see `headersFor`). */
  lastPacket: Packet | undefined;
  lastHeaders: Headers | undefined;
  /** How many programs are relaying one another's requests now (an nginx proxying to a proxy), bounded by them. */
  relayDepth?: number;
  /** The client now waiting on an exchange: when it gives up (clock ms, undefined: never), and whether it has. */
  patience?: { readonly until: number | undefined; abandoned: boolean };
}

/**
 * Neighbour answers depend only on links and addresses, which no packet changes, so they
 * are shared by every walk over the same set of namespaces (the same `world.netns` object).
 */
export type NeighbourCache = Map<string, Map<string, Map<string, string | null>>>;

const neighbourCache = new WeakMap<object, NeighbourCache>();

function neighboursOf(world: KernelWorld): NeighbourCache {
  let m = neighbourCache.get(world.netns);
  if (!m) neighbourCache.set(world.netns, (m = new Map<string, Map<string, Map<string, string | null>>>()));
  return m;
}

export function createWalkState<W extends KernelWorld>(world: W): WalkState<W> {
  return {
    world,
    dirty: new Map(),
    owned: new Set(),
    counters: new Map(),
    limits: new Map(),
    neighbours: neighboursOf(world),
    neigh: newNeighLearning(),
    linkCounts: new Map(),
    snmp: new Map(),
    events: [],
    nextPacketId: 1,
    nextFlowId: 1,
    packetsSent: 0,
    sockets: [],
    lastPacket: undefined,
    lastHeaders: undefined,
  };
}

export function getNs(st: WalkState, id: string): Netns | undefined {
  const d = st.dirty.get(id);
  if (d) return d;
  return Object.hasOwn(st.world.netns, id) ? st.world.netns[id] : undefined;
}

export function putNs(st: WalkState, ns: Netns): void {
  st.dirty.set(ns.id, ns);
}

/**
 * The headers of `pkt` for an event. A packet passes several hooks unchanged, so its
 * events share one headers object (packets and events are both immutable).
 */
export function headersFor(st: WalkState, pkt: Packet): Headers {
  if (st.lastPacket !== pkt || st.lastHeaders === undefined) {
    st.lastPacket = pkt;
    st.lastHeaders = headersOf(pkt);
  }
  return st.lastHeaders;
}

/** The world with every change the walk made so far. */
export function worldOf<W extends KernelWorld>(st: WalkState<W>): W {
  st.owned.clear();
  if (st.xt) {
    st.world = { ...st.world, xt: st.xt };
    st.xt = undefined;
  }
  if (st.limits.size > 0) {
    st.world = { ...st.world, limits: { ...st.world.limits, ...Object.fromEntries(st.limits) } };
    st.limits.clear();
  }
  st.world = commitNeighbours(st.neigh, st.world);
  for (const [key, byTable] of st.counters) {
    const six = key.endsWith(SIX);
    const id = six ? key.slice(0, -SIX.length) : key;
    const ns = getNs(st, id);
    const base = six ? ns?.netfilter6 : ns?.netfilter;
    if (!ns || !base) continue;
    const nf = { ...base };
    for (const [t, batches] of byTable) {
      // A base chain iptables-nft made for a rule carries no policy counter (`policy ACCEPT
      // 0 packets` however many packets the policy let through); one whose policy was set
      // (`-P`, a restore's `:CHAIN POLICY` line) counts them (both checked on the oracle).
      const counted = new Set(nf[t].chains.filter((c) => c.policyCounted).map((c) => c.name));
      const hits: CounterHit[] = [];
      for (const b of batches)
        for (const h of b.hits)
          if (h.rule >= 0 || counted.has(h.chain)) hits.push({ chain: h.chain, rule: h.rule, len: b.len });
      nf[t] = applyCounters(nf[t], hits);
    }
    countedCopy(base, nf);
    st.dirty.set(id, six ? { ...ns, netfilter6: nf } : { ...ns, netfilter: nf });
  }
  st.counters.clear();
  for (const [id, byLink] of st.linkCounts) {
    const ns = getNs(st, id);
    if (ns) st.dirty.set(id, withCounts(ns, byLink));
  }
  st.linkCounts.clear();
  for (const [id, more] of st.snmp) {
    const ns = getNs(st, id);
    if (ns) st.dirty.set(id, { ...ns, snmp: addSnmp(ns.snmp, more) });
  }
  st.snmp.clear();
  if (st.dirty.size > 0) {
    const netns = { ...st.world.netns };
    for (const [id, ns] of st.dirty) netns[id] = ns;
    st.dirty.clear();
    st.world = { ...st.world, netns };
  }
  return st.world;
}

export function randomInt(st: WalkState, min: number, max: number): number {
  const [n, rng] = nextInt(st.world.rng, min, max);
  st.world = { ...st.world, rng };
  return n;
}

/** Appends lines to a log of the world (`world.logs[name]`), keeping the newest LIMITS.maxOutputLines. */
export function appendLog(st: WalkState, name: string, lines: readonly string[]): void {
  if (lines.length === 0) return;
  const prev = Object.hasOwn(st.world.logs, name) ? st.world.logs[name]! : [];
  let next = [...prev, ...lines];
  if (next.length > LIMITS.maxOutputLines) next = next.slice(next.length - LIMITS.maxOutputLines);
  st.world = { ...st.world, logs: { ...st.world.logs, [name]: next } };
}

export function advanceClock(st: WalkState, ms: number): void {
  st.world = { ...st.world, clock: st.world.clock + ms };
}

/** The listener that takes a packet to `addr:port` in `ns`, the most specific address first. */
export function findListener(ns: Netns, proto: "tcp" | "udp", addr: string, port: number): Listener | undefined {
  let wild: Listener | undefined;
  for (const l of ns.listeners) {
    if (l.proto !== proto || l.port !== port) continue;
    if (l.addr === addr) return l;
    // docker-proxy's [::] socket is IPv6-only (Go's tcp6), so each family has its own wildcard.
    if (l.addr === (addr.includes(":") ? "::" : "0.0.0.0") || (l.dualStack && l.addr === "::")) wild ??= l;
  }
  return wild;
}

export function findSocket(
  st: WalkState,
  netns: string,
  proto: string,
  addr: string,
  port: number,
): Socket | undefined {
  for (const s of st.sockets)
    if (s.netns === netns && s.proto === proto && s.addr === addr && s.port === port) return s;
  return undefined;
}

/** The log name xtables-monitor reads TRACE lines from, per namespace. */
export function traceLogName(netns: string): string {
  return `xtables-monitor:${netns}`;
}

/** The counters one packet advanced in one table: added to the table by `worldOf`. */
export interface CounterBatch {
  readonly hits: readonly CounterHit[];
  readonly len: number;
}

/** Marks a counters key as the namespace's ip6 tables (`host` + SIX). */
export const SIX = "#6";

/** Records the counters a packet advanced in one table of one namespace (`netns` + SIX: its ip6 tables). */
export function countHits(
  st: WalkState,
  netns: string,
  table: TableName,
  hits: readonly CounterHit[],
  len: number,
): void {
  if (hits.length === 0) return;
  let byTable = st.counters.get(netns);
  if (!byTable) st.counters.set(netns, (byTable = new Map<TableName, CounterBatch[]>()));
  let list = byTable.get(table);
  if (!list) byTable.set(table, (list = []));
  list.push({ hits, len });
}
