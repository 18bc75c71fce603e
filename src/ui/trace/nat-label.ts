/**
 * The label a packet carries on the graph: its name and its addresses as they are at the
 * step shown. At a NAT step it says what changed, before → after, so the rewrite is seen
 * on the packet at the moment it happens. Pure.
 */
import type { Headers, NatEvent } from "../../sim/trace/events.ts";
import { endpoint, type Step } from "./timeline.ts";

export interface NatChange {
  readonly kind: NatEvent["kind"];
  readonly by: "rule" | "conntrack";
  /** Which address changed. */
  readonly side: "src" | "dst" | "both";
  readonly srcBefore: string;
  readonly dstBefore: string;
}

export interface PacketLabel {
  readonly packetId: number;
  /** `SYN`, `HTTP GET /`, ... */
  readonly name: string;
  readonly reply: boolean;
  readonly src: string;
  readonly dst: string;
  readonly change?: NatChange;
  readonly end?: "delivered" | "dropped";
}

const src = (h: Headers) => endpoint(h.src, h.sport);
const dst = (h: Headers) => endpoint(h.dst, h.dport);

export function packetLabel(step: Step | undefined): PacketLabel | null {
  if (!step?.headers || !step.packet) return null;
  const h = step.headers;
  const base = {
    packetId: step.packet.packetId,
    name: step.packet.label,
    reply: step.packet.direction === "reply",
    src: src(h),
    dst: dst(h),
  };
  const e = step.event;
  if (e.type === "nat") {
    const srcChanged = src(e.before) !== src(e.after);
    const dstChanged = dst(e.before) !== dst(e.after);
    const side = srcChanged && dstChanged ? "both" : srcChanged ? "src" : "dst";
    return {
      ...base,
      src: src(e.after),
      dst: dst(e.after),
      change: { kind: e.kind, by: e.by, side, srcBefore: src(e.before), dstBefore: dst(e.before) },
    };
  }
  if (e.type === "deliver") return { ...base, end: "delivered" };
  if (e.type === "drop") return { ...base, end: "dropped" };
  return base;
}
