/**
 * Runs one input: parse, then each pipeline of the list in turn (`;`, `&&`, `||`),
 * each command's stdout feeding the next one's stdin; each simple command runs in
 * run-simple.ts, which calls back here (through setListRunners) for the lists a
 * compound command, a function or a command substitution runs. Like bash, a
 * pipeline's exit code is its last command's.
 */
import { settleExits } from "../docker/exits.ts";
import { LIMITS } from "../limits.ts";
import type { TraceEvent } from "../trace/events.ts";
import type { World } from "../world.ts";
import type { CommandResult, OutputChunk, ProcRef, Session } from "./command.ts";
import { pipelineProcs } from "./forks.ts";
import { machineOf, shellOf } from "./machine.ts";
import {
  asCondition,
  errexitApplies,
  expired,
  listInterrupted,
  resetLoopBudget,
  shellExit,
  takeExit,
  type Cursor,
} from "./control.ts";
import {
  background,
  backgroundSleep,
  dashSignalReport,
  mergeChunks,
  parseCached,
  pipeStatus,
  signalReport,
  stamped,
} from "./run-support.ts";
import { capOutput, type CommandOutcome } from "./output.ts";
import { reapJobs } from "./job-table.ts";
import {
  feedCaptures,
  finishedJob,
  interactive,
  setPipeRunner,
  startSleepJob,
  type JobOutput,
  type PipeRunner,
} from "./jobs.ts";
import { runSimple, setListRunners } from "./run-simple.ts";
import { endShell } from "./script.ts";
import { closeDropped } from "./fd-table.ts";
import { lookupVar } from "./vars.ts";
import { timeReport } from "./time-report.ts";
import { commandText } from "./lib/command-text.ts";
import { sendDueSynAcks } from "../kernel/stack/synack-timer.ts";

/** Shells running inside one another now (command substitutions, `bash -c`, `nsenter CMD`). */
let depth = 0;

/** Runs a line typed at the terminal (or a scenario's line): its background jobs see each command's packets. */
export function runLine(world: World, session: Session, line: string): CommandResult {
  // A container whose PID 1 was due to exit before this line has exited (docker/container.ts).
  const r = shellEnd(runGuarded(settleExits(world), session, line, true));
  if (!session.noTty) return r;
  // A line with no terminal is a shell of its own (the oracle's `bash -c`): its EXIT trap runs
  // as it ends, and then the kernel closes the sockets its descriptors still held.
  const ended = r.session?.traps?.EXIT !== undefined ? endShell(r, r.session, runNested) : r;
  const closed = closeDropped(ended.world, ended.session?.fds, session.fds);
  if (closed.world === ended.world) return ended;
  return { ...ended, world: closed.world, events: [...(ended.events ?? []), ...closed.events] };
}

/** A shell's lines end here: an `exit` or `set -e` stops at this shell, with its status. */
function shellEnd(r: CommandResult): CommandResult {
  const status = takeExit();
  return status === undefined ? r : { ...r, exitCode: status, exited: true };
}

/**
 * What a shell inside runs (`bash -c`, `docker exec`, `nsenter … CMD`, a command
 * substitution): the terminal's jobs see its packets once, when it returns.
 */
function runNested(world: World, session: Session, line: string, status = 0): CommandResult {
  return shellEnd(runGuarded(world, session, line, false, undefined, status));
}

function runGuarded(
  world: World,
  session: Session,
  line: string,
  top: boolean,
  input?: Cursor,
  status = 0,
): CommandResult {
  if (depth === 0) resetLoopBudget();
  if (depth >= LIMITS.maxShellDepth) {
    const stderr = "bash: maximum shell nesting level exceeded\n";
    return { world, stdout: "", stderr, exitCode: 1, output: [{ stream: "stderr", text: stderr }] };
  }
  depth++;
  try {
    return runParsed(world, session, line, top, input, status);
  } finally {
    depth--;
  }
}

function runParsed(
  world: World,
  session: Session,
  line: string,
  top: boolean,
  input?: Cursor,
  status = 0,
): CommandResult {
  const parsed = parseCached(line, shellOf(session, machineOf(world, session)), session.dash === true);
  if (!parsed.ok) return { world, stdout: "", stderr: parsed.stderr, exitCode: parsed.exitCode };

  let current = world;
  let currentSession = session;
  let stdout = "";
  let stderr = "";
  const output: OutputChunk[] = [];
  let exitCode = status;
  let sessionChanged = false;
  let blocked = false;
  const events: TraceEvent[] = [];

  const jobOutput = (r: JobOutput) => {
    current = r.world;
    for (const c of r.chunks) {
      output.push(c);
      if (c.stream === "stdout") stdout += c.text;
      else stderr += c.text;
    }
  };
  // A command put in the background gets the next PID: $! names it, and `wait PID` finds `status`.
  const fork = (status: number): number => {
    const pid = current.nextPid;
    current = { ...current, nextPid: pid + 1 };
    currentSession = { ...currentSession, lastJob: pid, jobStatus: { ...currentSession.jobStatus, [pid]: status } };
    sessionChanged = true;
    return pid;
  };
  for (let n = 0; n < parsed.list.length; n++) {
    if (listInterrupted()) break;
    // A `timeout` around this shell has sent its signal: nothing more of the list runs.
    if (expired(current, currentSession)) {
      blocked = true;
      break;
    }
    const item = parsed.list[n]!;
    if (item.op === "&&" && exitCode !== 0) continue;
    if (item.op === "||" && exitCode === 0) continue;
    let pipe = "";
    let last: CommandOutcome | undefined;
    const lastStatus = exitCode;
    const bg = item.background && top ? background(current, currentSession, item.pipeline) : undefined;
    if (bg) {
      const job = runSimple(current, currentSession, bg.first, "", lastStatus, undefined, true, bg.rest);
      current = job.world;
      stderr += job.stderr;
      stdout += job.stdout;
      output.push(...job.chunks);
      events.push(...job.events);
      exitCode = 0;
      continue;
    }
    // `sleep N &` sleeps while the list goes on: `kill $!` can end it before `wait` does.
    const sleeps = item.background ? backgroundSleep(item.pipeline) : undefined;
    if (sleeps !== undefined) {
      const pid = fork(0);
      currentSession = { ...currentSession, sleeping: { ...currentSession.sleeping, [pid]: current.clock + sleeps } };
      exitCode = 0;
      if (top && interactive(currentSession)) {
        jobOutput(startSleepJob(current, currentSession, item.pipeline[0]!.argv, pid, current.clock + sleeps));
      }
      continue;
    }
    const started = current.clock;
    const outStart = output.length;
    const forks = pipelineProcs(current, currentSession, item.pipeline, n === parsed.list.length - 1);
    const tested = item.negate || parsed.list[n + 1]?.op === "&&" || parsed.list[n + 1]?.op === "||";
    let failing = 0;
    const statuses: number[] = [];
    current = forks.world;
    for (let i = 0; i < item.pipeline.length; i++) {
      const cmd = item.pipeline[i]!;
      const self = forks.procs[i];
      // In a container, busybox sh has mostly not forked the rest of the pipeline yet when
      // `ps` reads /proc (`ps aux | grep nginx` lists no grep, in 5 of 9 runs on the oracle;
      // else a forked `sh -c` or the exec'd grep): the later commands are left out. top
      // samples twice, 0.1 s apart, and finds them exec'd (`tail -n +4`).
      const later = (p: ProcRef, j: number): boolean => j > i && !!forks.shell && p.args === forks.shell.args;
      const others: ProcRef[] = [...(forks.shell ? [forks.shell] : [])];
      forks.procs.forEach((p, j) => {
        if (!p || j === i) return;
        if (!later(p, j)) others.push(p);
        else if (cmd.argv[0] === "top") others.push({ ...p, args: item.pipeline[j]!.argv.join(" ") });
      });
      const procs = self || others.length > 0 ? { ...(self ? { self } : {}), others } : undefined;
      // A listener's SYN-ACK timer fired meanwhile, through the rules the last command left.
      current = sendDueSynAcks(current);
      const t0 = current.clock;
      // The first command of a pipeline reads the stdin the list shares (a loop's), the others the pipe.
      const shared = i === 0 && input ? input : undefined;
      const pipeIn = shared ? shared.text.slice(shared.pos) : pipe;
      const run = () =>
        runSimple(
          current,
          currentSession,
          cmd,
          pipeIn,
          lastStatus,
          procs,
          i === item.pipeline.length - 1,
          undefined,
          shared,
        );
      // Before `&&`/`||` or after `!`, `set -e` does not act inside either: `f || echo failed` runs all of f.
      last = tested ? asCondition(run) : run();
      current = last.world;
      if (last.blocked) blocked = true;
      // A running tcpdump prints the packets as they pass, before the command's own output.
      if (top && current.captures) jobOutput(feedCaptures(current, last.events, t0));
      stderr += last.stderr;
      const isLast = i === item.pipeline.length - 1;
      // Only the last command's stdout reaches the terminal; the others' went down the pipe.
      output.push(
        ...stamped(last.chunks, currentSession, current.clock).filter((c) => isLast || c.stream === "stderr"),
      );
      events.push(...last.events);
      // Each command of a longer pipeline runs in a subshell: its `cd` or `X=1` stays there.
      if (last.session && item.pipeline.length === 1) {
        currentSession = last.session;
        sessionChanged = true;
      }
      pipe = last.stdout;
      statuses.push(last.exitCode);
      // busybox sh reports each process of the job that a signal killed as it reaps it, so
      // a crashed `wget -T 2 … | grep` is reported though grep's status is the pipeline's.
      const signalled =
        dashSignalReport(last.signal, !!currentSession.dash) ??
        signalReport(
          last.exitCode,
          item.pipeline.length > 1 || !!forks.shell,
          shellOf(currentSession, machineOf(current, currentSession)),
        );
      if (signalled) {
        stderr += signalled;
        output.push({ stream: "stderr", text: signalled });
      }
      if (last.exitCode !== 0) failing = last.exitCode;
    }
    stdout += pipe;
    const piped = pipeStatus(currentSession, statuses);
    if (piped !== currentSession) {
      currentSession = piped;
      sessionChanged = true;
    }
    // `set -o pipefail`: the last command that failed decides, not the last command.
    exitCode = currentSession.opts?.pipefail ? failing : (last?.exitCode ?? 0);
    if (item.negate) exitCode = exitCode === 0 ? 1 : 0;
    if (item.time) {
      const format = lookupVar(current, currentSession, "TIMEFORMAT");
      const report = timeReport(current.clock - started, item.time === "posix", format);
      stderr += report;
      if (report) output.push({ stream: "stderr", text: report });
    }
    if (item.background) {
      // A forked command: the list goes on with status 0; $! names it, `wait PID` gets its status.
      const pid = fork(exitCode);
      if (top && interactive(currentSession)) {
        const text = item.pipeline.map((c) => commandText(c.argv)).join(" | ");
        const job = finishedJob(current, currentSession, text, pid, exitCode);
        current = job.world;
        // bash announces the job as it forks it, before anything it prints.
        output.splice(outStart, 0, ...job.chunks);
        stderr = job.chunks.map((c) => c.text).join("") + stderr;
      }
      exitCode = 0;
    }
    // `trap … ERR`: run where `set -e` would act, before it does; a failure in the trap runs no trap.
    const onErr = currentSession.traps?.ERR;
    if (exitCode !== 0 && onErr && !tested && errexitApplies()) {
      const t = runNested(current, { ...currentSession, traps: { ...currentSession.traps, ERR: "" } }, onErr, exitCode);
      current = t.world;
      for (const c of t.output ?? [
        { stream: "stdout" as const, text: t.stdout },
        { stream: "stderr" as const, text: t.stderr },
      ]) {
        if (c.text === "") continue;
        output.push(c);
        if (c.stream === "stdout") stdout += c.text;
        else stderr += c.text;
      }
    }
    // `set -e`: a failure ends the shell, unless it was tested (`if`, `while`, `a || b`, `! a`).
    const nextOp = parsed.list[n + 1]?.op;
    if (
      exitCode !== 0 &&
      currentSession.opts?.errexit &&
      !item.negate &&
      nextOp !== "&&" &&
      nextOp !== "||" &&
      errexitApplies()
    ) {
      shellExit(exitCode);
      break;
    }
  }
  if (top && current.captures) jobOutput(reapJobs(current));
  const total = capOutput(stdout);
  return {
    world: current,
    stdout: total.text,
    stderr,
    exitCode,
    events,
    output: mergeChunks(output),
    ...(sessionChanged ? { session: currentSession } : {}),
    ...(blocked ? { blocked: true } : {}),
  };
}

/**
 * The commands after a background tcpdump's `|`, run when it ends on all it wrote: each
 * one's stdout feeds the next, the last one's reaches the terminal (or its redirection).
 */
const runPipeRest: PipeRunner = (world, session, cmds, input) => {
  let w = world;
  let pipe = input;
  let exitCode = 0;
  const chunks: OutputChunk[] = [];
  cmds.forEach((cmd, i) => {
    const isLast = i === cmds.length - 1;
    const r = runSimple(w, session, cmd, pipe, 0, undefined, isLast);
    w = r.world;
    chunks.push(...r.chunks.filter((c) => isLast || c.stream === "stderr"));
    pipe = r.stdout;
    exitCode = r.exitCode;
  });
  return { world: w, chunks, exitCode };
};
setPipeRunner(runPipeRest);
setListRunners(runNested, runGuarded);
