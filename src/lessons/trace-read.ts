/**
 * A command's trace read the way a lesson asks about it: for every step of the full
 * timeline (the trace's events without `command`, the same indices the player uses),
 * which packet it is about, who made it and whose connection it belongs to, and its
 * headers as they are at that step (NAT rewrites them on the way).
 */
import type { Hook } from "../sim/netfilter/types.ts";
import type { Headers, PacketEvent, TraceEvent } from "../sim/trace/events.ts";

export type StepEvent = Exclude<TraceEvent, { type: "command" }>;

export interface PacketInfo {
  readonly id: number;
  readonly event: PacketEvent;
  /** The namespace that opened the packet's connection. */
  readonly flowFrom: string;
  /** The connection's first packet in its original direction (the one the nat table sees). */
  readonly first: boolean;
}

export interface StepContext {
  readonly packet: PacketInfo | undefined;
  /** The packet's headers at this step (after a NAT step, the rewritten ones). */
  readonly headers: Headers | undefined;
  /** The hook the packet is in at this step, if it has entered one in this namespace. */
  readonly hook: Hook | undefined;
}

export interface TraceReading {
  readonly steps: readonly StepEvent[];
  readonly context: readonly StepContext[];
}

const memo = new WeakMap<readonly TraceEvent[], TraceReading>();

export function readTrace(events: readonly TraceEvent[]): TraceReading {
  const known = memo.get(events);
  if (known) return known;
  const steps = events.filter((e): e is StepEvent => e.type !== "command");
  const packets = new Map<number, PacketInfo>();
  const flowFrom = new Map<number, string>();
  const headers = new Map<number, Headers>();
  const hooks = new Map<number, { netns: string; hook: Hook }>();
  const context: StepContext[] = [];
  for (const e of steps) {
    if (e.type === "packet") {
      let first = false;
      if (!flowFrom.has(e.flowId)) {
        flowFrom.set(e.flowId, e.netns);
        first = e.direction === "original";
      }
      packets.set(e.packetId, { id: e.packetId, event: e, flowFrom: flowFrom.get(e.flowId)!, first });
      headers.set(e.packetId, e.headers);
      hooks.delete(e.packetId);
    } else if (e.type === "hook") {
      headers.set(e.packetId, e.headers);
      hooks.set(e.packetId, { netns: e.netns, hook: e.hook });
    } else if (e.type === "nat") {
      headers.set(e.packetId, e.after);
    } else if (e.type === "hop") {
      hooks.delete(e.packetId);
    }
    const h = hooks.get(e.packetId);
    const netns = e.type === "hop" ? e.fromNetns : e.netns;
    context.push({
      packet: packets.get(e.packetId),
      headers: headers.get(e.packetId),
      hook: h && h.netns === netns ? h.hook : undefined,
    });
  }
  const reading = { steps, context };
  memo.set(events, reading);
  return reading;
}
