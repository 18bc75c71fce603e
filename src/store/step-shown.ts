/**
 * "The step shown", as a link keeps it: whose trace (an index into the history), where in
 * that trace's timeline, and how it is viewed. The only place that knows how the player
 * slice holds its position, so a change to the player's API changes this file alone.
 */
import type { StepShown } from "./session-state.ts";
import type { AppState } from "./types.ts";

export function readStepShown(s: AppState): StepShown | undefined {
  if (s.traceOf < 0) return undefined;
  return { trace: s.traceOf, index: s.stepCount === 0 ? 0 : s.step };
}

/** Opens the trace that is about to arrive paused at `shown.index` (the view mode is not modelled yet). */
export function showStep(s: AppState, shown: StepShown): void {
  s.openAtStep(shown.index);
}
