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
  withEntryTexts,
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
import { forgetOldWorlds, rebuildOn, startAfresh, stateBefore, type Core, type Ran, type Saved } from "./history.ts";
import { containerName, internalError, resolveMachine, sessionChanged, sessionOn, worldChanged } from "./machines.ts";
import { diffView } from "./view-patch.ts";
import { viewOf, type WorldView } from "./view.ts";
import {
  EMPTY_LOG,
  engineLine,
  HELP,
  isEngineSwitch,
  isReset,
  record,
  redoGroup,
  REDO,
  RESET,
  UNDO,
  undoLog,
  type Effect,
  type Entry,
  type LogEntry,
} from "./session-log.ts";

export const DEFAULT_SEED = 2024;
export { CHECKPOINT_EVERY, MAX_UNDO } from "./history.ts";

/** The engine as the worker exposes it, with what only tests and the worker itself read: the whole world. */
export interface Engine extends SimApi {
  state(): { world: World; session: Session };
}

export function createEngine(seed = DEFAULT_SEED): Engine {
  const c: Core = { seed, world: createWorld(seed), session: HOST_SESSION, lesson: null, log: EMPTY_LOG, before: [] };
  /** The view the page holds: the last one sent, whole or patched (null before the first). */
  let shown: WorldView | null = null;

  /** The whole view, which the page takes as its own from now on. */
  const wholeView = (): WorldView => (shown = viewOf(c.world));
  /** How the page's view moves to the world now: what changed since the view it holds, if anything. */
  const viewUpdate = (): ViewUpdate | undefined => {
    if (shown === null) return { full: wholeView() };
    const next = viewOf(c.world);
    const patch = diffView(shown, next);
    shown = next;
    return patch === undefined ? undefined : { patch };
  };

  const quiet = (): Outcome => ({
    world: c.world,
    session: c.session,
    stdout: "",
    stderr: "",
    output: [],
    exitCode: 0,
    events: [],
  });
  const report = (proofStep?: number): { lesson?: LessonReport } =>
    c.lesson
      ? {
          lesson: {
            id: c.lesson.lesson.id,
            goalsDone: c.lesson.goalsDone,
            ...(proofStep === undefined ? {} : { proofStep }),
          },
        }
      : {};

  /** Runs one entry on the current state and records it; the caller decides what happens to `undone`. */
  function exec(entry: Entry): Ran {
    let machine = entry.machine === "" ? c.session.machine : entry.machine;
    let skip = entry.skip;
    const switching = isEngineSwitch(entry);
    if (!skip && !isReset(entry) && !switching) {
      const resolved = resolveMachine(c.world, machine);
      if (resolved === undefined) skip = "unknown-machine";
      else {
        machine = resolved;
        // The machine switcher's choice, replayed: the line runs where it ran.
        if (c.session.machine !== resolved) c.session = sessionOn(c.world, resolved);
      }
    }
    const at = c.before.length;
    const start: Saved = { world: c.world, session: c.session, lesson: c.lesson };
    let outcome: Outcome;
    let effect: Effect = "none";
    let setup: SetupResult[] | undefined;
    let proofStep: number | undefined;
    let started: string | undefined;
    let rebuilt: number | undefined;
    if (skip) {
      outcome = quiet();
    } else if (isReset(entry)) {
      const fresh = startAfresh(c, entry.lesson, entry.engine);
      started = fresh.started?.id;
      if (fresh.started) setup = fresh.setup;
      outcome = quiet();
      effect = "world";
    } else if (switching) {
      rebuilt = rebuildOn(c, entry.engine!, at, exec);
      outcome = quiet();
      effect = "world";
    } else {
      try {
        outcome = applyCommand(c.world, entry.line, c.session);
      } catch (err) {
        outcome = internalError(c.world, c.session, err);
      }
      effect = worldChanged(c.world, outcome.world)
        ? "world"
        : sessionChanged(c.session, outcome.session)
          ? "session"
          : "none";
      c.world = outcome.world;
      c.session = outcome.session;
      if (c.lesson) {
        const a = advanceGoals(c.lesson.lesson, c.lesson.goalsDone, c.world, outcome.events);
        if (a.goalsDone !== c.lesson.goalsDone) c.lesson = { lesson: c.lesson.lesson, goalsDone: a.goalsDone };
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
    c.before.push(start);
    forgetOldWorlds(c);
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

  function undo(line: string): RunReply {
    const u = undoLog(c.log);
    if (!u)
      return {
        ...toReply(line, quiet(), "undo", viewUpdate()),
        exitCode: 1,
        note: { code: "nothing-to-undo" },
        ...report(),
      };
    const s = stateBefore(c, u.at, exec);
    c.world = s.world;
    c.session = s.session;
    c.lesson = s.lesson;
    c.log = u.log;
    c.before = c.before.slice(0, u.at);
    return {
      ...toReply(line, quiet(), "undo", viewUpdate()),
      note: { code: "undone", lines: u.group.map((e) => e.line) },
      log: c.log,
      ...report(),
    };
  }

  function redo(line: string): RunReply {
    const r = redoGroup(c.log);
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
      c.log = { done: [...c.log.done, ran.entry], undone: c.log.undone };
      // The trace shown is the group's last; a proof found in another line's trace is not.
      if (ran.outcome.events.length > 0) {
        events = ran.outcome.events;
        proofStep = ran.proofStep;
      }
    }
    c.log = { done: c.log.done, undone: r.rest };
    return {
      ...toReply(line, { ...quiet(), events }, "redo", viewUpdate()),
      note: { code: "redone", lines: r.group.map((e) => e.line) },
      log: c.log,
      ...report(proofStep),
    };
  }

  function appendAll(entries: readonly Entry[], traceOf?: number): LoadReply {
    const results: EntryResult[] = [];
    let events: readonly TraceEvent[] = [];
    let traced = -1;
    const offset = c.log.done.length;
    entries.forEach((e, i) => {
      const ran = exec(e);
      c.log = record(c.log, ran.entry);
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
    return {
      results,
      view: wholeView(),
      session: c.session,
      log: c.log,
      events: withEntryTexts(events),
      traceOf: traced,
      ...report(),
    };
  }

  function fresh(newSeed = c.seed) {
    c.seed = newSeed;
    c.world = createWorld(c.seed);
    c.session = HOST_SESSION;
    c.lesson = null;
    c.log = EMPTY_LOG;
    c.before = [];
  }

  /** Runs an entry typed now (or a lesson's start, an engine switch) and records it. */
  function runEntry(line: string, entry: Entry): RunReply {
    const ran = exec(entry);
    c.log = record(c.log, ran.entry);
    const control = isReset(entry) ? "reset" : isEngineSwitch(entry) ? "engine" : undefined;
    return {
      ...toReply(line, ran.outcome, control, viewUpdate()),
      ...(ran.rebuilt === undefined
        ? {}
        : { note: { code: "engine" as const, engine: c.world.docker.engine, count: ran.rebuilt } }),
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
        const help = commandsOn(c.world, c.session);
        return {
          ...toReply(line, quiet(), "help", viewUpdate()),
          help: { machine: help.kind, commands: help.commands },
          ...report(),
        };
      }
      // `reset` in a lesson starts that lesson again: the world its setup makes, goals from the first.
      const restart = trimmed === RESET && c.lesson ? { lesson: c.lesson.lesson.id } : {};
      // `reset` keeps the engine the world runs.
      const engine =
        trimmed === RESET && c.world.docker.engine !== DEFAULT_ENGINE ? { engine: c.world.docker.engine } : {};
      return runEntry(line, { line, machine: c.session.machine, ...restart, ...engine });
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
      return compareEngines(
        () => createEngine(c.seed),
        source === "session" ? { history: c.log.done } : { lines: source },
      );
    },
    load(request: LoadRequest): LoadReply {
      fresh();
      const reply = appendAll(request.entries, request.traceOf);
      c.log = { done: c.log.done, undone: request.undone ?? [] };
      if (request.at !== undefined) {
        const at = resolveMachine(c.world, request.at);
        if (at !== undefined && at !== c.session.machine) c.session = { machine: at };
      }
      return { ...reply, session: c.session, log: c.log };
    },
    append(entries: readonly Entry[]): LoadReply {
      return appendAll(entries);
    },
    reset(newSeed = c.seed): WorldView {
      fresh(newSeed);
      return wholeView();
    },
    snapshot() {
      return { view: wholeView(), session: c.session };
    },
    state() {
      return { world: c.world, session: c.session };
    },
    attach(machine: string) {
      const ns = resolveMachine(c.world, machine);
      if (ns !== undefined) c.session = sessionOn(c.world, ns);
      return { session: c.session };
    },
    peek(line: string, machine: string) {
      try {
        const o = applyCommand(c.world, line, { machine });
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
      c.lesson = found ? { lesson: found, goalsDone: Math.max(0, Math.min(found.goals.length, from)) } : null;
      return report().lesson ?? null;
    },
  };
  return api;
}
