/**
 * Runs one input: parse, then each pipeline of the list in turn (`;`, `&&`, `||`),
 * each command's stdout feeding the next one's stdin. Redirections are applied as
 * bash applies them: files are opened (and truncated) before the command runs, a
 * failed open skips the command, `2>&1` points stderr wherever stdout goes now.
 * Like bash, a pipeline's exit code is its last command's.
 */
import { settleExits } from "../docker/exits.ts";
import { LIMITS } from "../limits.ts";
import type { TraceEvent } from "../trace/events.ts";
import type { World } from "../world.ts";
import type { CommandContext, CommandResult, OutputChunk, ProcRef, Session } from "./command.ts";
import { pipelineProcs } from "./forks.ts";
import { machineOf, notFoundText, providerOf, shellOf, type Machine } from "./machine.ts";
import { arithmetic, expandWord, expandWords, type ExpandEnv } from "./expand.ts";
import { LAST_STATUS, type Redirect, type SimpleCommand } from "./parse.ts";
import {
  callFunction,
  errexitApplies,
  listInterrupted,
  resetLoopBudget,
  runCompound,
  shellExit,
  takeExit,
  type Cursor,
} from "./control.ts";
import { background, mergeChunks, parseCached, signalReport } from "./run-support.ts";
import { restoreLocals, runShellBuiltin, SHELL_BUILTINS, traceLine } from "./shell-builtins.ts";
import { arithStep, caseArm, errorPrefix, expansionFailed, letBuiltin, runTestForm } from "./run-forms.ts";
import { openRedirects } from "./open-redirects.ts";
import type { Shell } from "./redirect.ts";
import { capOutput, failed, routeOutput, type CommandOutcome } from "./output.ts";
import { findCommand } from "./registry.ts";
import { startJob } from "./job-start.ts";
import { reapJobs } from "./job-table.ts";
import { feedCaptures, setPipeRunner, type JobOutput, type PipeRunner } from "./jobs.ts";
import { glob, viewOf } from "./lib/vfs.ts";
import { lookupVar, restoreAssigned, setVar } from "./vars.ts";
import { arrayOf, assignArray, elementOf, setElement } from "./arrays.ts";
import { aliasLine, withAlias } from "./alias.ts";

function expand(word: string, lastStatus: number): string {
  return word.includes(LAST_STATUS) ? word.split(LAST_STATUS).join(String(lastStatus)) : word;
}

export { errorPrefix };

/** Shells running inside one another now (command substitutions, `bash -c`, `nsenter CMD`). */
let depth = 0;
/** Command substitutions running now: their output goes to the shell, not to a terminal. */
let substituting = 0;

function runSimple(
  world: World,
  session: Session,
  cmd: SimpleCommand,
  pipeIn: string,
  lastStatus: number,
  procs?: CommandContext["procs"],
  last = true,
  /** Set for a job the lab keeps (`tcpdump … &`): the rest of its pipeline, if any. */
  background?: readonly SimpleCommand[],
  cursor?: Cursor,
): CommandOutcome {
  const where = machineOf(world, session);
  const shell: Shell = shellOf(session, where);
  let w = world;
  const pre: OutputChunk[] = [];
  const preEvents: TraceEvent[] = [];
  let substStatus: number | undefined;
  let sess = session;
  const env: ExpandEnv = {
    lookup: (name) => (name === "?" ? String(lastStatus) : (lookupVar(w, sess, name) ?? elementOf(sess, name, 0))),
    array: (name) => arrayOf(sess, name),
    assign: (name, value) => {
      const r = setVar(sess, name, value);
      if (r.ok) sess = r.session;
    },
    substitute: (src) => {
      // A subshell: what it changes in the world stays, its directory and variables do not.
      substituting++;
      let r: CommandResult;
      try {
        r = runNested(w, sess, src);
      } finally {
        substituting--;
      }
      w = r.world;
      substStatus = r.exitCode;
      preEvents.push(...(r.events ?? []));
      const errs = (r.output ?? [{ stream: "stderr" as const, text: r.stderr }]).filter((c) => c.stream === "stderr");
      pre.push(...errs.filter((c) => c.text !== ""));
      return r.stdout;
    },
    home: lookupVar(world, session, "HOME") ?? "/root",
    prefix: errorPrefix(shell),
    positional: () => sess.args ?? [],
    braces: shell !== "sh",
    glob: (pattern) => glob(viewOf(w, sess), pattern, LIMITS.maxWords),
  };
  const argv = cmd.words ? expandWords(cmd.words, env) : cmd.argv.map((a) => expand(a, lastStatus));
  const redirects: Redirect[] = (cmd.redirects ?? []).map((r) =>
    "path" in r && r.fd === 0 && r.word?.length === 1 && r.word[0]!.k === "psub"
      ? { fd: 0, op: "<<", text: env.substitute(r.word[0]!.src) }
      : "path" in r
        ? { ...r, path: r.word ? expandWord(r.word, env) : expand(r.path, lastStatus) }
        : r.op === "<<" && r.word
          ? { fd: 0, op: "<<", text: expandWord(r.word, env) }
          : r,
  );
  // Arrays and `NAME+=`, `NAME[i]=` set the shell's variables at once (bash takes them only without a command).
  for (const a of cmd.assigns ?? []) {
    if (a.array) sess = assignArray(sess, a.name, expandWords(a.array, env), a.append === true);
    else if (a.index !== undefined) {
      const at = arithmetic(a.index, env);
      if (at !== "") sess = setElement(sess, a.name, Number(at), expandWord(a.value, env), a.append === true);
    }
  }
  const assigned: [string, string][] = (cmd.assigns ?? [])
    .filter((a) => !a.array && a.index === undefined)
    .map((a) => [a.name, (a.append ? (env.lookup(a.name) ?? "") : "") + expandWord(a.value, env)]);
  const withPre = (o: CommandOutcome): CommandOutcome =>
    pre.length === 0 && preEvents.length === 0
      ? o
      : {
          ...o,
          stderr: pre.map((c) => c.text).join("") + o.stderr,
          chunks: [...pre, ...o.chunks],
          events: [...preEvents, ...o.events],
        };
  if (env.error) return withPre(expansionFailed(w, env));
  if (argv.length === 0 && assigned.length === 0 && sess !== session && !cmd.compound) {
    const o = runSimple(w, sess, { argv: [], ...(cmd.redirects ? { redirects } : {}) }, pipeIn, lastStatus);
    return withPre({ ...o, session: o.session ?? sess });
  }
  if (argv.length === 0 && assigned.length > 0) {
    // Assignments alone set the shell's variables; the status is the last substitution's.
    let next = sess;
    for (const [name, value] of assigned) {
      const r = setVar(next, name, value, (next.exported ?? []).includes(name));
      if (!r.ok) return withPre(failed(w, r.error));
      next = r.session;
    }
    const o = runSimple(w, next, { argv: [], ...(cmd.redirects ? { redirects } : {}) }, pipeIn, lastStatus);
    const trace = next.opts?.xtrace ? traceLine([], assigned) : "";
    const traced = trace
      ? { ...o, stderr: trace + o.stderr, chunks: [{ stream: "stderr" as const, text: trace }, ...o.chunks] }
      : o;
    return withPre({ ...traced, exitCode: o.exitCode || (substStatus ?? 0), session: o.session ?? next });
  }
  if (assigned.length > 0) {
    // `NAME=value cmd`: the command alone sees them, exported.
    for (const [name, value] of assigned) {
      const r = setVar(sess, name, value, true);
      if (!r.ok) return withPre(failed(w, r.error));
      sess = r.session;
    }
  }
  if (background) return withPre(startJob(w, sess, argv, redirects, runNested, background));
  const node = cmd.compound;
  if (node?.kind === "arith" || node?.kind === "cond")
    return withPre(runTestForm(node, env, w, () => sess, session, shell));
  let items = node?.kind === "for" && node.words ? expandWords(node.words, env) : undefined;
  if (node?.kind === "case") {
    const subject = expandWord(node.subject, env);
    items = [String(caseArm(node, subject, env))];
  }
  if (env.error) return withPre(expansionFailed(w, env));
  const loop = cmd.compound ? { node: cmd.compound, items, status: lastStatus } : undefined;
  const trace = sess.opts?.xtrace && !cmd.compound && argv.length > 0 ? traceLine(argv, assigned) : "";
  const ran = runCommand(w, sess, argv, redirects, pipeIn, where, shell, procs, last, cursor, loop, lastStatus);
  const o = trace
    ? { ...ran, stderr: trace + ran.stderr, chunks: [{ stream: "stderr" as const, text: trace }, ...ran.chunks] }
    : ran;
  // `NAME=value cmd`: what the command set stays (`IFS= read line`), the names given for it alone go back.
  const names = assigned.map(([n]) => n);
  const changed = o.session ?? (sess !== session && assigned.length === 0 ? sess : undefined);
  const back =
    changed && assigned.length > 0
      ? { ...o, session: restoreAssigned(changed, session, names) }
      : changed
        ? { ...o, session: changed }
        : o;
  return withPre(back);
}

function runCommand(
  world: World,
  session: Session,
  argv: readonly string[],
  redirects: readonly Redirect[],
  pipeIn: string,
  where: Machine,
  shell: Shell,
  procs?: CommandContext["procs"],
  last = true,
  cursor?: Cursor,
  loop?: { node: NonNullable<SimpleCommand["compound"]>; items: readonly string[] | undefined; status: number },
  lastStatus = 0,
): CommandOutcome {
  const opened = openRedirects(world, session, where, shell, redirects, pipeIn);
  if ("failed" in opened) return opened.failed;
  let w = opened.world;
  const { stdin, stdinFile, redirected, sinks } = opened;
  if (argv.length === 0 && !loop) return { world: w, stdout: "", stderr: "", chunks: [], exitCode: 0, events: [] };

  const name = argv[0] ?? "";
  // What is installed decides (machines/); a program installed but not modelled answers as a missing one.
  const impl = !loop && providerOf(where, shell, name) !== undefined ? findCommand(name) : undefined;
  let result: CommandResult;
  if (loop) {
    // The compound command reads the stdin it was given, or the one its list shares.
    const input: Cursor = !redirected && cursor ? cursor : { text: stdin, pos: 0 };
    const list = (lw: World, ls: Session, src: string, inp: Cursor | undefined, st: number) =>
      runGuarded(lw, ls, src, false, inp, st);
    const notValid = (n: string) =>
      shell === "sh"
        ? `sh: ${n}: bad variable name\n`
        : `bash: ${shell === "bash-c" ? "line 1: " : ""}\`${n}': not a valid identifier\n`;
    result = runCompound(loop.node, loop.items, w, session, input, loop.status, list, notValid, (aw, as, src) =>
      arithStep(aw, as, src, "((: "),
    );
  } else if (session.functions && Object.hasOwn(session.functions, name)) {
    const input: Cursor = !redirected && cursor ? cursor : { text: stdin, pos: 0 };
    const list = (lw: World, ls: Session, src: string, inp: Cursor | undefined, st: number) =>
      runGuarded(lw, ls, src, false, inp, st);
    result = callFunction(session.functions[name]!, argv.slice(1), w, session, input, lastStatus, list, (s, saved) =>
      restoreLocals(w, s, saved),
    );
  } else if (!loop && aliasLine(session, shell, argv) !== undefined) {
    const input: Cursor = !redirected && cursor ? cursor : { text: stdin, pos: 0 };
    const line = aliasLine(session, shell, argv)!;
    result = withAlias(name, () => runGuarded(w, session, line, false, input, lastStatus));
  } else if (name === "eval" && providerOf(where, shell, name) === "builtin") {
    const input: Cursor = !redirected && cursor ? cursor : { text: stdin, pos: 0 };
    result = runGuarded(w, session, argv.slice(1).join(" "), false, input, lastStatus);
  } else if (name === "let" && providerOf(where, shell, name) === "builtin") {
    result = letBuiltin(argv, w, session, shell);
  } else if (SHELL_BUILTINS.has(name) && providerOf(where, shell, name) === "builtin") {
    result = runShellBuiltin(argv, w, session, shell, lastStatus);
  } else if (!impl) {
    result = { world: w, stdout: "", stderr: notFoundText(shell, name), exitCode: 127 };
  } else {
    const out = sinks[1];
    result = impl(argv, {
      world: w,
      session,
      stdin,
      runLine: runNested,
      ...(out.kind === "file" ? { stdoutFile: { path: out.path, append: out.append } } : {}),
      stdoutTty: out.kind === "stdout" && last && substituting === 0 && !session.noTty,
      ...(stdinFile !== undefined ? { stdinFile } : {}),
      ...(procs ? { procs } : {}),
    });
    if (result.consumed !== undefined && cursor && !redirected) cursor.pos += result.consumed;
  }
  const routed = routeOutput(result, sinks, {
    session,
    name,
    shell,
    stdoutTty: sinks[1].kind === "stdout" && last && substituting === 0 && !session.noTty,
  });
  w = routed.world;
  const { stdout, stderr, chunks, exitCode } = routed;
  return {
    world: w,
    stdout,
    stderr,
    chunks,
    exitCode,
    events: routed.events ? [...(result.events ?? []), ...routed.events] : (result.events ?? []),
    ...(result.session ? { session: result.session } : {}),
    ...(result.blocked ? { blocked: true } : {}),
  };
}

/** Runs a line typed at the terminal (or a scenario's line): its background jobs see each command's packets. */
export function runLine(world: World, session: Session, line: string): CommandResult {
  // A container whose PID 1 was due to exit before this line has exited (docker/container.ts).
  return shellEnd(runGuarded(settleExits(world), session, line, true));
}

/** A shell's lines end here: an `exit` or `set -e` stops at this shell, with its status. */
function shellEnd(r: CommandResult): CommandResult {
  const status = takeExit();
  return status === undefined ? r : { ...r, exitCode: status };
}

/**
 * What a shell inside runs (`bash -c`, `docker exec`, `nsenter … CMD`, a command
 * substitution): the terminal's jobs see its packets once, when it returns.
 */
function runNested(world: World, session: Session, line: string): CommandResult {
  return shellEnd(runGuarded(world, session, line, false));
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
  const parsed = parseCached(line, shellOf(session, machineOf(world, session)));
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
  for (let n = 0; n < parsed.list.length; n++) {
    if (listInterrupted()) break;
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
    const forks = pipelineProcs(current, currentSession, item.pipeline, n === parsed.list.length - 1);
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
      const t0 = current.clock;
      // The first command of a pipeline reads the stdin the list shares (a loop's), the others the pipe.
      const shared = i === 0 && input ? input : undefined;
      const pipeIn = shared ? shared.text.slice(shared.pos) : pipe;
      last = runSimple(
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
      current = last.world;
      if (last.blocked) blocked = true;
      // A running tcpdump prints the packets as they pass, before the command's own output.
      if (top && current.captures) jobOutput(feedCaptures(current, last.events, t0));
      stderr += last.stderr;
      const isLast = i === item.pipeline.length - 1;
      // Only the last command's stdout reaches the terminal; the others' went down the pipe.
      output.push(...last.chunks.filter((c) => isLast || c.stream === "stderr"));
      events.push(...last.events);
      // Each command of a longer pipeline runs in a subshell: its `cd` or `X=1` stays there.
      if (last.session && item.pipeline.length === 1) {
        currentSession = last.session;
        sessionChanged = true;
      }
      pipe = last.stdout;
    }
    stdout += pipe;
    exitCode = last?.exitCode ?? 0;
    const signalled = signalReport(
      exitCode,
      !!forks.shell,
      shellOf(currentSession, machineOf(current, currentSession)),
    );
    if (signalled) {
      stderr += signalled;
      output.push({ stream: "stderr", text: signalled });
    }
    if (item.negate) exitCode = exitCode === 0 ? 1 : 0;
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
