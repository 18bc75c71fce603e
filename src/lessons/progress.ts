/**
 * How far a learner is in a lesson: goals are reached in order, each checked after every
 * command on the world it left and the packets it sent. One command may reach several.
 */
import type { TraceEvent } from "../sim/trace/events.ts";
import type { World } from "../sim/world.ts";
import { evaluateCheck } from "./checks.ts";
import type { Lesson } from "./types.ts";

export interface Advance {
  /** Goals reached, counted from the first (never fewer than before). */
  readonly goalsDone: number;
  /** The lesson's proof goal was reached by this command, at this step of its trace. */
  readonly proofStep?: number;
}

export function advanceGoals(lesson: Lesson, goalsDone: number, world: World, events: readonly TraceEvent[]): Advance {
  let done = Math.max(0, Math.min(goalsDone, lesson.goals.length));
  let proofStep: number | undefined;
  while (done < lesson.goals.length) {
    const goal = lesson.goals[done]!;
    const r = evaluateCheck(goal.check, world, events);
    if (!r.met) break;
    if (goal.id === lesson.proofGoal && r.step !== undefined) proofStep = r.step;
    done++;
  }
  return proofStep === undefined ? { goalsDone: done } : { goalsDone: done, proofStep };
}
