/**
 * Whether a step of a trace is a lesson's moment (types.ts Moment): the kind of step,
 * the machines it happens in, and the packet's own facts at that step.
 */
import { addressIs, roleOf, type RoleWorld } from "./roles.ts";
import type { StepContext, StepEvent, TraceReading } from "./trace-read.ts";
import type { Moment, PacketFilter } from "./types.ts";

function packetMatches(world: RoleWorld, f: PacketFilter | undefined, ctx: StepContext): boolean {
  if (!f) return true;
  const p = ctx.packet;
  const h = ctx.headers;
  if (!p || !h) return false;
  if (f.from !== undefined && roleOf(p.event.netns) !== f.from) return false;
  if (f.flowFrom !== undefined && roleOf(p.flowFrom) !== f.flowFrom) return false;
  if (f.direction !== undefined && p.event.direction !== f.direction) return false;
  if (f.proto !== undefined && h.proto !== f.proto) return false;
  if (f.first === true && !p.first) return false;
  if (f.dport !== undefined && h.dport !== f.dport) return false;
  if (f.src && !addressIs(world, h.src, f.src)) return false;
  if (f.dst && !addressIs(world, h.dst, f.dst)) return false;
  return true;
}

export function isMoment(world: RoleWorld, m: Moment, e: StepEvent, ctx: StepContext): boolean {
  switch (m.at) {
    case "hop":
      return (
        e.type === "hop" &&
        e.fromNetns !== e.toNetns &&
        roleOf(e.fromNetns) === m.from &&
        roleOf(e.toNetns) === m.to &&
        packetMatches(world, m.packet, ctx)
      );
    case "hook":
      return (
        e.type === "hook" && e.hook === m.hook && roleOf(e.netns) === m.machine && packetMatches(world, m.packet, ctx)
      );
    case "rule":
      return (
        e.type === "rule" &&
        e.verdict === m.verdict &&
        roleOf(e.netns) === m.machine &&
        (m.table === undefined || e.table === m.table) &&
        (m.chain === undefined || e.chain === m.chain) &&
        (m.hook === undefined || ctx.hook === m.hook) &&
        packetMatches(world, m.packet, ctx)
      );
    case "nat":
      return (
        e.type === "nat" &&
        e.kind === m.nat &&
        roleOf(e.netns) === m.machine &&
        (m.by === undefined || e.by === m.by) &&
        packetMatches(world, m.packet, ctx)
      );
    case "deliver":
      return (
        e.type === "deliver" &&
        roleOf(e.netns) === m.machine &&
        (m.process === undefined || e.process === m.process) &&
        packetMatches(world, m.packet, ctx)
      );
    case "drop":
      return (
        e.type === "drop" &&
        roleOf(e.netns) === m.machine &&
        (m.reason === undefined || e.reason === m.reason) &&
        (m.cause === undefined || e.cause?.code === m.cause) &&
        packetMatches(world, m.packet, ctx)
      );
  }
}

/** The first step at or after `from` that is the moment (and about `packetId`, when given), or -1. */
export function findMoment(world: RoleWorld, m: Moment, trace: TraceReading, from = 0, packetId?: number): number {
  for (let i = Math.max(0, from); i < trace.steps.length; i++) {
    const e = trace.steps[i]!;
    if (packetId !== undefined && e.packetId !== packetId) continue;
    if (isMoment(world, m, e, trace.context[i]!)) return i;
  }
  return -1;
}
