/**
 * Runs one input: parse, then each pipeline of the list in turn (`;`, `&&`, `||`),
 * each command's stdout feeding the next one's stdin. Redirections are applied as
 * bash applies them: files are opened (and truncated) before the command runs, a
 * failed open skips the command, `2>&1` points stderr wherever stdout goes now.
 * Like bash, a pipeline's exit code is its last command's.
 */
import { isDirectory, parentDir, readFile, sysctlKeyOfPath, writeFile } from "../kernel/files.ts";
import { getNetns, putNetns } from "../kernel/netns.ts";
import { writeSysctl } from "../kernel/sysctl.ts";
import { LIMITS } from "../limits.ts";
import type { TraceEvent } from "../trace/events.ts";
import type { World } from "../world.ts";
import type { CommandResult, OutputChunk, Session } from "./command.ts";
import { machineOf, notFoundText, providerOf, shellOf, type Machine } from "./machine.ts";
import { LAST_STATUS, parseScript, type Redirect, type SimpleCommand } from "./parse.ts";
import { findCommand } from "./registry.ts";
import { feedCaptures, keepsRunning, reapJobs, startCapture, type JobOutput } from "./jobs.ts";

function capLines(text: string): string {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10 && ++count >= LIMITS.maxOutputLines) return text.slice(0, i + 1);
  }
  return text;
}

type Shell = NonNullable<Session["shell"]>;

/** How the shell words an error about a word (a command or a path). */
function shellError(shell: Shell, subject: string, why: string): string {
  if (shell === "sh") return `sh: ${subject}: ${why}\n`;
  return `bash: ${shell === "bash-c" ? "line 1: " : ""}${subject}: ${why}\n`;
}

/** A failed open for writing: busybox sh says "can't create". */
function openError(shell: Shell, path: string, why: string): string {
  return shell === "sh"
    ? `sh: can't create ${path}: ${why === "No such file or directory" ? "nonexistent directory" : why}\n`
    : shellError(shell, path, why);
}

/** Where a file descriptor's output goes. */
type Sink =
  { kind: "stdout" } | { kind: "stderr" } | { kind: "null" } | { kind: "file"; path: string; append: boolean };

/** Builtins whose write errors bash reports as `bash: NAME: write error: ...`. */
const BUILTINS = new Set(["echo", "printf", "true", "false", "hostname"]);

interface OpenResult {
  readonly world: World;
  /** Why the open failed, as errno text. */
  readonly error?: string;
}

/** Opens `path` for writing as bash's `>`/`>>` would; truncation happens here. */
function openForWrite(world: World, session: Session, where: Machine, path: string, append: boolean): OpenResult {
  const machine = session.machine;
  if (path === "/dev/null" || path === "/dev/stdout" || path === "/dev/stderr") return { world };
  if (path === "") return { world, error: "No such file or directory" };
  const key = sysctlKeyOfPath(path);
  if (key !== undefined || path === "/proc/sys") {
    if (readFile(world, machine, path) === undefined) {
      if (isDirectory(world, machine, path)) return { world, error: "Is a directory" };
      return { world, error: "No such file or directory" };
    }
    // Docker mounts /proc/sys read-only in a container.
    if (where.kind === "container") return { world, error: "Read-only file system" };
    return { world };
  }
  if (path.startsWith("/proc/")) return { world, error: "No such file or directory" };
  if (isDirectory(world, machine, path)) return { world, error: "Is a directory" };
  const abs = path.startsWith("/") ? path : `/root/${path}`;
  if (!isDirectory(world, machine, parentDir(abs))) return { world, error: "No such file or directory" };
  if (append) {
    if (readFile(world, machine, abs) === undefined) return { world: writeFile(world, machine, abs, "") };
    return { world };
  }
  return { world: writeFile(world, machine, abs, "") };
}

interface WriteResult {
  readonly world: World;
  readonly error?: string;
}

/** Writes a command's output to an opened file; /proc/sys writes go through the kernel's parser. */
function writeTo(
  world: World,
  machine: string,
  sink: Sink & { kind: "file" },
  text: string,
  cmd: string,
  shell: Shell,
): WriteResult {
  if (sink.path === "/dev/null" || text === "") return { world };
  const key = sysctlKeyOfPath(sink.path);
  if (key !== undefined) {
    const ns = getNetns(world, machine);
    if (!ns) return { world };
    const next = writeSysctl(ns, key, text);
    if (next === "EINVAL" || next === "ENOENT") {
      if (shell === "sh") return { world, error: `sh: write error: Invalid argument\n` };
      if (BUILTINS.has(cmd)) return { world, error: shellError(shell, cmd, "write error: Invalid argument") };
      return { world, error: `${cmd}: write error: Invalid argument\n` };
    }
    return { world: putNetns(world, next) };
  }
  const abs = sink.path.startsWith("/") ? sink.path : `/root/${sink.path}`;
  const before = readFile(world, machine, abs) ?? "";
  return { world: writeFile(world, machine, abs, before + text) };
}

function expand(word: string, lastStatus: number): string {
  return word.includes(LAST_STATUS) ? word.split(LAST_STATUS).join(String(lastStatus)) : word;
}

interface CommandOutcome {
  world: World;
  stdout: string; // what goes down the pipe (or to the terminal for the last command)
  stderr: string; // what reaches the terminal
  /** Both, in the order written (stdout chunks only matter for a pipeline's last command). */
  chunks: OutputChunk[];
  exitCode: number;
  events: readonly TraceEvent[];
  session?: Session;
}

function failed(world: World, stderr: string): CommandOutcome {
  return { world, stdout: "", stderr, chunks: [{ stream: "stderr", text: stderr }], exitCode: 1, events: [] };
}

function runSimple(
  world: World,
  session: Session,
  cmd: SimpleCommand,
  pipeIn: string,
  lastStatus: number,
): CommandOutcome {
  const where = machineOf(world, session);
  const shell: Shell = shellOf(session, where);
  const argv = cmd.argv.map((a) => expand(a, lastStatus));
  const redirects: Redirect[] = (cmd.redirects ?? []).map((r) =>
    "path" in r ? { ...r, path: expand(r.path, lastStatus) } : r,
  );
  let w = world;
  let stdin = pipeIn;
  const sinks: Record<1 | 2, Sink> = { 1: { kind: "stdout" }, 2: { kind: "stderr" } };
  for (const r of redirects) {
    if (r.op === "<") {
      // Relative to the shell's directory, as `>` writes it (every lab shell starts in /root).
      const abs = r.path.startsWith("/") ? r.path : `/root/${r.path}`;
      const text = abs === "/dev/null" ? "" : readFile(w, session.machine, abs);
      if (text === undefined) {
        const why = isDirectory(w, session.machine, abs) ? "Is a directory" : "No such file or directory";
        if (why === "Is a directory") {
          stdin = "";
          continue;
        }
        const text = shell === "sh" ? `sh: can't open '${r.path}': ${why}\n` : shellError(shell, r.path, why);
        return failed(w, text);
      }
      stdin = text;
    } else if (r.op === "<<") {
      stdin = r.text;
    } else if (r.op === "dup") {
      sinks[r.fd] = sinks[r.to];
    } else {
      const opened = openForWrite(w, session, where, r.path, r.op === ">>");
      if (opened.error) {
        return failed(w, openError(shell, r.path, opened.error));
      }
      w = opened.world;
      if (r.path === "/dev/null") sinks[r.fd] = { kind: "null" };
      else if (r.path === "/dev/stdout") sinks[r.fd] = sinks[1];
      else if (r.path === "/dev/stderr") sinks[r.fd] = sinks[2];
      else sinks[r.fd] = { kind: "file", path: r.path, append: r.op === ">>" };
    }
  }
  if (argv.length === 0) return { world: w, stdout: "", stderr: "", chunks: [], exitCode: 0, events: [] };

  const name = argv[0]!;
  // What is installed decides (machines/); a program installed but not modelled answers as a missing one.
  const impl = providerOf(where, shell, name) !== undefined ? findCommand(name) : undefined;
  let result: CommandResult;
  if (!impl) {
    result = { world: w, stdout: "", stderr: notFoundText(shell, name), exitCode: 127 };
  } else {
    result = impl(argv, { world: w, session, stdin, runLine: runNested });
  }
  w = result.world;
  let stdout = "";
  let stderr = "";
  const chunks: OutputChunk[] = [];
  let exitCode = result.exitCode;
  const emit = (sink: Sink, text: string) => {
    if (text === "") return;
    if (sink.kind === "stdout") {
      stdout += text;
      chunks.push({ stream: "stdout", text });
    } else if (sink.kind === "stderr") {
      stderr += text;
      chunks.push({ stream: "stderr", text });
    } else if (sink.kind === "file") {
      const written = writeTo(w, session.machine, sink, text, name, shell);
      w = written.world;
      if (written.error) {
        stderr += written.error;
        chunks.push({ stream: "stderr", text: written.error });
        exitCode = 1;
      }
    }
  };
  const written = result.output ?? [
    { stream: "stdout" as const, text: result.stdout },
    { stream: "stderr" as const, text: result.stderr },
  ];
  for (const c of written) emit(c.stream === "stdout" ? sinks[1] : sinks[2], capLines(c.text));
  return {
    world: w,
    stdout,
    stderr,
    chunks,
    exitCode,
    events: result.events ?? [],
    ...(result.session ? { session: result.session } : {}),
  };
}

/** Adjacent chunks of one stream joined, so a terminal writes as few pieces as it can. */
function mergeChunks(chunks: readonly OutputChunk[]): OutputChunk[] {
  const out: OutputChunk[] = [];
  for (const c of chunks) {
    const prev = out[out.length - 1];
    if (prev && prev.stream === c.stream) out[out.length - 1] = { stream: c.stream, text: prev.text + c.text };
    else out.push(c);
  }
  return out;
}

/** What a command's own shell runs (`bash -c`, `docker exec`): the terminal's jobs see its packets once, when it returns. */
function runNested(world: World, session: Session, line: string): CommandResult {
  return runList(world, session, line, false);
}

/** Runs a line typed at the terminal (or a scenario's line). */
export function runLine(world: World, session: Session, line: string): CommandResult {
  return runList(world, session, line, true);
}

/** A background item the lab keeps running (`tcpdump … &`), when the machine has it. */
function background(world: World, session: Session, pipeline: readonly SimpleCommand[]): SimpleCommand | undefined {
  const cmd = pipeline.length === 1 ? pipeline[0]! : undefined;
  if (!cmd || !keepsRunning(cmd.argv)) return undefined;
  const where = machineOf(world, session);
  return providerOf(where, shellOf(session, where), cmd.argv[0]!) !== undefined ? cmd : undefined;
}

function runList(world: World, session: Session, line: string, top: boolean): CommandResult {
  const parsed = parseScript(line);
  if (!parsed.ok) return { world, stdout: "", stderr: parsed.stderr, exitCode: parsed.exitCode };

  let current = world;
  let currentSession = session;
  let stdout = "";
  let stderr = "";
  const output: OutputChunk[] = [];
  let exitCode = 0;
  let sessionChanged = false;
  const events: TraceEvent[] = [];

  const jobOutput = (r: JobOutput) => {
    current = r.world;
    for (const c of r.chunks) {
      output.push(c);
      if (c.stream === "stdout") stdout += c.text;
      else stderr += c.text;
    }
  };
  for (const item of parsed.list) {
    if (item.op === "&&" && exitCode !== 0) continue;
    if (item.op === "||" && exitCode === 0) continue;
    let pipe = "";
    let last: CommandOutcome | undefined;
    const lastStatus = exitCode;
    const bg = item.background && top ? background(current, currentSession, item.pipeline) : undefined;
    if (bg) {
      const argv = bg.argv.map((a) => expand(a, lastStatus));
      const ctx = { world: current, session: currentSession, stdin: "", runLine: runNested };
      jobOutput(startCapture(argv, bg.redirects ?? [], ctx));
      exitCode = 0;
      continue;
    }
    for (let i = 0; i < item.pipeline.length; i++) {
      const cmd = item.pipeline[i]!;
      const t0 = current.clock;
      last = runSimple(current, currentSession, cmd, pipe, lastStatus);
      current = last.world;
      // A running tcpdump prints the packets as they pass, before the command's own output.
      if (top && current.captures && last.events.length > 0) jobOutput(feedCaptures(current, last.events, t0));
      stderr += last.stderr;
      const isLast = i === item.pipeline.length - 1;
      // Only the last command's stdout reaches the terminal; the others' went down the pipe.
      output.push(...last.chunks.filter((c) => isLast || c.stream === "stderr"));
      events.push(...last.events);
      if (last.session) {
        currentSession = last.session;
        sessionChanged = true;
      }
      pipe = last.stdout;
    }
    stdout += pipe;
    exitCode = last?.exitCode ?? 0;
  }
  if (top && current.captures) jobOutput(reapJobs(current));
  return {
    world: current,
    stdout: capLines(stdout),
    stderr,
    exitCode,
    events,
    output: mergeChunks(output),
    ...(sessionChanged ? { session: currentSession } : {}),
  };
}
