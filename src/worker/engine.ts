/**
 * The worker's state machine, kept apart from the worker global so it can be
 * unit-tested in Node: it owns the authoritative world, the terminal's session and the
 * session log (session-log.ts). `undo` takes back the last line that changed something
 * (restoring the whole world before it, conntrack and counters included), `redo` runs a
 * taken-back group again, and `reset` is itself a line of the history, so it can be undone.
 * The lesson in hand is part of that state: every line is checked against its goals, a
 * lesson starts with a line of the history (a `reset` that carries it), and `undo` brings
 * back the lesson and the goals reached as they were before the line it takes back.
 * The Docker engine is part of that state too: the world knows its engine, a `reset`
 * keeps it (and records it), and switching is a line of the history (`#engine 28`) that
 * rebuilds the world from the lines since the last `reset` on the other engine.
 */
import { findLesson } from "../lessons/catalogue.ts";
import { advanceGoals } from "../lessons/progress.ts";
import type { Lesson } from "../lessons/types.ts";
import {
  applyCommand,
  commandsOn,
  completionSpecs,
  createWorld,
  DEFAULT_ENGINE,
  engineChoices,
  HOST_SESSION,
  type EngineVersion,
  type Outcome,
  type Session,
  type World,
} from "../sim/index.ts";
import type {
  EngineSide,
  EntryResult,
  LessonReport,
  LoadReply,
  LoadRequest,
  RunReply,
  SetupResult,
  SimApi,
  TraceEvent,
  ViewUpdate,
} from "./protocol.ts";
import { toReply } from "./protocol.ts";
import { compareEngines } from "./compare.ts";
import { containerName, internalError, resolveMachine, sessionOn, worldChanged } from "./machines.ts";
import { diffView } from "./view-patch.ts";
import { viewOf, type WorldView } from "./view.ts";
import {
  EMPTY_LOG,
  engineLine,
  HELP,
  isEngineSwitch,
  isReset,
  lastResetAt,
  record,
  redoGroup,
  REDO,
  RESET,
  UNDO,
  undoLog,
  type Effect,
  type Entry,
  type LogEntry,
  type SessionLog,
} from "./session-log.ts";

export const DEFAULT_SEED = 2024;
/**
 * Worlds kept for undo: the latest MAX_UNDO, plus one every CHECKPOINT_EVERY lines. Undoing
 * further back replays the history from the nearest kept world (the core is deterministic).
 */
export const MAX_UNDO = 200;
export const CHECKPOINT_EVERY = 50;

/** The lesson every line is checked against, and how far the learner is in it. */
interface InLesson {
  readonly lesson: Lesson;
  readonly goalsDone: number;
}

interface Saved {
  readonly world: World;
  readonly session: Session;
  readonly lesson: InLesson | null;
}

interface Ran {
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

/** The engine as the worker exposes it, with what only tests and the worker itself read: the whole world. */
export interface Engine extends SimApi {
  state(): { world: World; session: Session };
}

export function createEngine(seed = DEFAULT_SEED): Engine {
  let world: World = createWorld(seed);
  let session: Session = HOST_SESSION;
  let lesson: InLesson | null = null;
  let log: SessionLog = EMPTY_LOG;
  /** The state before each line of log.done (null where forgotten). */
  let before: (Saved | null)[] = [];
  /** The view the page holds: the last one sent, whole or patched (null before the first). */
  let shown: WorldView | null = null;

  /** The whole view, which the page takes as its own from now on. */
  const wholeView = (): WorldView => (shown = viewOf(world));
  /** How the page's view moves to the world now: what changed since the view it holds, if anything. */
  const viewUpdate = (): ViewUpdate | undefined => {
    if (shown === null) return { full: wholeView() };
    const next = viewOf(world);
    const patch = diffView(shown, next);
    shown = next;
    return patch === undefined ? undefined : { patch };
  };

  const quiet = (): Outcome => ({ world, session, stdout: "", stderr: "", output: [], exitCode: 0, events: [] });
  const report = (proofStep?: number): { lesson?: LessonReport } =>
    lesson
      ? {
          lesson: {
            id: lesson.lesson.id,
            goalsDone: lesson.goalsDone,
            ...(proofStep === undefined ? {} : { proofStep }),
          },
        }
      : {};

  /** A fresh world on `engine`, and the lesson `id` (if there is one) started on it: its setup run on the host. */
  function startAfresh(
    id: string | undefined,
    engine: EngineVersion | undefined,
  ): { started: Lesson | undefined; setup: SetupResult[] } {
    world = createWorld(seed, { engine: engine ?? DEFAULT_ENGINE });
    session = HOST_SESSION;
    const started = id === undefined ? undefined : findLesson(id);
    lesson = started ? { lesson: started, goalsDone: 0 } : null;
    const setup: SetupResult[] = [];
    for (const line of started?.setup ?? []) {
      let o: Outcome;
      try {
        o = applyCommand(world, line, session);
      } catch (err) {
        o = internalError(world, session, err);
      }
      world = o.world;
      session = o.session;
      setup.push({ line, output: o.output, exitCode: o.exitCode });
    }
    return { started, setup };
  }
  /**
   * The engine switch at line `at` of the history: a fresh world on `engine` (the lesson
   * started again if the last `reset` started one), then the lines since that `reset` run
   * again, each where it ran: a container is found again by the name it had, since the
   * other engine gives it another id. Returns how many lines ran again.
   */
  function rebuildOn(engine: EngineVersion, at: number): number {
    const prior = log.done.slice(0, at);
    const from = lastResetAt(prior);
    const lines = prior.slice(from);
    // Called by the switch's own line, before anything moved: the state now is the one before it.
    const start = { world, session, lesson };
    // Names before anything moves: each line's machine as it was known when the line ran.
    const names = lines.map((e, i) =>
      e.skip || isReset(e) || isEngineSwitch(e) ? undefined : containerName(stateBefore(from + i).world, e.machine),
    );
    const here = containerName(start.world, start.session.machine);
    const saved = { log, before };
    // The lines run again are not lines of the history: what they push is dropped afterwards.
    before = before.slice();
    const first = lines[0];
    if (first && isReset(first)) startAfresh(first.lesson, engine);
    else {
      world = createWorld(seed, { engine });
      session = HOST_SESSION;
      // No `reset` since the session began: only setLesson made a lesson (a link's, kept as it was); after a plain `reset`, none.
      lesson = from === 0 ? start.lesson : null;
    }
    let ran = 0;
    lines.forEach((e, i) => {
      if (e.skip || isReset(e) || isEngineSwitch(e)) return;
      exec({ line: e.line, machine: names[i] ?? e.machine });
      ran++;
    });
    ({ log, before } = saved);
    const back = resolveMachine(world, here ?? start.session.machine);
    session = back === undefined ? HOST_SESSION : sessionOn(world, back);
    return ran;
  }

  /** Runs one entry on the current state and records it; the caller decides what happens to `undone`. */
  function exec(entry: Entry): Ran {
    let machine = entry.machine === "" ? session.machine : entry.machine;
    let skip = entry.skip;
    const switching = isEngineSwitch(entry);
    if (!skip && !isReset(entry) && !switching) {
      const resolved = resolveMachine(world, machine);
      if (resolved === undefined) skip = "unknown-machine";
      else {
        machine = resolved;
        // The machine switcher's choice, replayed: the line runs where it ran.
        if (session.machine !== resolved) session = sessionOn(world, resolved);
      }
    }
    const at = before.length;
    const start: Saved = { world, session, lesson };
    let outcome: Outcome;
    let effect: Effect = "none";
    let setup: SetupResult[] | undefined;
    let proofStep: number | undefined;
    let started: string | undefined;
    let rebuilt: number | undefined;
    if (skip) {
      outcome = quiet();
    } else if (isReset(entry)) {
      const fresh = startAfresh(entry.lesson, entry.engine);
      started = fresh.started?.id;
      if (fresh.started) setup = fresh.setup;
      outcome = quiet();
      effect = "world";
    } else if (switching) {
      rebuilt = rebuildOn(entry.engine!, at);
      outcome = quiet();
      effect = "world";
    } else {
      try {
        outcome = applyCommand(world, entry.line, session);
      } catch (err) {
        outcome = internalError(world, session, err);
      }
      effect = worldChanged(world, outcome.world) ? "world" : outcome.session !== session ? "session" : "none";
      world = outcome.world;
      session = outcome.session;
      if (lesson) {
        const a = advanceGoals(lesson.lesson, lesson.goalsDone, world, outcome.events);
        if (a.goalsDone !== lesson.goalsDone) lesson = { lesson: lesson.lesson, goalsDone: a.goalsDone };
        proofStep = a.proofStep;
      }
    }
    const logged: LogEntry = {
      line: entry.line,
      machine,
      effect,
      ...(skip ? { skip } : {}),
      ...(started ? { lesson: started } : {}),
      // Kept only where it means something (a `reset` on another engine than 26, the switch), so older histories read the same.
      ...(entry.engine !== undefined && !skip && (switching || entry.engine !== DEFAULT_ENGINE)
        ? { engine: entry.engine }
        : {}),
    };
    before.push(start);
    forgetOldWorlds();
    const cwd = start.session.machine === machine ? start.session.cwd : undefined;
    return {
      entry: logged,
      outcome,
      hostname: start.world.netns[machine]?.hostname,
      machineName: containerName(start.world, machine),
      ...(cwd === undefined ? {} : { cwd }),
      ...(setup ? { setup } : {}),
      ...(proofStep === undefined ? {} : { proofStep }),
      ...(rebuilt === undefined ? {} : { rebuilt }),
    };
  }

  function forgetOldWorlds() {
    const n = before.length;
    const old = n - MAX_UNDO - 1;
    if (old >= 0 && old % CHECKPOINT_EVERY !== 0) before[old] = null;
  }

  /** The state before line `at` of the history, replayed from the nearest kept world when forgotten. */
  function stateBefore(at: number): Saved {
    const kept = before[at];
    if (kept) return kept;
    let from = at;
    while (from > 0 && !before[from]) from--;
    const start = before[from] ?? { world: createWorld(seed), session: HOST_SESSION, lesson: null };
    const saved = { world, session, lesson, log, before };
    world = start.world;
    session = start.session;
    lesson = start.lesson;
    before = before.slice(0, from);
    for (const e of log.done.slice(from, at)) exec(e);
    const result = { world, session, lesson };
    ({ world, session, lesson, log, before } = saved);
    before[at] = result;
    return result;
  }

  function undo(line: string): RunReply {
    const u = undoLog(log);
    if (!u)
      return {
        ...toReply(line, quiet(), "undo", viewUpdate()),
        exitCode: 1,
        note: { code: "nothing-to-undo" },
        ...report(),
      };
    const s = stateBefore(u.at);
    world = s.world;
    session = s.session;
    lesson = s.lesson;
    log = u.log;
    before = before.slice(0, u.at);
    return {
      ...toReply(line, quiet(), "undo", viewUpdate()),
      note: { code: "undone", lines: u.group.map((e) => e.line) },
      log,
      ...report(),
    };
  }

  function redo(line: string): RunReply {
    const r = redoGroup(log);
    if (!r)
      return {
        ...toReply(line, quiet(), "redo", viewUpdate()),
        exitCode: 1,
        note: { code: "nothing-to-redo" },
        ...report(),
      };
    let events: readonly TraceEvent[] = [];
    let proofStep: number | undefined;
    for (const e of r.group) {
      const ran = exec(e);
      // Recorded as it runs: an engine switch in the group rebuilds from the lines before it.
      log = { done: [...log.done, ran.entry], undone: log.undone };
      // The trace shown is the group's last; a proof found in another line's trace is not.
      if (ran.outcome.events.length > 0) {
        events = ran.outcome.events;
        proofStep = ran.proofStep;
      }
    }
    log = { done: log.done, undone: r.rest };
    return {
      ...toReply(line, { ...quiet(), events }, "redo", viewUpdate()),
      note: { code: "redone", lines: r.group.map((e) => e.line) },
      log,
      ...report(proofStep),
    };
  }

  function appendAll(entries: readonly Entry[], traceOf?: number): LoadReply {
    const results: EntryResult[] = [];
    let events: readonly TraceEvent[] = [];
    let traced = -1;
    const offset = log.done.length;
    entries.forEach((e, i) => {
      const ran = exec(e);
      log = record(log, ran.entry);
      const { output, exitCode } = ran.outcome;
      results.push({
        entry: ran.entry,
        output,
        exitCode,
        ...(ran.hostname === undefined ? {} : { hostname: ran.hostname }),
        ...(ran.cwd === undefined ? {} : { cwd: ran.cwd }),
        ...(ran.machineName === undefined ? {} : { machineName: ran.machineName }),
        ...(ran.setup ? { setup: ran.setup } : {}),
      });
      const wanted = traceOf === undefined ? !ran.entry.skip && !isReset(ran.entry) : offset + i === traceOf;
      if (wanted) {
        events = ran.outcome.events;
        traced = offset + i;
      }
    });
    return { results, view: wholeView(), session, log, events, traceOf: traced, ...report() };
  }

  function fresh(newSeed = seed) {
    seed = newSeed;
    world = createWorld(seed);
    session = HOST_SESSION;
    lesson = null;
    log = EMPTY_LOG;
    before = [];
  }

  /** Runs an entry typed now (or a lesson's start, an engine switch) and records it. */
  function runEntry(line: string, entry: Entry): RunReply {
    const ran = exec(entry);
    log = record(log, ran.entry);
    const control = isReset(entry) ? "reset" : isEngineSwitch(entry) ? "engine" : undefined;
    return {
      ...toReply(line, ran.outcome, control, viewUpdate()),
      ...(ran.rebuilt === undefined
        ? {}
        : { note: { code: "engine" as const, engine: world.docker.engine, count: ran.rebuilt } }),
      entry: ran.entry,
      ...(ran.machineName === undefined ? {} : { machineName: ran.machineName }),
      ...(ran.setup ? { setup: ran.setup } : {}),
      ...report(ran.proofStep),
    };
  }

  const api: Engine = {
    run(line: string): RunReply {
      const trimmed = line.trim();
      if (trimmed === UNDO) return undo(line);
      if (trimmed === REDO) return redo(line);
      if (trimmed === "") return { ...toReply(line, quiet(), undefined, viewUpdate()), ...report() };
      if (trimmed === HELP) {
        // Changes nothing, so the history (and a link, a scenario file) does not keep it.
        const help = commandsOn(world, session);
        return {
          ...toReply(line, quiet(), "help", viewUpdate()),
          help: { machine: help.kind, commands: help.commands },
          ...report(),
        };
      }
      // `reset` in a lesson starts that lesson again: the world its setup makes, goals from the first.
      const restart = trimmed === RESET && lesson ? { lesson: lesson.lesson.id } : {};
      // `reset` keeps the engine the world runs.
      const engine = trimmed === RESET && world.docker.engine !== DEFAULT_ENGINE ? { engine: world.docker.engine } : {};
      return runEntry(line, { line, machine: session.machine, ...restart, ...engine });
    },
    startLesson(id: string): RunReply {
      // A lesson runs on the engine it is written for (Docker 26 unless its data says otherwise).
      const engine = findLesson(id)?.engine;
      return runEntry(RESET, { line: RESET, machine: "host", lesson: id, ...(engine ? { engine } : {}) });
    },
    switchEngine(engine: EngineVersion): RunReply {
      const line = engineLine(engine);
      return runEntry(line, { line, machine: "host", engine });
    },
    engines() {
      return engineChoices();
    },
    compare(source: readonly string[] | "session"): readonly EngineSide[] {
      return compareEngines(() => createEngine(seed), source === "session" ? { history: log.done } : { lines: source });
    },
    load(request: LoadRequest): LoadReply {
      fresh();
      const reply = appendAll(request.entries, request.traceOf);
      log = { done: log.done, undone: request.undone ?? [] };
      if (request.at !== undefined) {
        const at = resolveMachine(world, request.at);
        if (at !== undefined && at !== session.machine) session = { machine: at };
      }
      return { ...reply, session, log };
    },
    append(entries: readonly Entry[]): LoadReply {
      return appendAll(entries);
    },
    reset(newSeed = seed): WorldView {
      fresh(newSeed);
      return wholeView();
    },
    snapshot() {
      return { view: wholeView(), session };
    },
    state() {
      return { world, session };
    },
    attach(machine: string) {
      const ns = resolveMachine(world, machine);
      if (ns !== undefined) session = sessionOn(world, ns);
      return { session };
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
      return report().lesson ?? null;
    },
  };
  return api;
}
