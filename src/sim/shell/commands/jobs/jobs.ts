/**
 * bash's job control builtins over the lab's background jobs (shell/jobs.ts): `jobs`,
 * `kill` (a job by `%N` or its PID, with a signal), `fg` (which brings tcpdump to the
 * front, where the lab interrupts it at once, as Ctrl-C would), `bg` and `wait`
 * (which returns at once: a capture only ends by `-c` or a signal).
 */
import type { Capture } from "../../../programs/tcpdump/types.ts";
import type { World } from "../../../world.ts";
import type { Command, CommandContext, CommandResult, OutputChunk, Session } from "../../command.ts";
import { advanceClock } from "../../../world.ts";
import { jobLine, markOf, reapJobs } from "../../job-table.ts";
import { expireJobs, forgetJob, signalJob, stopJob } from "../../jobs.ts";
import { signal as signalProcess } from "../../../programs/signals.ts";
import { fromChunks } from "../../lib/exec.ts";
import { signalSource } from "../../lib/procs.ts";
import { machineOf } from "../../machine.ts";
import { visibleProcesses } from "../ps/ps.ts";
import { parseSignal, signalName, signalTable } from "./signals.ts";

/** How the shell names itself in a builtin's error: a shell without a terminal is `bash -c` (`line 1:`). */
function prefix(ctx: CommandContext, name: string): string {
  if (ctx.session.shell === "sh") return `sh: ${name}: `;
  return `bash: ${ctx.session.shell === "bash-c" || ctx.session.noTty ? "line 1: " : ""}${name}: `;
}

/** busybox ash's own kill (a container's sh) words its errors its own way. */
function busyboxSh(ctx: CommandContext): boolean {
  return ctx.session.shell === "sh" && machineOf(ctx.world, ctx.session).kind === "container";
}

/** `kill -l [sigspec...]`: the table, or each number's name (an exit status above 128 names its signal) and each name's number. */
function listSignals(specs: readonly string[], p: string, ctx: CommandContext): CommandResult {
  if (specs.length === 0) return { world: ctx.world, stdout: signalTable(), stderr: "", exitCode: 0 };
  let stdout = "";
  let stderr = "";
  for (const s of specs) {
    if (/^\d+$/.test(s)) {
      let n = Number(s);
      if (n > 128) n -= 128;
      const name = n === 0 ? "EXIT" : signalName(n);
      if (name !== undefined) stdout += `${name}\n`;
      else stderr += `${p}${s}: invalid signal specification\n`;
      continue;
    }
    const n = parseSignal(s);
    if (n !== undefined && n > 0) stdout += `${n}\n`;
    else stderr += `${p}${s}: invalid signal specification\n`;
  }
  return { world: ctx.world, stdout, stderr, exitCode: stderr ? 1 : 0 };
}

/** The job a jobspec names: `%N`, `%%`, `%+`, `%-`, `%name`. */
function findJob(world: World, spec: string): Capture | undefined {
  const jobs = world.captures ?? [];
  const sorted = [...jobs].sort((a, b) => b.job - a.job);
  if (spec === "%%" || spec === "%+" || spec === "%") return sorted[0];
  if (spec === "%-") return sorted[1] ?? sorted[0];
  if (/^%\d+$/.test(spec)) return jobs.find((c) => c.job === Number(spec.slice(1)));
  const word = spec.slice(1);
  return sorted.find((c) => c.command.startsWith(word));
}

export const jobs: Command = (argv, ctx) => {
  const all = ctx.world.captures ?? [];
  const long = argv.includes("-l");
  const pids = argv.includes("-p");
  let out = "";
  for (const c of [...all].sort((a, b) => a.job - b.job)) {
    // A shell without job control forgot a finished job after the command that followed it (the oracle's `bash -c`).
    if (c.ended && !c.interactive) continue;
    if (pids) {
      out += `${c.pid}\n`;
      continue;
    }
    const status = c.ended ?? "Running";
    const line = jobLine(c, markOf(all, c), status, !c.ended);
    out += long ? line.replace(/^(\[\d+\].) {2}/, `$1 ${c.pid} `) : line;
  }
  // The jobs it listed as ended are forgotten now, without a second notice.
  const w: World = { ...ctx.world, captures: all.filter((c) => !c.ended) };
  return { world: w, stdout: out, stderr: "", exitCode: 0 };
};

export const kill: Command = (argv, ctx) => {
  const p = prefix(ctx, "kill");
  let signal = 15;
  let i = 1;
  const usage = "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n";
  if (argv[1] === "-l" || argv[1] === "-L") return listSignals(argv.slice(2), p, ctx);
  if (argv[1] === "-s" || argv[1] === "-n") {
    const s = argv[2] === undefined ? undefined : parseSignal(argv[2]);
    if (argv[2] === undefined)
      return {
        world: ctx.world,
        stdout: "",
        stderr: `${p}${argv[1]}: option requires an argument\n${usage}`,
        exitCode: 2,
      };
    if (s === undefined)
      return { world: ctx.world, stdout: "", stderr: `${p}${argv[2]}: invalid signal specification\n`, exitCode: 1 };
    signal = s;
    i = 3;
  } else if (argv[1] !== undefined && /^-./.test(argv[1]) && argv[1] !== "--") {
    const s = parseSignal(argv[1].slice(1));
    if (s === undefined)
      return {
        world: ctx.world,
        stdout: "",
        stderr: `${p}${argv[1].slice(1)}: invalid signal specification\n`,
        exitCode: 1,
      };
    signal = s;
    i = 2;
  } else if (argv[1] === "--") i = 2;
  const targets = argv.slice(i);
  if (targets.length === 0) return { world: ctx.world, stdout: "", stderr: usage, exitCode: 2 };
  let world = ctx.world;
  let session = ctx.session;
  const chunks: OutputChunk[] = [];
  let exitCode = 0;
  for (const t of targets) {
    let c: Capture | undefined;
    if (t.startsWith("%")) {
      c = findJob(world, t);
      if (!c || c.ended) {
        chunks.push({ stream: "stderr", text: `${p}${t}: no such job\n` });
        exitCode = 1;
        continue;
      }
    } else if (/^-?\d+$/.test(t)) {
      c = (world.captures ?? []).find((x) => x.pid === Number(t) && !x.ended);
      const pid = Number(t);
      const end = session.sleeping?.[pid];
      if (end !== undefined && end > world.clock) {
        // A background sleep a signal ends early: `wait` then hands back 128 + the signal.
        if (signal !== 0) session = endSleep(session, pid, 128 + signal);
        // An interactive shell's job table has it too: it ends there as well (below).
        if (!c) continue;
      }
      if (!c && pid > 0 && visibleProcesses({ ...ctx, world }).procs.some((x) => x.pid === pid)) {
        world = signalProcess(world, signalSource(world, ctx.session), pid, signal);
        continue;
      }
      if (!c) {
        const text = busyboxSh(ctx) ? `sh: can't kill pid ${t}: No such process\n` : `${p}(${t}) - No such process\n`;
        chunks.push({ stream: "stderr", text });
        exitCode = 1;
        continue;
      }
    } else {
      chunks.push({ stream: "stderr", text: `${p}${t}: arguments must be process or job IDs\n` });
      exitCode = 1;
      continue;
    }
    // tcpdump ends its capture cleanly on INT and TERM; the others end it where it stands.
    if (signal === 0) continue;
    const how = signal === 2 ? "INT" : signal === 15 ? "TERM" : signal === 1 ? "HUP" : "KILL";
    const r = signalJob(world, c.job, how, t.startsWith("%"));
    world = r.world;
    chunks.push(...r.chunks);
    if (c.sleeps && session.sleeping?.[c.pid] !== undefined) session = endSleep(session, c.pid, 128 + signal);
  }
  const r = fromChunks(world, chunks, exitCode);
  return session === ctx.session ? r : { ...r, session };
};

/** The session with background sleeps `pids` no longer sleeping. */
function withoutSleeps(session: Session, pids: readonly number[]): Session {
  const rest = Object.fromEntries(Object.entries(session.sleeping ?? {}).filter(([k]) => !pids.includes(Number(k))));
  const { sleeping: _s, ...kept } = session;
  return Object.keys(rest).length > 0 ? { ...kept, sleeping: rest } : kept;
}

/** The session once background sleep `pid` has ended with `status`. */
function endSleep(session: Session, pid: number, status: number): Session {
  return { ...withoutSleeps(session, [pid]), jobStatus: { ...session.jobStatus, [pid]: status } };
}

/** A shell without a terminal (`bash -c`, the replay) has no job control. */
function noJobControl(ctx: CommandContext, name: string): CommandResult | undefined {
  if (!ctx.session.noTty && ctx.session.shell !== "bash-c") return undefined;
  return { world: ctx.world, stdout: "", stderr: `${prefix(ctx, name)}no job control\n`, exitCode: 1 };
}

export const fg: Command = (argv, ctx) => {
  const p = prefix(ctx, "fg");
  const none = noJobControl(ctx, "fg");
  if (none) return none;
  const spec = argv[1] ?? "%+";
  const c = findJob(ctx.world, spec);
  if (!c || c.ended) {
    const what = argv[1] ?? "current";
    return { world: ctx.world, stdout: "", stderr: `${p}${what}: no such job\n`, exitCode: 1 };
  }
  const chunks: OutputChunk[] = [{ stream: "stdout", text: `${c.jobText ?? c.command}\n` }];
  if (c.sleeps) {
    // A sleep brought to the front is waited for to its end.
    const world = { ...forgetJob(ctx.world, c), clock: Math.max(ctx.world.clock, c.deadline ?? 0) };
    return { ...fromChunks(world, chunks, 0), session: endSleep(ctx.session, c.pid, 0) };
  }
  // The job comes to the front; nothing else can run while it listens, so the lab presses Ctrl-C.
  if (!ctx.session.noTty) chunks.push({ stream: "stdout", text: "^C" });
  const stopped = stopJob(c, "INT");
  const s = stopped.capture;
  if (s.stdout.kind === "terminal") chunks.push({ stream: s.stdout.stream, text: stopped.stdout });
  if (s.stderr.kind === "terminal") chunks.push({ stream: s.stderr.stream, text: stopped.stderr });
  const world = forgetJob(ctx.world, c);
  return fromChunks(world, chunks, 0);
};

export const bg: Command = (argv, ctx) => {
  const p = prefix(ctx, "bg");
  const none = noJobControl(ctx, "bg");
  if (none) return none;
  const spec = argv[1] ?? "%+";
  const c = findJob(ctx.world, spec);
  if (!c || c.ended)
    return { world: ctx.world, stdout: "", stderr: `${p}${argv[1] ?? "current"}: no such job\n`, exitCode: 1 };
  return { world: ctx.world, stdout: "", stderr: `${p}job ${c.job} already in background\n`, exitCode: 0 };
};

/**
 * The background sleeps `wait` waits for (all of them, the PIDs named, or with -n the first
 * to end): the clock runs on to the last of their ends, and they are no longer sleeping.
 */
function waitSleeps(argv: readonly string[], ctx: CommandContext): CommandContext {
  const sleeping = ctx.session.sleeping;
  if (!sleeping) return ctx;
  const pids = Object.keys(sleeping).map(Number);
  const named = argv
    .slice(1)
    .filter((a) => /^\d+$/.test(a))
    .map(Number);
  let chosen = argv.length === 1 ? pids : pids.filter((pid) => named.includes(pid));
  if (argv[1] === "-n" && argv.length === 2 && pids.length > 0)
    chosen = [pids.reduce((a, b) => (sleeping[b]! < sleeping[a]! ? b : a))];
  if (chosen.length === 0) return ctx;
  const until = Math.max(ctx.world.clock, ...chosen.map((pid) => sleeping[pid]!));
  return {
    ...ctx,
    world: advanceClock(ctx.world, until - ctx.world.clock),
    session: withoutSleeps(ctx.session, chosen),
  };
}

export const wait: Command = (argv, outer) => {
  const ctx = waitSleeps(argv, outer);
  const r = waitJobs(argv, ctx);
  return ctx === outer || r.session ? r : { ...r, session: ctx.session };
};

const waitJobs: Command = (argv, ctx) => {
  const p = prefix(ctx, "wait");
  const ended = ctx.session.jobStatus ?? {};
  const pids = Object.keys(ended).map(Number);
  const forget = (gone: readonly number[]) => ({
    ...ctx.session,
    jobStatus: Object.fromEntries(Object.entries(ended).filter(([k]) => !gone.includes(Number(k)))),
  });
  // Commands the lab ran at once when put in the background: their statuses, as bash kept them.
  if (argv[1] === "-n" && argv.length === 2 && !(ctx.world.captures ?? []).some((c) => !c.ended)) {
    const first = pids[0];
    if (first === undefined) return { world: ctx.world, stdout: "", stderr: "", exitCode: 127 };
    return { world: ctx.world, stdout: "", stderr: "", exitCode: ended[first]!, session: forget([first]) };
  }
  if (argv.length === 1 && pids.length > 0) {
    const r = waitJobs(argv, { ...ctx, session: forget(pids) });
    return { ...r, session: forget(pids) };
  }
  const asked = argv.slice(1).map(Number);
  if (asked.length > 0 && asked.every((n) => Object.hasOwn(ended, n))) {
    // bash remembers an ended job's status: a second `wait PID` gets it again.
    return { world: ctx.world, stdout: "", stderr: "", exitCode: ended[asked[asked.length - 1]!]! };
  }
  for (const t of argv.slice(1)) {
    if (t.startsWith("%") && !findJob(ctx.world, t)) {
      return { world: ctx.world, stdout: "", stderr: `${p}${t}: no such job\n`, exitCode: 127 };
    }
    if (/^\d+$/.test(t) && !(ctx.world.captures ?? []).some((c) => c.pid === Number(t))) {
      return { world: ctx.world, stdout: "", stderr: `${p}pid ${t} is not a child of this shell\n`, exitCode: 127 };
    }
  }
  // A job under `timeout` ends when it falls due: wait lets the clock run on to the last of them.
  const named = argv.length === 2 && argv[1]!.startsWith("%") ? findJob(ctx.world, argv[1]!) : undefined;
  const timed = (ctx.world.captures ?? []).filter(
    (c) => !c.ended && c.deadline !== undefined && (named === undefined || c === named),
  );
  const until = timed.reduce((t, c) => Math.max(t, c.deadline!), ctx.world.clock);
  const due = expireJobs({ ...ctx.world, clock: until }, until);
  // The status of the job waited for: 124 for one its timeout ended.
  const status = named ? (due.world.captures ?? []).find((c) => c.job === named.job)?.ended : undefined;
  const code = status === "Exit 124" ? 124 : 0;
  // Jobs that ended are collected (one a signal killed is reported, as bash reports it);
  // a capture still listening would wait for packets that never come: the lab returns at once.
  const r = reapJobs(due.world);
  return fromChunks(r.world, [...due.chunks, ...r.chunks], code);
};
