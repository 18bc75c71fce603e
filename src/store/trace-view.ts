/**
 * Views of the last command's trace, derived (never stored): the key moments a person
 * follows by default, every step, and filters in the manner of Packet Tracer's event list.
 * Pure. A view is a list of entries, each pointing at one step of the full, unfiltered
 * timeline (the trace's events without its `command` event), so the player's position is
 * always a full-timeline index whatever view is shown.
 */
import type { TraceEvent } from "../worker/protocol.ts";

export type StepEvent = Exclude<TraceEvent, { type: "command" }>;
type PacketEvent = Extract<StepEvent, { type: "packet" }>;
type DropEvent = Extract<StepEvent, { type: "drop" }>;

export type TraceViewMode = "key" | "all";
export type EventKind = StepEvent["type"];
export type Protocol = "DNS" | "HTTP" | "TCP" | "UDP" | "ICMP";

export const EVENT_KINDS: readonly EventKind[] = [
  "packet",
  "hop",
  "hook",
  "route",
  "rule",
  "policy",
  "nat",
  "conntrack",
  "deliver",
  "drop",
];
export const PROTOCOLS: readonly Protocol[] = ["DNS", "HTTP", "TCP", "UDP", "ICMP"];

/** Empty lists mean "all": a filter narrows only along the dimensions it names. */
export interface TraceFilters {
  readonly packets: readonly number[];
  readonly protocols: readonly Protocol[];
  readonly machines: readonly string[];
  readonly kinds: readonly EventKind[];
}

export const NO_FILTERS: TraceFilters = { packets: [], protocols: [], machines: [], kinds: [] };

export function hasFilters(f: TraceFilters): boolean {
  return f.packets.length + f.protocols.length + f.machines.length + f.kinds.length > 0;
}

/**
 * One step of a view: `index` is the full-timeline step shown; `from`..`to` the steps it
 * stands for (equal to `index` unless folded). A `packet` fold is a packet that goes the
 * way its connection's first packet went; a `dns` fold is a whole name lookup.
 */
export interface ViewEntry {
  readonly index: number;
  readonly from: number;
  readonly to: number;
  readonly fold?: "dns" | "packet";
}

const stepsMemo = new WeakMap<readonly TraceEvent[], readonly StepEvent[]>();

/** The full timeline: every event but `command`, in order. */
export function stepEvents(events: readonly TraceEvent[]): readonly StepEvent[] {
  let steps = stepsMemo.get(events);
  if (!steps) {
    steps = events.filter((e): e is StepEvent => e.type !== "command");
    stepsMemo.set(events, steps);
  }
  return steps;
}

export function protocolOf(p: PacketEvent): Protocol {
  const h = p.headers;
  if (p.label.startsWith("DNS") || (h.proto === "udp" && (h.dport === 53 || h.sport === 53))) return "DNS";
  if (p.label.startsWith("HTTP")) return "HTTP";
  return h.proto === "tcp" ? "TCP" : h.proto === "udp" ? "UDP" : "ICMP";
}

interface PacketSpan {
  readonly id: number;
  readonly ev: PacketEvent;
  readonly first: number;
  last: number;
  dropped: boolean;
}

function packetSpans(steps: readonly StepEvent[]): PacketSpan[] {
  const byId = new Map<number, PacketSpan>();
  const order: PacketSpan[] = [];
  steps.forEach((e, i) => {
    let p = byId.get(e.packetId);
    if (!p) {
      if (e.type !== "packet") return;
      p = { id: e.packetId, ev: e, first: i, last: i, dropped: false };
      byId.set(e.packetId, p);
      order.push(p);
    }
    p.last = i;
    if (e.type === "drop") p.dropped = true;
  });
  return order;
}

const PASSING = new Set(["JUMP", "GOTO", "RETURN", "CONTINUE"]);

/** Whether a step of a connection's first packet is a key moment: every hook, and what decided. */
function keyForFirst(e: StepEvent, next: StepEvent | undefined): boolean {
  switch (e.type) {
    case "rule":
      return !PASSING.has(e.verdict);
    case "policy":
      return e.policy === "DROP";
    case "conntrack":
      return e.action !== "match";
    case "route":
      // The routing decision is drawn between the hooks; as a step it matters only when it stops the packet.
      return next?.type === "drop";
    default:
      return true;
  }
}

/** A reply's first packet, or any packet that is dropped: its creation, its NAT, how it ends. */
function keyForReply(e: StepEvent, next: StepEvent | undefined): boolean {
  switch (e.type) {
    case "packet":
    case "nat":
    case "deliver":
    case "drop":
      return true;
    case "rule":
      return e.verdict === "DROP" || e.verdict === "REJECT";
    case "policy":
      return e.policy === "DROP";
    case "route":
      return next?.type === "drop";
    default:
      return false;
  }
}

/**
 * The key moments: each connection's first packet through every hook (with the rule that
 * decided, its NAT, conntrack's new entry and its confirmation, and where it ends); the first
 * reply's creation, un-NAT and delivery; every other packet as one step; every drop with what
 * dropped it; a name lookup as one step unless `dnsOpen` (or unless something in it was dropped).
 */
export function keyMoments(steps: readonly StepEvent[], dnsOpen = false): ViewEntry[] {
  const spans = packetSpans(steps);
  const firstOriginal = new Map<number, number>();
  const firstReply = new Map<number, number>();
  for (const p of spans) {
    const m = p.ev.direction === "original" ? firstOriginal : firstReply;
    if (!m.has(p.ev.flowId)) m.set(p.ev.flowId, p.id);
  }
  // Runs of consecutive DNS packets, folded when nothing in them was dropped.
  const foldRun = new Map<number, { from: number; to: number; lastId: number }>();
  if (!dnsOpen) {
    for (let i = 0; i < spans.length;) {
      if (protocolOf(spans[i]!.ev) !== "DNS") {
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < spans.length && protocolOf(spans[j + 1]!.ev) === "DNS") j++;
      const run = spans.slice(i, j + 1);
      if (!run.some((p) => p.dropped)) {
        const r = { from: run[0]!.first, to: Math.max(...run.map((p) => p.last)), lastId: spans[j]!.id };
        for (const p of run) foldRun.set(p.id, r);
      }
      i = j + 1;
    }
  }
  const entries: ViewEntry[] = [];
  for (const p of spans) {
    const run = foldRun.get(p.id);
    if (run) {
      if (p.id === run.lastId) entries.push({ index: run.to, from: run.from, to: run.to, fold: "dns" });
      continue;
    }
    const first = firstOriginal.get(p.ev.flowId) === p.id;
    const reply = firstReply.get(p.ev.flowId) === p.id;
    if (!first && !reply && !p.dropped) {
      entries.push({ index: p.last, from: p.first, to: p.last, fold: "packet" });
      continue;
    }
    const keep = first ? keyForFirst : keyForReply;
    for (let i = p.first; i <= p.last; i++) {
      const e = steps[i]!;
      if (e.packetId !== p.id) continue;
      let next: StepEvent | undefined;
      for (let k = i + 1; k <= p.last && !next; k++) if (steps[k]!.packetId === p.id) next = steps[k];
      if (keep(e, next)) entries.push({ index: i, from: i, to: i });
    }
  }
  return entries;
}

export function allEntries(steps: readonly StepEvent[]): ViewEntry[] {
  return steps.map((_, i) => ({ index: i, from: i, to: i }));
}

function machinesOf(e: StepEvent): string[] {
  return e.type === "hop" ? [e.fromNetns, e.toNetns] : [e.netns];
}

/** Entries that pass every filter: by their packets and protocols, and by any step they stand for. */
export function applyFilters(steps: readonly StepEvent[], entries: readonly ViewEntry[], f: TraceFilters): ViewEntry[] {
  if (!hasFilters(f)) return [...entries];
  const packets = new Map<number, PacketEvent>();
  for (const e of steps) if (e.type === "packet") packets.set(e.packetId, e);
  const any = (entry: ViewEntry, test: (e: StepEvent) => boolean) => {
    for (let i = entry.from; i <= entry.to; i++) if (test(steps[i]!)) return true;
    return false;
  };
  return entries.filter((entry) => {
    if (f.packets.length > 0 && !any(entry, (e) => f.packets.includes(e.packetId))) return false;
    if (f.protocols.length > 0) {
      const ok = any(entry, (e) => {
        const p = packets.get(e.packetId);
        return p !== undefined && f.protocols.includes(protocolOf(p));
      });
      if (!ok) return false;
    }
    if (f.machines.length > 0 && !any(entry, (e) => machinesOf(e).some((m) => f.machines.includes(m)))) return false;
    if (f.kinds.length > 0 && !any(entry, (e) => f.kinds.includes(e.type))) return false;
    return true;
  });
}

export function buildView(
  steps: readonly StepEvent[],
  mode: TraceViewMode,
  filters: TraceFilters,
  dnsOpen: boolean,
): ViewEntry[] {
  const base = mode === "key" ? keyMoments(steps, dnsOpen) : allEntries(steps);
  return applyFilters(steps, base, filters);
}

/** The entry a full-timeline index falls in (or the last one before it); -1 before the first. */
export function positionOf(view: readonly ViewEntry[], index: number): number {
  let lo = 0;
  let hi = view.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (view[mid]!.from <= index) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The full-timeline index of the entry `delta` entries away from `index` in the view, or null. */
export function stepInView(view: readonly ViewEntry[], index: number, delta: number): number | null {
  if (view.length === 0 || delta === 0) return null;
  const k = positionOf(view, index);
  let target: number;
  if (k < 0) target = delta > 0 ? delta - 1 : -1;
  else if (delta > 0) target = (index < view[k]!.index ? k - 1 : k) + delta;
  else target = (index > view[k]!.index ? k + 1 : k) + delta;
  const entry = view[target];
  return entry ? entry.index : null;
}

export type JumpKind = "nat" | "drop" | "packet";

function entryHas(steps: readonly StepEvent[], entry: ViewEntry, kind: JumpKind): boolean {
  if (kind === "packet") return entry.fold !== undefined || steps[entry.index]?.type === "packet";
  for (let i = entry.from; i <= entry.to; i++) if (steps[i]?.type === kind) return true;
  return false;
}

/** The next (or previous) entry in the view holding a NAT, a drop or a new packet; null if none. */
export function jumpTarget(
  steps: readonly StepEvent[],
  view: readonly ViewEntry[],
  index: number,
  kind: JumpKind,
  dir: 1 | -1,
): number | null {
  if (dir > 0) {
    for (const e of view) if (e.index > index && entryHas(steps, e, kind)) return e.index;
  } else {
    for (let i = view.length - 1; i >= 0; i--) {
      const e = view[i]!;
      if (e.index < index && entryHas(steps, e, kind)) return e.index;
    }
  }
  return null;
}

/**
 * The drop that explains why a command failed: when it exited non-zero, its first drop
 * that carries a cause. `index` is in the full timeline.
 */
export function explainingDrop(events: readonly TraceEvent[]): { index: number; drop: DropEvent } | undefined {
  const cmd = events[0];
  if (!cmd || cmd.type !== "command" || cmd.exitCode === 0) return undefined;
  const steps = stepEvents(events);
  const explains = (e: StepEvent) => e.type === "drop" && e.cause !== undefined;
  // An ICMP redirect the host made and discarded on its own is a side effect, not why the command failed.
  const cause = steps.findIndex((e) => explains(e) && (e as DropEvent).cause!.code !== "discarded");
  const index = cause >= 0 ? cause : steps.findIndex(explains);
  if (index < 0) return undefined;
  return { index, drop: steps[index] as DropEvent };
}
