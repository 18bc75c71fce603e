/**
 * The worker's state machine, kept apart from the worker global so it can be
 * unit-tested in Node: it owns the authoritative world and the terminal's session,
 * and a bounded history of the worlds before each command, so `undo` restores the
 * whole world (conntrack and counters included) and `reset` starts afresh.
 */
import { findLesson } from "../lessons/catalogue.ts";
import { advanceGoals } from "../lessons/progress.ts";
import type { Lesson } from "../lessons/types.ts";
import {
  applyCommand,
  commandsOn,
  completionSpecs,
  createWorld,
  HOST_SESSION,
  type Session,
  type World,
} from "../sim/index.ts";
import { toReply, type LabControl, type LessonReport, type RunReply, type SimApi } from "./protocol.ts";

export const DEFAULT_SEED = 2024;
/** Worlds kept for undo; older ones are forgotten (a world is small, but not free). */
export const MAX_UNDO = 200;

interface Saved {
  readonly world: World;
  readonly session: Session;
}

export function createEngine(seed = DEFAULT_SEED): SimApi {
  let world: World = createWorld(seed);
  let session: Session = HOST_SESSION;
  let past: Saved[] = [];
  /** The lesson every line is checked against, and how far the learner is in it. */
  let lesson: { readonly lesson: Lesson; goalsDone: number } | null = null;

  const lessonReport = (): LessonReport | null =>
    lesson ? { id: lesson.lesson.id, goalsDone: lesson.goalsDone } : null;

  const control = (line: string, kind: LabControl, stderr = "", exitCode = 0, before?: World): RunReply =>
    toReply(
      line,
      {
        world,
        session,
        stdout: "",
        stderr,
        output: stderr ? [{ stream: "stderr", text: stderr }] : [],
        exitCode,
        events: [],
      },
      kind,
      before,
    );

  return {
    run(line: string): RunReply {
      const trimmed = line.trim();
      if (trimmed === "undo") {
        const prev = past.pop();
        if (!prev) return control(line, "undo", "undo: nothing to undo\n", 1, world);
        world = prev.world;
        session = prev.session;
        return control(line, "undo");
      }
      if (trimmed === "help") {
        const help = commandsOn(world, session);
        return { ...control(line, "help", "", 0, world), help: { machine: help.kind, commands: help.commands } };
      }
      if (trimmed === "reset") {
        world = createWorld(seed);
        session = HOST_SESSION;
        past = [];
        return control(line, "reset");
      }
      try {
        const before = world;
        const o = applyCommand(world, line, session);
        if (o.world !== world || o.session !== session) {
          past.push({ world, session });
          if (past.length > MAX_UNDO) past = past.slice(-MAX_UNDO);
        }
        world = o.world;
        session = o.session;
        const reply = toReply(line, o, undefined, before);
        if (!lesson) return reply;
        const a = advanceGoals(lesson.lesson, lesson.goalsDone, world, o.events);
        lesson.goalsDone = a.goalsDone;
        return {
          ...reply,
          lesson: { ...lessonReport()!, ...(a.proofStep === undefined ? {} : { proofStep: a.proofStep }) },
        };
      } catch (err) {
        // A throw here is a bug in the core. Keep the last good world so the page
        // survives, and say so plainly instead of pretending a tool printed it.
        const message = err instanceof Error ? err.message : String(err);
        const stderr = `lab: internal error: ${message}\n`;
        return toReply(line, {
          world,
          session,
          stdout: "",
          stderr,
          output: [{ stream: "stderr", text: stderr }],
          exitCode: 70,
          events: [],
        });
      }
    },
    reset(newSeed = seed): World {
      world = createWorld(newSeed);
      session = HOST_SESSION;
      past = [];
      return world;
    },
    snapshot() {
      return { world, session };
    },
    attach(machine: string) {
      if (machine === "host" || Object.hasOwn(world.netns, machine)) session = { machine };
      return { world, session };
    },
    peek(line: string, machine: string) {
      try {
        const o = applyCommand(world, line, { machine });
        return { stdout: o.stdout, stderr: o.stderr, exitCode: o.exitCode };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        return { stdout: "", stderr: `lab: internal error: ${message}\n`, exitCode: 70 };
      }
    },
    completionSpecs() {
      return completionSpecs();
    },
    setLesson(id, goalsDone = 0) {
      const found = id === null ? undefined : findLesson(id);
      const from = Number.isFinite(goalsDone) ? Math.trunc(goalsDone) : 0;
      lesson = found ? { lesson: found, goalsDone: Math.max(0, Math.min(found.goals.length, from)) } : null;
      return lessonReport();
    },
  };
}
