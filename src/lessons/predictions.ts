/**
 * Predictions: where a lesson's trace stops to ask, and what the right answer is, read
 * from what the simulation then did (never written into the lesson).
 */
import type { TraceEvent } from "../sim/trace/events.ts";
import { findMoment } from "./moments.ts";
import { addressFor, roleOf, type RoleWorld } from "./roles.ts";
import { readTrace, type TraceReading } from "./trace-read.ts";
import type { ChoiceValue, Prediction } from "./types.ts";

/** The step the animation stops before, or -1 when this trace has no such moment. */
export function pauseStep(p: Prediction, world: RoleWorld, events: readonly TraceEvent[]): number {
  return findMoment(world, p.pauseBefore, readTrace(events));
}

export interface ResolvedChoice {
  readonly value: ChoiceValue;
  /** The address the choice stands for in this trace (address questions). */
  readonly address?: string;
}

export interface Outcome {
  readonly choices: readonly ResolvedChoice[];
  /** The choice the simulation bears out, if one does. */
  readonly correct: ChoiceValue | undefined;
  /** What actually happened: an address, or `deliver@internet` / `drop@host`. */
  readonly actual: string | undefined;
}

/** The container a trace is about: the paused packet's sender, its connection's opener, or where it lands. */
function containerOf(trace: TraceReading, pause: number, end: number): string | undefined {
  const ctx = trace.context[pause];
  const candidates = [ctx?.packet?.event.netns, ctx?.packet?.flowFrom];
  const last = trace.steps[end];
  if (last) candidates.push(last.type === "hop" ? last.toNetns : last.netns);
  return candidates.find((n) => n !== undefined && roleOf(n) === "container");
}

/** How the paused packet's walk ends: its last step, if that is a delivery or a drop. */
function fateOf(trace: TraceReading, pause: number): { value: string | undefined; step: number } {
  const id = trace.steps[pause]?.packetId;
  let last = -1;
  for (let i = pause; i < trace.steps.length; i++) if (trace.steps[i]!.packetId === id) last = i;
  const e = trace.steps[last];
  if (!e || (e.type !== "deliver" && e.type !== "drop")) return { value: undefined, step: last };
  return { value: `${e.type}@${roleOf(e.netns)}`, step: last };
}

export function predictionOutcome(
  p: Prediction,
  world: RoleWorld,
  events: readonly TraceEvent[],
  pause: number,
): Outcome {
  const trace = readTrace(events);
  if (p.answer.kind === "fate") {
    const fate = fateOf(trace, pause);
    const choices = p.choices.map((value) => ({ value }));
    const correct = p.choices.find((c) => c === fate.value);
    return { choices, correct, actual: fate.value };
  }
  const a = p.answer;
  const packetId = a.samePacket ? trace.steps[pause]?.packetId : undefined;
  const at = findMoment(world, a.where, trace, pause, packetId);
  const actual = at < 0 ? undefined : trace.context[at]?.headers?.[a.field];
  const container = containerOf(trace, pause, at < 0 ? pause : at);
  const choices = p.choices.map((value) => {
    const address = value.includes("@")
      ? undefined
      : addressFor(world, value as Exclude<ChoiceValue, `${string}@${string}`>, container);
    return address === undefined ? { value } : { value, address };
  });
  const correct = actual === undefined ? undefined : choices.find((c) => c.address === actual)?.value;
  return { choices, correct, actual };
}
