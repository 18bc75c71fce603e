/**
 * Every lesson proves itself, as Learn Git Branching's levels do: its goals are unmet once
 * its setup has run, all met after its reference solution, and each goal stays unmet through
 * its near misses. Every prediction stops on a step of the solution's traces, and the
 * simulation bears out one of its choices. The world and the traces are the real core's.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LESSONS } from "../../../src/lessons/catalogue.ts";
import { evaluateCheck } from "../../../src/lessons/checks.ts";
import { pauseStep, predictionOutcome } from "../../../src/lessons/predictions.ts";
import { advanceGoals } from "../../../src/lessons/progress.ts";
import type { Lesson } from "../../../src/lessons/types.ts";
import type { TraceEvent } from "../../../src/sim/index.ts";
import { parseCommandLine, parseScenario } from "../../../src/sim/scenario/parse.ts";
import { runCommand } from "../../../src/sim/scenario/replay.ts";
import { createWorld, type World } from "../../../src/sim/world.ts";

interface Ran {
  readonly line: string;
  readonly world: World;
  readonly events: readonly TraceEvent[];
  readonly exitCode: number;
}

/** Runs scenario-format lines one after another, as the oracle does. */
function runAll(world: World, lines: readonly string[]): Ran[] {
  const out: Ran[] = [];
  for (const line of lines) {
    const r = runCommand(world, parseCommandLine(line));
    world = r.world;
    out.push({ line, world, events: r.events ?? [], exitCode: r.exitCode });
  }
  return out;
}

function afterSetup(lesson: Lesson): World {
  const ran = runAll(createWorld(1), lesson.setup);
  return ran.length > 0 ? ran[ran.length - 1]!.world : createWorld(1);
}

describe.each(LESSONS.map((l) => [l.id, l] as const))("lesson %s", (_id, lesson: Lesson) => {
  it("sets up on the host only, with commands that succeed, and meets no goal by it", () => {
    for (const line of lesson.setup) expect(parseCommandLine(line).kind).toBe("host");
    let world = createWorld(1);
    for (const r of runAll(world, lesson.setup)) {
      expect(r.exitCode, r.line).toBe(0);
      world = r.world;
    }
    expect(advanceGoals(lesson, 0, world, []).goalsDone).toBe(0);
  });

  it("meets every goal, in order, with its reference solution, and proves it on a trace", () => {
    let done = 0;
    let proof: number | undefined;
    for (const r of runAll(afterSetup(lesson), lesson.solution)) {
      const a = advanceGoals(lesson, done, r.world, r.events);
      expect(a.goalsDone).toBeGreaterThanOrEqual(done);
      done = a.goalsDone;
      proof ??= a.proofStep;
    }
    expect(done).toBe(lesson.goals.length);
    expect(proof).toBeTypeOf("number");
  });

  it.each(lesson.goals.map((g) => [g.id, g] as const))("leaves goal %s unmet through its near miss", (_g, goal) => {
    expect(goal.nearMiss.length).toBeGreaterThan(0);
    for (const r of runAll(afterSetup(lesson), goal.nearMiss)) {
      expect(evaluateCheck(goal.check, r.world, r.events).met, `${goal.id} after "${r.line}"`).toBe(false);
    }
  });

  it.each(lesson.predictions.map((p) => [p.id, p] as const))(
    "stops its solution's trace for prediction %s, and the simulation picks one choice",
    (_p, prediction) => {
      const asked = runAll(afterSetup(lesson), lesson.solution).filter(
        (r) => pauseStep(prediction, r.world, r.events) >= 0,
      );
      expect(asked.length).toBeGreaterThan(0);
      for (const r of asked) {
        const o = predictionOutcome(prediction, r.world, r.events, pauseStep(prediction, r.world, r.events));
        expect(o.correct, `${prediction.id} on "${r.line}": ${o.actual}`).toBeDefined();
        expect(new Set(o.choices.map((c) => c.address ?? c.value)).size).toBe(o.choices.length);
      }
    },
  );

  it("is recorded on the oracle as its setup and solution", () => {
    const file = readFileSync(`tests/fixtures/oracle/scenarios/${lesson.id}.sh`, "utf8");
    const commands = parseScenario(file).filter((l) => l.kind !== "comment");
    expect(
      commands.map((l) =>
        parseCommandLine(l.kind === "host" || l.kind === "internet" || l.kind === "container" ? formatLine(l) : ""),
      ),
    ).toEqual([...lesson.setup, ...lesson.solution].map(parseCommandLine));
  });
});

function formatLine(l: { kind: string; command?: string; container?: string }): string {
  if (l.kind === "internet") return `internet$ ${l.command}`;
  if (l.kind === "container") return `${l.container}$ ${l.command}`;
  return l.command ?? "";
}
