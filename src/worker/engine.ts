/**
 * The worker's state machine, kept apart from the worker global so it can be
 * unit-tested in Node: it owns the authoritative world, the terminal's session and the
 * session log (session-log.ts). `undo` takes back the last line that changed something
 * (restoring the whole world before it, conntrack and counters included), `redo` runs a
 * taken-back group again, and `reset` is itself a line of the history, so it can be undone.
 */
import { findContainer } from "../sim/docker/container.ts";
import {
  applyCommand,
  completionSpecs,
  createWorld,
  HOST_SESSION,
  type Outcome,
  type Session,
  type World,
} from "../sim/index.ts";
import type { EntryResult, LoadReply, LoadRequest, RunReply, SimApi, TraceEvent } from "./protocol.ts";
import { toReply } from "./protocol.ts";
import {
  EMPTY_LOG,
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
  type SessionLog,
} from "./session-log.ts";

export const DEFAULT_SEED = 2024;
/**
 * Worlds kept for undo: the latest MAX_UNDO, plus one every CHECKPOINT_EVERY lines. Undoing
 * further back replays the history from the nearest kept world (the core is deterministic).
 */
export const MAX_UNDO = 200;
export const CHECKPOINT_EVERY = 50;

interface Saved {
  readonly world: World;
  readonly session: Session;
}

interface Ran {
  readonly entry: LogEntry;
  readonly outcome: Outcome;
  readonly hostname: string | undefined;
  readonly machineName: string | undefined;
}

/** The name a person knows a machine by, for scenario files; undefined for host and internet. */
function containerName(world: World, machine: string): string | undefined {
  if (machine === "host" || machine === "internet") return undefined;
  return world.docker.containers.find((c) => c.id === machine)?.name;
}

/** `host`, `internet`, a namespace id, or a container (by id, name or id prefix) → a namespace id now. */
function resolveMachine(world: World, ref: string): string | undefined {
  if (ref === "host" || Object.hasOwn(world.netns, ref)) return ref;
  const c = findContainer(world, ref);
  if (!c) return undefined;
  const ns = c.networkMode === "host" ? "host" : c.id;
  return Object.hasOwn(world.netns, ns) ? ns : undefined;
}

function internalError(world: World, session: Session, err: unknown): Outcome {
  // A throw here is a bug in the core. Keep the last good world so the page
  // survives, and say so plainly instead of pretending a tool printed it.
  const message = err instanceof Error ? err.message : String(err);
  const stderr = `lab: internal error: ${message}\n`;
  return { world, session, stdout: "", stderr, output: [{ stream: "stderr", text: stderr }], exitCode: 70, events: [] };
}

export function createEngine(seed = DEFAULT_SEED): SimApi {
  let world: World = createWorld(seed);
  let session: Session = HOST_SESSION;
  let log: SessionLog = EMPTY_LOG;
  /** The state before each line of log.done (null where forgotten). */
  let before: (Saved | null)[] = [];

  const quiet = (): Outcome => ({ world, session, stdout: "", stderr: "", output: [], exitCode: 0, events: [] });

  /** Runs one entry on the current state and records it; the caller decides what happens to `undone`. */
  function exec(entry: Entry): Ran {
    let machine = entry.machine === "" ? session.machine : entry.machine;
    let skip = entry.skip;
    if (!skip && !isReset(entry)) {
      const resolved = resolveMachine(world, machine);
      if (resolved === undefined) skip = "unknown-machine";
      else {
        machine = resolved;
        // The machine switcher's choice, replayed: the line runs where it ran.
        if (session.machine !== resolved) session = { machine: resolved };
      }
    }
    const start: Saved = { world, session };
    let outcome: Outcome;
    let effect: Effect = "none";
    if (skip) {
      outcome = quiet();
    } else if (isReset(entry)) {
      world = createWorld(seed);
      session = HOST_SESSION;
      outcome = quiet();
      effect = "world";
    } else {
      try {
        outcome = applyCommand(world, entry.line, session);
      } catch (err) {
        outcome = internalError(world, session, err);
      }
      effect = outcome.world !== world ? "world" : outcome.session !== session ? "session" : "none";
      world = outcome.world;
      session = outcome.session;
    }
    const logged: LogEntry = { line: entry.line, machine, effect, ...(skip ? { skip } : {}) };
    before.push(start);
    forgetOldWorlds();
    return {
      entry: logged,
      outcome,
      hostname: start.world.netns[machine]?.hostname,
      machineName: containerName(start.world, machine),
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
    const start = before[from] ?? { world: createWorld(seed), session: HOST_SESSION };
    const saved = { world, session, log, before };
    world = start.world;
    session = start.session;
    before = before.slice(0, from);
    for (const e of log.done.slice(from, at)) exec(e);
    const result = { world, session };
    ({ world, session, log, before } = saved);
    before[at] = result;
    return result;
  }

  function undo(line: string): RunReply {
    const u = undoLog(log);
    if (!u) return { ...toReply(line, quiet(), "undo", world), exitCode: 1, note: { code: "nothing-to-undo" } };
    const prior = world;
    const s = stateBefore(u.at);
    world = s.world;
    session = s.session;
    log = u.log;
    before = before.slice(0, u.at);
    return {
      ...toReply(line, quiet(), "undo", prior),
      note: { code: "undone", lines: u.group.map((e) => e.line) },
      log,
    };
  }

  function redo(line: string): RunReply {
    const r = redoGroup(log);
    if (!r) return { ...toReply(line, quiet(), "redo", world), exitCode: 1, note: { code: "nothing-to-redo" } };
    const prior = world;
    let events: readonly TraceEvent[] = [];
    const done = [...log.done];
    for (const e of r.group) {
      const ran = exec(e);
      done.push(ran.entry);
      if (ran.outcome.events.length > 0) events = ran.outcome.events;
    }
    log = { done, undone: r.rest };
    return {
      ...toReply(line, { ...quiet(), events }, "redo", prior),
      note: { code: "redone", lines: r.group.map((e) => e.line) },
      log,
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
        ...(ran.machineName === undefined ? {} : { machineName: ran.machineName }),
      });
      const wanted = traceOf === undefined ? !ran.entry.skip && !isReset(ran.entry) : offset + i === traceOf;
      if (wanted) {
        events = ran.outcome.events;
        traced = offset + i;
      }
    });
    return { results, world, session, log, events, traceOf: traced };
  }

  function fresh(newSeed = seed) {
    seed = newSeed;
    world = createWorld(seed);
    session = HOST_SESSION;
    log = EMPTY_LOG;
    before = [];
  }

  return {
    run(line: string): RunReply {
      const trimmed = line.trim();
      if (trimmed === UNDO) return undo(line);
      if (trimmed === REDO) return redo(line);
      if (trimmed === "") return toReply(line, quiet(), undefined, world);
      const prior = world;
      const ran = exec({ line, machine: session.machine });
      log = record(log, ran.entry);
      return {
        ...toReply(line, ran.outcome, trimmed === RESET ? "reset" : undefined, prior),
        entry: ran.entry,
        ...(ran.machineName === undefined ? {} : { machineName: ran.machineName }),
      };
    },
    load(request: LoadRequest): LoadReply {
      fresh();
      const reply = appendAll(request.entries, request.traceOf);
      log = { done: log.done, undone: request.undone ?? [] };
      if (request.at !== undefined) {
        const at = resolveMachine(world, request.at);
        if (at !== undefined && at !== session.machine) session = { machine: at };
      }
      return { ...reply, world, session, log };
    },
    append(entries: readonly Entry[]): LoadReply {
      return appendAll(entries);
    },
    reset(newSeed = seed): World {
      fresh(newSeed);
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
  };
}
