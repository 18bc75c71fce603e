/**
 * The session as the lab keeps it: every command line, the machine it ran on and what it
 * changed, plus the groups `undo` took back (for `redo`). Replaying `done` on a fresh world
 * rebuilds the world exactly (the core is deterministic), which is what a reload, a link, a
 * scenario file and a replaced worker all rely on. Pure: the engine and the page's store
 * apply the same functions, so their copies cannot drift apart.
 */
import type { EngineVersion } from "../sim/index.ts";

/** What a line changed: nothing, only where the terminal is (a `docker exec -it`, `exit`), or the world. */
export type Effect = "none" | "session" | "world";

/**
 * Why a line was kept without being run: its machine did not exist when its turn came, or
 * it stopped the simulation (the worker died or ran past its time limit on it).
 */
export type SkipReason = "unknown-machine" | "stopped-the-lab";

/** A line to run: where, and the text exactly as typed (any Unicode, several lines for a here-document). */
export interface Entry {
  readonly line: string;
  /**
   * `host`, `internet`, or a container's network namespace id. Entries read from a link or a
   * scenario file may name a container (`web`) or give an id prefix; the engine resolves
   * them, as `docker exec` does, when the line's turn comes; "" (links of the first
   * format) means wherever the terminal is.
   */
  readonly machine: string;
  readonly skip?: SkipReason;
  /**
   * On a `reset` line only: the lesson it starts. Starting a lesson is one step of the
   * history: a fresh world, the lesson's setup run on it, its goals checked from then on
   * (so `undo` takes it back whole, `redo` starts it again, and a replay rebuilds it).
   */
  readonly lesson?: string;
  /**
   * The Docker engine, on two kinds of line only. On a `reset`: the engine its fresh world
   * runs (absent: Docker 26, so every history made before the engine could be chosen reads
   * as it did). On the lab's engine line (`#engine 28`, ENGINE_PREFIX): the switch itself,
   * which rebuilds the world on that engine from the lines since the last `reset`.
   */
  readonly engine?: EngineVersion;
}

export interface LogEntry extends Entry {
  readonly effect: Effect;
}

export interface SessionLog {
  readonly done: readonly LogEntry[];
  /** Groups taken back by `undo`, the latest last (`redo` runs them again, so what they change is found anew). */
  readonly undone: readonly (readonly Entry[])[];
}

export const EMPTY_LOG: SessionLog = { done: [], undone: [] };

/** The lab's own commands, answered by the engine rather than a shell. */
export const UNDO = "undo";
export const REDO = "redo";
export const RESET = "reset";
export const HELP = "help";
/**
 * The line an engine switch is kept as: a shell comment, so a history read by a shell (a
 * scenario file, an old lab) does nothing with it. Only an entry that also carries
 * `engine` switches: typing `#engine 28` is a comment as in bash.
 */
export const ENGINE_PREFIX = "#engine ";

export function engineLine(engine: EngineVersion): string {
  return `${ENGINE_PREFIX}${engine}`;
}

/** The lab's engine switch (not a `reset` on another engine). */
export function isEngineSwitch(e: Entry): boolean {
  return e.engine !== undefined && e.line === engineLine(e.engine);
}

/**
 * A new line joins the history. One that changed something makes the undone groups
 * unreachable, as in any editor; one that only looked (`iptables -L`) keeps them, so a
 * person can look around after `undo` and still `redo`.
 */
export function record(log: SessionLog, entry: LogEntry): SessionLog {
  return { done: [...log.done, entry], undone: entry.effect === "none" ? log.undone : [] };
}

/** Index of the last line that changed something, or -1. */
function lastChange(done: readonly LogEntry[]): number {
  for (let i = done.length - 1; i >= 0; i--) if (done[i]!.effect !== "none") return i;
  return -1;
}

/**
 * `undo` takes back the last line that changed the world or where the terminal is, with
 * the lines that only looked after it; null when nothing has changed anything.
 */
export function undoLog(log: SessionLog): { log: SessionLog; group: readonly LogEntry[]; at: number } | null {
  const at = lastChange(log.done);
  if (at < 0) return null;
  const group = log.done.slice(at);
  return { log: { done: log.done.slice(0, at), undone: [...log.undone, group] }, group, at };
}

/** The group `redo` runs again (its lines, then the history without it), or null. */
export function redoGroup(log: SessionLog): { group: readonly Entry[]; rest: SessionLog["undone"] } | null {
  const group = log.undone[log.undone.length - 1];
  return group ? { group, rest: log.undone.slice(0, -1) } : null;
}

/**
 * What built the world as it is now (a link and a scenario file need no more): the lines after
 * the last `reset`, or from it when it started a lesson or another engine (it made the
 * lesson's world and goals, or a world on Docker 28).
 */
export function sinceLastReset<T extends Entry>(done: readonly T[]): readonly T[] {
  return done.slice(lastResetAt(done));
}

/** Where sinceLastReset begins: after the last `reset`, or at it when it carries a lesson or an engine. */
export function lastResetAt(done: readonly Entry[]): number {
  for (let i = done.length - 1; i >= 0; i--) {
    const e = done[i]!;
    if (isReset(e) && !e.skip) return e.lesson === undefined && e.engine === undefined ? i + 1 : i;
  }
  return 0;
}

export function isReset(e: Entry): boolean {
  return e.line.trim() === RESET;
}

/** Whether two histories hold the same lines on the same machines. */
export function sameEntries(a: readonly Entry[], b: readonly Entry[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (e, i) =>
        e.line === b[i]!.line &&
        e.machine === b[i]!.machine &&
        (e.skip ?? "") === (b[i]!.skip ?? "") &&
        (e.lesson ?? "") === (b[i]!.lesson ?? "") &&
        (e.engine ?? "") === (b[i]!.engine ?? ""),
    )
  );
}
