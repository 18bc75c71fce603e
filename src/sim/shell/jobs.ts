/**
 * The shell's background jobs, as far as the lab has them: `tcpdump … &` keeps
 * listening while the terminal runs other commands (the world keeps it, so undo and
 * share links replay it), and prints, on the terminal or where its redirections
 * point, the packets each later command sends across its interface. Any other
 * command run with `&` finishes at once. Like an interactive bash, the terminal says
 * `[1] PID` when a job starts and `[1]+  Done …` at the next prompt after it ends;
 * a non-interactive shell (`bash -c`, the replay) says neither.
 */
import { writeFile } from "../kernel/files.ts";
import { LIMITS } from "../limits.ts";
import { feedCapture, pcapHeader, stopCapture, type Fed } from "../programs/tcpdump/capture.ts";
import { feedWatch, isEventMode, listen, startWatch, watchSummary } from "./commands/conntrack/watch.ts";
import { headerText, plainOptions } from "../programs/tcpdump/options.ts";
import type { Capture, PipeTo } from "../programs/tcpdump/types.ts";
import type { TraceEvent } from "../trace/events.ts";
import type { World } from "../world.ts";
import type { CommandContext, OutputChunk, Session } from "./command.ts";
import { prepareTcpdump } from "./commands/tcpdump/tcpdump.ts";
import { parseTimeout } from "./commands/timeout/timeout.ts";
import { closeNcListener, isNcListen, ncListenerOf, ncListenOf, openNcListener } from "./commands/nc/listen.ts";
import { netnsIdNamed } from "./lib/netns-dir.ts";
import { closeSockets, holdsSockets, serverJobOf } from "./server-jobs.ts";
import { commandText } from "./lib/command-text.ts";
import type { Redirect, SimpleCommand } from "./parse.ts";
import { emit, sinksOf } from "./job-sinks.ts";
import { resolvePath } from "./vars.ts";

export { emit, sinksOf };

export interface JobOutput {
  readonly world: World;
  readonly chunks: readonly OutputChunk[];
  readonly exitCode: number;
}

/** Whether the terminal's shell prints job notices: an interactive one, with a terminal. */
export function interactive(session: Session): boolean {
  return !session.noTty;
}

/** bash's next job number: one more than the highest in use. */
export function nextJob(world: World): number {
  return (world.captures ?? []).reduce((n, c) => Math.max(n, c.job), 0) + 1;
}

/** Runs the rest of a job's pipeline on what the job wrote: run.ts owns the shell and sets it (no import cycle). */
export type PipeRunner = (
  world: World,
  session: Session,
  cmds: readonly SimpleCommand[],
  input: string,
) => { readonly world: World; readonly chunks: readonly OutputChunk[]; readonly exitCode: number };

let pipeRunner: PipeRunner | undefined;

export function setPipeRunner(run: PipeRunner): void {
  pipeRunner = run;
}

/**
 * Keeps what a pipeline job wrote into its pipe; once the job has ended, the rest of the
 * pipeline reads it all and prints, and the job's status becomes the last command's.
 */
function settlePipe(world: World, c: Capture, piped: readonly string[], chunks: OutputChunk[]): [World, Capture] {
  if (!c.pipeTo) return [world, c];
  const buffer = (c.pipeTo.buffer + piped.join("")).slice(0, LIMITS.maxFileBytesPerMachine);
  if (!c.ended || !pipeRunner) return [world, { ...c, pipeTo: { ...c.pipeTo, buffer } }];
  // The shell put them there (pipeOf): its own types, which the capture's cannot name.
  const r = pipeRunner(world, c.pipeTo.session as Session, c.pipeTo.cmds as readonly SimpleCommand[], buffer);
  chunks.push(...r.chunks);
  const ended = r.exitCode === 0 ? "Done" : `Exit ${r.exitCode}`;
  // Once run, the rest is spent: a later signal to the job finds nothing more to print.
  const rest: Capture = { ...c, ended };
  delete (rest as { pipeTo?: PipeTo }).pipeTo;
  return [r.world, rest];
}

/** Whether a background command is one the lab keeps running (a tcpdump, a conntrack -E, either under `timeout N`). */
export function keepsRunning(argv: readonly string[]): boolean {
  const inner = underTimeout(argv);
  if (inner) return inner.cmd[0] === "tcpdump" || isEventMode(inner.cmd) || isNcListen(inner.cmd);
  return argv[0] === "tcpdump" || isEventMode(argv) || isNcListen(argv) || serverJobOf(argv) !== undefined;
}

/** `timeout N CMD…`: how long it lets CMD run and CMD's words; undefined for anything else (or a timeout it refuses). */
function underTimeout(argv: readonly string[]): { ms: number; cmd: readonly string[] } | undefined {
  if (argv[0] !== "timeout") return undefined;
  const t = parseTimeout(argv);
  return "ms" in t ? t : undefined;
}

/** A background job as it starts: nothing seen yet, listening where it was started. */
export function newJob(
  job: number,
  pid: number,
  netns: string,
  argv: readonly string[],
  rest: readonly SimpleCommand[],
  stdout: Capture["stdout"],
  stderr: Capture["stderr"],
  ctx: Pick<CommandContext, "session">,
  deadline?: number,
): Capture {
  return {
    ...(deadline !== undefined ? { deadline } : {}),
    job,
    pid,
    netns,
    command: commandText(argv),
    options: plainOptions(""),
    stdout,
    stderr,
    captured: 0,
    received: 0,
    tcpSeq: {},
    interactive: interactive(ctx.session),
  };
}

/** A job's pipeline, as it starts: the commands after its `|` and the shell they run in. */
function pipeOf(rest: readonly SimpleCommand[], ctx: CommandContext, piped: readonly string[]): PipeTo | undefined {
  return rest.length > 0 ? { cmds: rest, session: ctx.session, buffer: piped.join("") } : undefined;
}

/** Adds a new job to the world; one that ended as it started (a refused filter) runs its pipeline's rest now. */
export function addJob(world: World, capture: Capture, chunks: OutputChunk[]): JobOutput {
  const [w, c] = settlePipe(world, capture, [], chunks);
  return { world: { ...w, captures: [...(w.captures ?? []), c] }, chunks, exitCode: 0 };
}

/**
 * `sleep N &` in an interactive shell: bash says `[1] PID`, `jobs` lists it as Running, and
 * the prompt after its clock runs out says `[1]+  Done`. (The sleep itself is the session's:
 * Session.sleeping, which `kill` and `wait` read.)
 */
export function startSleepJob(
  world: World,
  session: Session,
  argv: readonly string[],
  pid: number,
  until: number,
): JobOutput {
  return announcedJob(world, session, commandText(argv), pid, { deadline: until, sleeps: true });
}

/**
 * Any other command put in the background by an interactive shell: the lab has run it to
 * its end at once, so its job is announced (`[1] PID`) and reported ended (`Done`, `Exit N`).
 */
export function finishedJob(world: World, session: Session, text: string, pid: number, status: number): JobOutput {
  return announcedJob(world, session, text, pid, { ended: status === 0 ? "Done" : `Exit ${status}` });
}

function announcedJob(
  world: World,
  session: Session,
  text: string,
  pid: number,
  extra: Pick<Capture, "deadline" | "sleeps" | "ended">,
): JobOutput {
  const job = nextJob(world);
  const [w, out, err] = sinksOf(world, session.machine, []);
  const chunks: OutputChunk[] = [{ stream: "stderr", text: `[${job}] ${pid}\n` }];
  const c = newJob(job, pid, session.machine, [], [], out, err, { session });
  return addJob(w, { ...c, command: text, startedAt: world.clock, ...extra }, chunks);
}

/** Starts `conntrack -E &`: a job that prints the table's events until a signal stops it. */
function startConntrackJob(
  argv: readonly string[],
  redirects: readonly Redirect[],
  rest: readonly SimpleCommand[],
  ctx: CommandContext,
  job: number,
  pid: number,
  timed?: { ms: number; cmd: readonly string[] },
): JobOutput {
  const machine = ctx.session.machine;
  const [opened, out, err] = sinksOf({ ...ctx.world, nextPid: pid + 1 }, machine, redirects, rest.length > 0);
  let world = opened;
  const chunks: OutputChunk[] = [];
  const piped: string[] = [];
  if (interactive(ctx.session)) chunks.push({ stream: "stderr", text: `[${job}] ${pid}\n` });
  const s = startWatch(world, machine, timed?.cmd ?? argv);
  if (!s.ok) world = emit(world, machine, err, s.stderr, chunks, piped);
  else world = listen(world, machine, 1);
  const pipeTo = pipeOf(rest, ctx, piped);
  const capture: Capture = {
    ...newJob(job, pid, machine, argv, rest, out, err, ctx, timed && ctx.world.clock + timed.ms),
    startedAt: ctx.world.clock,
    ...(s.ok ? { ctWatch: s.watch } : { ended: s.exitCode === 0 ? "Done" : `Exit ${s.exitCode}` }),
    ...(pipeTo ? { pipeTo } : {}),
  };
  return addJob(world, capture, chunks);
}

/**
 * Starts `tcpdump … &` (or `tcpdump … | cut … &`, `rest` being the commands after the
 * `|`): checks it as tcpdump does, prints its header, and keeps it in the world.
 */
export function startCapture(
  argv: readonly string[],
  redirects: readonly Redirect[],
  ctx: CommandContext,
  rest: readonly SimpleCommand[] = [],
): JobOutput {
  const machine = ctx.session.machine;
  const job = nextJob(ctx.world);
  const pid = ctx.world.nextPid;
  // Under `timeout N` the job is the whole command line, and ends by SIGTERM N seconds on.
  const timed = underTimeout(argv);
  const cmd = timed?.cmd ?? argv;
  const deadline = timed && ctx.world.clock + timed.ms;
  if (cmd[0] === "conntrack") return startConntrackJob(argv, redirects, rest, ctx, job, pid, timed);
  const nc = ncListenOf(cmd);
  if (nc !== undefined) {
    const [opened, out, err] = sinksOf({ ...ctx.world, nextPid: pid + 1 }, machine, redirects, rest.length > 0);
    const chunks: OutputChunk[] = [];
    if (interactive(ctx.session)) chunks.push({ stream: "stderr", text: `[${job}] ${pid}\n` });
    const base = newJob(job, pid, machine, argv, rest, out, err, ctx, deadline);
    const netns = nc.netnsName === undefined ? machine : netnsIdNamed(ctx.world, nc.netnsName);
    if (netns === undefined) {
      const stderr = `Cannot open network namespace "${nc.netnsName}": No such file or directory\n`;
      const w = emit(opened, machine, err, stderr, chunks, []);
      return addJob(w, { ...base, ended: "Exit 255" }, chunks);
    }
    const world = openNcListener(opened, netns, nc.port, job, pid, nc.prog);
    const ncListen = netns === machine ? { port: nc.port } : { port: nc.port, netns };
    return addJob(world, { ...base, startedAt: ctx.world.clock, ncListen }, chunks);
  }
  const [opened, out, err] = sinksOf({ ...ctx.world, nextPid: pid + 1 }, machine, redirects, rest.length > 0);
  let world = opened;
  const chunks: OutputChunk[] = [];
  const piped: string[] = [];
  if (interactive(ctx.session)) chunks.push({ stream: "stderr", text: `[${job}] ${pid}\n` });
  const p = prepareTcpdump(cmd, { ...ctx, world });
  // `-w FILE`: the packets go to the file, which starts with its link type.
  const pcap = p.ok && p.options.write !== undefined ? resolvePath(world, ctx.session, p.options.write) : undefined;
  if (p.ok && pcap !== undefined) world = writeFile(world, machine, pcap, pcapHeader(p.options.iface));
  if (p.ok) world = emit(world, machine, err, headerText(p.options), chunks, piped);
  else {
    world = emit(world, machine, out, p.result.stdout, chunks, piped);
    world = emit(world, machine, err, p.result.stderr, chunks, piped);
  }
  const pipeTo = pipeOf(rest, ctx, piped);
  const capture: Capture = p.ok
    ? {
        ...newJob(
          job,
          pid,
          p.netns,
          argv,
          rest,
          pcap !== undefined ? { kind: "file", path: pcap } : out,
          err,
          ctx,
          deadline,
        ),
        options: p.options,
        startedAt: ctx.world.clock,
        ...(pipeTo ? { pipeTo } : {}),
      }
    : {
        ...newJob(job, pid, machine, argv, rest, out, err, ctx),
        ended: p.result.exitCode === 0 ? "Done" : `Exit ${p.result.exitCode}`,
        ...(pipeTo ? { pipeTo } : {}),
      };
  return addJob(world, capture, chunks);
}

function replaceCapture(world: World, fed: Fed, machine: string, chunks: OutputChunk[]): World {
  let w = world;
  // A conntrack -E that ends no longer listens: entries made from now on report nothing.
  const before = (world.captures ?? []).find((c) => c.job === fed.capture.job);
  if (fed.capture.ctWatch && fed.capture.ended && before && !before.ended) w = listen(w, fed.capture.netns, -1);
  if (fed.capture.ncListen && fed.capture.ended && before && !before.ended)
    w = closeNcListener(w, fed.capture.ncListen.netns ?? fed.capture.netns, fed.capture.job);
  if (fed.capture.serves && fed.capture.ended && before && !before.ended)
    w = closeSockets(w, fed.capture.netns, fed.capture.pid);
  const piped: string[] = [];
  w = emit(w, machine, fed.capture.stdout, fed.stdout, chunks, piped);
  w = emit(w, machine, fed.capture.stderr, fed.stderr, chunks, piped);
  const [settled, capture] = settlePipe(w, fed.capture, piped, chunks);
  return { ...settled, captures: (settled.captures ?? []).map((c) => (c.job === capture.job ? capture : c)) };
}

/**
 * Hands a command's packets to every running capture. `world` is the world after the
 * command; `t0` its clock when the command started. Costs nothing while none runs.
 */
export function feedCaptures(world: World, events: readonly TraceEvent[], t0: number): JobOutput {
  const captures = world.captures;
  if (!captures || captures.length === 0) return { world, chunks: [], exitCode: 0 };
  const chunks: OutputChunk[] = [];
  let w = world;
  for (const c of captures) {
    if (c.ended || c.sleeps) continue;
    // A job whose timeout fell due before this command began sees none of its packets.
    if (c.deadline !== undefined && c.deadline <= t0) continue;
    if (c.serves) {
      // A server whose sockets are gone has exited (nc -l -e after its one client).
      if (!holdsSockets(w, c.netns, c.pid))
        w = replaceCapture(w, { capture: { ...c, ended: "Done" }, stdout: "", stderr: "" }, c.netns, chunks);
      continue;
    }
    if (c.ncListen) {
      const l = ncListenerOf(w, c.ncListen.netns ?? c.netns, c.job);
      if (l?.app.kind !== "nc" || !l.app.done) continue;
      w = replaceCapture(w, { capture: { ...c, ended: "Done" }, stdout: l.app.received, stderr: "" }, c.netns, chunks);
      continue;
    }
    if (c.ctWatch) {
      // A conntrack -E sees entries go without a packet (a -D, a flush, the clock): it looks after every command.
      const r = feedWatch({ ...c, ctWatch: c.ctWatch }, world, events);
      if (r.watch === c.ctWatch) continue;
      w = replaceCapture(w, { capture: { ...c, ctWatch: r.watch }, stdout: r.text, stderr: "" }, c.netns, chunks);
      continue;
    }
    if (events.length === 0) continue;
    const fed = feedCapture(c, world, events, t0);
    if (fed.capture !== c) w = replaceCapture(w, fed, c.netns, chunks);
  }
  const due = expireJobs(w, w.clock);
  return { world: due.world, chunks: [...chunks, ...due.chunks], exitCode: 0 };
}

/** The jobs whose `timeout` fell due by `now`: SIGTERM ends each as it would (counts, summary), status 124. */
export function expireJobs(world: World, now: number): JobOutput {
  const chunks: OutputChunk[] = [];
  let w = world;
  for (const c of world.captures ?? []) {
    if (c.ended || c.deadline === undefined || c.deadline > now) continue;
    if (c.sleeps) {
      w = replaceCapture(w, { capture: { ...c, ended: "Done" }, stdout: "", stderr: "" }, c.netns, chunks);
      continue;
    }
    const fed = stopJob(c, "TERM");
    w = replaceCapture(w, { ...fed, capture: { ...fed.capture, ended: "Exit 124" } }, c.netns, chunks);
  }
  return { world: w, chunks, exitCode: 0 };
}

/**
 * A job stopped by a signal: tcpdump's counts, or conntrack -E's summary (SIGINT and
 * SIGTERM); SIGKILL and SIGHUP end either where it stands.
 */
export function stopJob(c: Capture, signal: "INT" | "TERM" | "KILL" | "HUP"): Fed {
  if (c.ncListen || c.serves || c.sleeps)
    return { capture: { ...c, ended: SIGNALLED[signal] }, stdout: "", stderr: "" };
  if (!c.ctWatch) return stopCapture(c, signal);
  if (signal === "KILL" || signal === "HUP") return { capture: { ...c, ended: "Killed" }, stdout: "", stderr: "" };
  return { capture: { ...c, ended: "Done" }, stdout: "", stderr: watchSummary(c.ctWatch) };
}

/** The world without job `c` (brought to the front and ended there, by `fg`). */
export function forgetJob(world: World, c: Capture): World {
  const w: World = { ...world, captures: (world.captures ?? []).filter((x) => x.job !== c.job) };
  if (c.ncListen && !c.ended) return closeNcListener(w, c.ncListen.netns ?? c.netns, c.job);
  if (c.serves && !c.ended) return closeSockets(w, c.netns, c.pid);
  return c.ctWatch && !c.ended ? listen(w, c.netns, -1) : w;
}

/** bash's word for a job whose last command a signal ended. */
const SIGNALLED: Readonly<Record<"INT" | "TERM" | "KILL" | "HUP", string>> = {
  INT: "Interrupt",
  TERM: "Terminated",
  KILL: "Killed",
  HUP: "Hangup",
};

/**
 * Stops a job by a signal; its last words go where its output goes. `group` (`kill %N`)
 * signals the job's whole process group: the commands after its `|` die too, and what
 * was left in the pipe is never printed.
 */
export function signalJob(
  world: World,
  job: number,
  signal: "INT" | "TERM" | "KILL" | "HUP",
  group = false,
): JobOutput {
  const c = (world.captures ?? []).find((x) => x.job === job);
  if (!c || c.ended) return { world, chunks: [], exitCode: 0 };
  const chunks: OutputChunk[] = [];
  const fed = stopJob(c, signal);
  if (group && c.pipeTo) {
    const capture: Capture = { ...fed.capture, ended: SIGNALLED[signal] };
    delete (capture as { pipeTo?: PipeTo }).pipeTo;
    return { world: replaceCapture(world, { ...fed, capture }, c.netns, chunks), chunks, exitCode: 0 };
  }
  return { world: replaceCapture(world, fed, c.netns, chunks), chunks, exitCode: 0 };
}
