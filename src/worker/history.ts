/**
 * The engine's state and how it travels back in time: the worlds kept for undo, the
 * state before any line of the history (replayed from the nearest kept world when
 * forgotten), a fresh start (a lesson's setup run on it) and an engine switch's rebuild.
 * Kept apart from engine.ts, which turns lines and requests into replies on this state.
 */
import { findLesson } from "../lessons/catalogue.ts";
import type { Lesson } from "../lessons/types.ts";
import {
  applyCommand,
  createWorld,
  DEFAULT_ENGINE,
  HOST_SESSION,
  type EngineVersion,
  type Outcome,
  type Session,
  type World,
} from "../sim/index.ts";
import type { SetupResult } from "./protocol.ts";
import { containerName, internalError, resolveMachine, sessionOn } from "./machines.ts";
import { isEngineSwitch, isReset, lastResetAt, type Entry, type LogEntry, type SessionLog } from "./session-log.ts";

/**
 * Worlds kept for undo: the latest MAX_UNDO, plus one every CHECKPOINT_EVERY lines. Undoing
 * further back replays the history from the nearest kept world (the core is deterministic).
 */
export const MAX_UNDO = 200;
export const CHECKPOINT_EVERY = 50;

/** The lesson every line is checked against, and how far the learner is in it. */
export interface InLesson {
  readonly lesson: Lesson;
  readonly goalsDone: number;
}

export interface Saved {
  readonly world: World;
  readonly session: Session;
  readonly lesson: InLesson | null;
}

/** The engine's whole state; engine.ts and this module change it in place. */
export interface Core {
  seed: number;
  world: World;
  session: Session;
  lesson: InLesson | null;
  log: SessionLog;
  /** The state before each line of log.done (null where forgotten). */
  before: (Saved | null)[];
}

export interface Ran {
  readonly entry: LogEntry;
  readonly outcome: Outcome;
  readonly hostname: string | undefined;
  readonly machineName: string | undefined;
  readonly cwd?: string;
  /** A lesson's setup, run by the line that started it. */
  readonly setup?: readonly SetupResult[];
  /** The lesson's proof goal was reached by this line, at this step of its trace. */
  readonly proofStep?: number;
  /** For an engine switch: how many lines it ran again. */
  readonly rebuilt?: number;
}

/** Runs one entry on the core's state and records its state before in `before`. */
export type Exec = (entry: Entry) => Ran;

/** A fresh world on `engine`, and the lesson `id` (if there is one) started on it: its setup run on the host. */
export function startAfresh(
  c: Core,
  id: string | undefined,
  engine: EngineVersion | undefined,
): { started: Lesson | undefined; setup: SetupResult[] } {
  c.world = createWorld(c.seed, { engine: engine ?? DEFAULT_ENGINE });
  c.session = HOST_SESSION;
  const started = id === undefined ? undefined : findLesson(id);
  c.lesson = started ? { lesson: started, goalsDone: 0 } : null;
  const setup: SetupResult[] = [];
  for (const line of started?.setup ?? []) {
    let o: Outcome;
    try {
      o = applyCommand(c.world, line, c.session);
    } catch (err) {
      o = internalError(c.world, c.session, err);
    }
    c.world = o.world;
    c.session = o.session;
    setup.push({ line, output: o.output, exitCode: o.exitCode });
  }
  return { started, setup };
}

export function forgetOldWorlds(c: Core): void {
  const old = c.before.length - MAX_UNDO - 1;
  if (old >= 0 && old % CHECKPOINT_EVERY !== 0) c.before[old] = null;
}

/** The state before line `at` of the history, replayed from the nearest kept world when forgotten. */
export function stateBefore(c: Core, at: number, exec: Exec): Saved {
  const kept = c.before[at];
  if (kept) return kept;
  let from = at;
  while (from > 0 && !c.before[from]) from--;
  const start = c.before[from] ?? { world: createWorld(c.seed), session: HOST_SESSION, lesson: null };
  const { world, session, lesson, log, before } = c;
  c.world = start.world;
  c.session = start.session;
  c.lesson = start.lesson;
  c.before = before.slice(0, from);
  for (const e of log.done.slice(from, at)) exec(e);
  const result = { world: c.world, session: c.session, lesson: c.lesson };
  Object.assign(c, { world, session, lesson, log, before });
  before[at] = result;
  return result;
}

/**
 * The engine switch at line `at` of the history: a fresh world on `engine` (the lesson
 * started again if the last `reset` started one), then the lines since that `reset` run
 * again, each where it ran: a container is found again by the name it had, since the
 * other engine gives it another id. Returns how many lines ran again.
 */
export function rebuildOn(c: Core, engine: EngineVersion, at: number, exec: Exec): number {
  const prior = c.log.done.slice(0, at);
  const from = lastResetAt(prior);
  const lines = prior.slice(from);
  // Called by the switch's own line, before anything moved: the state now is the one before it.
  const start = { world: c.world, session: c.session, lesson: c.lesson };
  // Names before anything moves: each line's machine as it was known when the line ran.
  const names = lines.map((e, i) =>
    e.skip || isReset(e) || isEngineSwitch(e)
      ? undefined
      : containerName(stateBefore(c, from + i, exec).world, e.machine),
  );
  const here = containerName(start.world, start.session.machine);
  const saved = { log: c.log, before: c.before };
  // The lines run again are not lines of the history: what they push is dropped afterwards.
  c.before = c.before.slice();
  const first = lines[0];
  if (first && isReset(first)) startAfresh(c, first.lesson, engine);
  else {
    c.world = createWorld(c.seed, { engine });
    c.session = HOST_SESSION;
    // No `reset` since the session began: only setLesson made a lesson (a link's, kept as it was); after a plain `reset`, none.
    c.lesson = from === 0 ? start.lesson : null;
  }
  let ran = 0;
  lines.forEach((e, i) => {
    if (e.skip || isReset(e) || isEngineSwitch(e)) return;
    exec({ line: e.line, machine: names[i] ?? e.machine });
    ran++;
  });
  Object.assign(c, saved);
  const back = resolveMachine(c.world, here ?? start.session.machine);
  c.session = back === undefined ? HOST_SESSION : sessionOn(c.world, back);
  return ran;
}
