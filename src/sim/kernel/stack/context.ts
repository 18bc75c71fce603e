/**
 * The state one command's packets share while they move: the world (replaced, never
 * mutated, as each step returns a new one), the trace events in order, packet ids,
 * the sockets the command's processes hold open, and the xtables-monitor lines of
 * TRACEd packets. It lives only for the duration of one command.
 */
import type { Listener, Netns } from "../types.ts";
import type { TraceEvent } from "../../trace/events.ts";
import type { World } from "../../world.ts";
import { nextInt } from "../../rng.ts";

/** A connected socket a process holds (client side, or a server's accepted connection). */
export interface Socket {
  readonly netns: string;
  readonly proto: "tcp" | "udp" | "icmp";
  readonly addr: string;
  /** Port, or the ICMP echo id. */
  readonly port: number;
  readonly process: string;
}

export interface WalkState {
  world: World;
  readonly events: TraceEvent[];
  nextPacketId: number;
  nextFlowId: number;
  packetsSent: number;
  readonly sockets: Socket[];
}

export function createWalkState(world: World): WalkState {
  return { world, events: [], nextPacketId: 1, nextFlowId: 1, packetsSent: 0, sockets: [] };
}

export function getNs(st: WalkState, id: string): Netns | undefined {
  return Object.hasOwn(st.world.netns, id) ? st.world.netns[id] : undefined;
}

export function putNs(st: WalkState, ns: Netns): void {
  st.world = { ...st.world, netns: { ...st.world.netns, [ns.id]: ns } };
}

export function randomInt(st: WalkState, min: number, max: number): number {
  const [n, rng] = nextInt(st.world.rng, min, max);
  st.world = { ...st.world, rng };
  return n;
}

/** Appends lines to a log of the world (`world.logs[name]`). */
export function appendLog(st: WalkState, name: string, lines: readonly string[]): void {
  if (lines.length === 0) return;
  const prev = Object.hasOwn(st.world.logs, name) ? st.world.logs[name]! : [];
  st.world = { ...st.world, logs: { ...st.world.logs, [name]: [...prev, ...lines] } };
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
    if (l.addr === "0.0.0.0") wild ??= l;
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
  return st.sockets.find((s) => s.netns === netns && s.proto === proto && s.addr === addr && s.port === port);
}

/** The log name xtables-monitor reads TRACE lines from, per namespace. */
export function traceLogName(netns: string): string {
  return `xtables-monitor:${netns}`;
}
