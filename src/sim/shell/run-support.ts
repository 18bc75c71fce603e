/** run.ts's small helpers: the parse cache, background items, and joined output chunks. */
import type { World } from "../world.ts";
import type { OutputChunk, Session } from "./command.ts";
import { keepsRunning } from "./jobs.ts";
import { machineOf, providerOf, shellOf } from "./machine.ts";
import { parseScript, type ParseResult, type SimpleCommand } from "./parse.ts";
import { assignArray, unsetArray } from "./arrays.ts";
import { sleepMs } from "./commands/sleep/sleep.ts";

/** Adjacent chunks of one stream (written at one time) joined, so a terminal writes as few pieces as it can. */
export function mergeChunks(chunks: readonly OutputChunk[]): OutputChunk[] {
  const out: OutputChunk[] = [];
  for (const c of chunks) {
    const prev = out[out.length - 1];
    if (prev && prev.stream === c.stream && prev.at === c.at)
      out[out.length - 1] = { ...prev, text: prev.text + c.text };
    else out.push(c);
  }
  return out;
}

/**
 * A background item the lab keeps running (`tcpdump … &`, or `tcpdump … | cut … &`),
 * when the machine has it: the command it keeps, and the rest of its pipeline.
 */
export function background(
  world: World,
  session: Session,
  pipeline: readonly SimpleCommand[],
): { readonly first: SimpleCommand; readonly rest: readonly SimpleCommand[] } | undefined {
  const cmd = pipeline[0];
  if (!cmd || !keepsRunning(cmd.argv)) return undefined;
  const where = machineOf(world, session);
  if (providerOf(where, shellOf(session, where), cmd.argv[0]!) === undefined) return undefined;
  return { first: cmd, rest: pipeline.slice(1) };
}

/** `sleep N &` alone, with nothing redirected: how long it sleeps, in ms. */
export function backgroundSleep(pipeline: readonly SimpleCommand[]): number | undefined {
  const cmd = pipeline[0];
  if (pipeline.length !== 1 || !cmd || cmd.argv[0] !== "sleep" || cmd.compound || (cmd.redirects?.length ?? 0) > 0)
    return undefined;
  if ((cmd.assigns?.length ?? 0) > 0 || cmd.argv.some((a) => !/^[0-9.]+[smhd]?$/.test(a) && a !== "sleep"))
    return undefined;
  return sleepMs(cmd.argv.slice(1));
}

/** Chunks a command wrote, stamped with the clock when the shell keeps time (Session.horizon). */
export function stamped(chunks: readonly OutputChunk[], session: Session, clock: number): readonly OutputChunk[] {
  if (session.horizon === undefined) return chunks;
  return chunks.map((c) => (c.at === undefined ? { ...c, at: clock } : c));
}

/** Parsed lists by shell and text: a loop's body is read again each turn. */
const parsedCache = new Map<string, ParseResult>();

export function parseCached(line: string, shell: NonNullable<Session["shell"]>, dash = false): ParseResult {
  const key = `${shell}${dash ? "-dash" : ""}\u0000${line}`;
  const hit = parsedCache.get(key);
  if (hit) return hit;
  const parsed = parseScript(line, shell, dash);
  if (parsedCache.size >= 256) parsedCache.clear();
  parsedCache.set(key, parsed);
  return parsed;
}

/** What busybox sh says of a job a signal ended, by signal number (SIGSEGV; SIGTERM from busybox's timeout). */
const SIGNAL_TEXT: Readonly<Record<number, string>> = { 11: "Segmentation fault\n", 15: "Terminated\n" };

/**
 * busybox sh reports a job a signal killed when it waited for it, having forked it (the
 * oracle's `wget -T 2 …; echo $?` prints "Segmentation fault", then 139); a command it
 * exec'd in place leaves no shell to say it. Returns the line to print, if any.
 */
export function signalReport(exitCode: number, forked: boolean, shell: string): string | undefined {
  if (!forked || shell !== "sh" || exitCode <= 128) return undefined;
  return SIGNAL_TEXT[exitCode - 128];
}

/**
 * dash reports a foreground command that a signal (not SIGINT or SIGPIPE) killed with the
 * signal's description alone (sprint_status), as `sh -c 'timeout -s KILL 1 sleep 3'` shows "Killed".
 */
export function dashSignalReport(signal: number | undefined, dash: boolean): string | undefined {
  if (!dash || signal === undefined || signal === 2 || signal === 13) return undefined;
  return { 9: "Killed\n", ...SIGNAL_TEXT }[signal];
}

/**
 * bash's PIPESTATUS after a pipeline of several commands: each one's status. After a
 * single command it is `$?` alone, which expansion supplies (run-simple.ts), so the
 * array is kept only while a longer pipeline's is the latest and the session is left
 * as it was otherwise.
 */
export function pipeStatus(session: Session, statuses: readonly number[]): Session {
  if (session.shell === "sh") return session;
  if (statuses.length > 1) return assignArray(session, "PIPESTATUS", statuses.map(String), false);
  return session.arrays?.PIPESTATUS ? unsetArray(session, "PIPESTATUS") : session;
}
