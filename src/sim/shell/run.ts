/**
 * Runs one input: parse, then each pipeline of the list in turn (`;`, `&&`, `||`),
 * each command's stdout feeding the next one's stdin. Redirections are applied as
 * bash applies them: files are opened (and truncated) before the command runs, a
 * failed open skips the command, `2>&1` points stderr wherever stdout goes now.
 * Like bash, a pipeline's exit code is its last command's.
 */
import { isDirectory, parentDir, readFile, sysctlKeyOfPath, writeFile } from "../kernel/files.ts";
import { getNetns, isContainer, putNetns } from "../kernel/netns.ts";
import { writeSysctl } from "../kernel/sysctl.ts";
import { LIMITS } from "../limits.ts";
import type { TraceEvent } from "../trace/events.ts";
import type { World } from "../world.ts";
import type { CommandResult, Session } from "./command.ts";
import { LAST_STATUS, parseScript, type Redirect, type SimpleCommand } from "./parse.ts";
import { findCommand } from "./registry.ts";

function capLines(text: string): string {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10 && ++count >= LIMITS.maxOutputLines) return text.slice(0, i + 1);
  }
  return text;
}

/** Where a file descriptor's output goes. */
type Sink =
  { kind: "stdout" } | { kind: "stderr" } | { kind: "null" } | { kind: "file"; path: string; append: boolean };

/** Builtins whose write errors bash reports as `bash: NAME: write error: ...`. */
const BUILTINS = new Set(["echo", "printf", "true", "false", "hostname"]);

interface OpenResult {
  readonly world: World;
  readonly error?: string;
}

/** Opens `path` for writing as bash's `>`/`>>` would; truncation happens here. */
function openForWrite(world: World, machine: string, path: string, append: boolean): OpenResult {
  if (path === "/dev/null" || path === "/dev/stdout" || path === "/dev/stderr") return { world };
  if (path === "") return { world, error: "bash: : No such file or directory\n" };
  const key = sysctlKeyOfPath(path);
  if (key !== undefined || path === "/proc/sys") {
    if (readFile(world, machine, path) === undefined) {
      if (isDirectory(world, machine, path)) return { world, error: `bash: ${path}: Is a directory\n` };
      return { world, error: `bash: ${path}: No such file or directory\n` };
    }
    // Docker mounts /proc/sys read-only in a container.
    if (isContainer(machine)) return { world, error: `bash: ${path}: Read-only file system\n` };
    return { world };
  }
  if (path.startsWith("/proc/")) return { world, error: `bash: ${path}: No such file or directory\n` };
  if (isDirectory(world, machine, path)) return { world, error: `bash: ${path}: Is a directory\n` };
  const abs = path.startsWith("/") ? path : `/root/${path}`;
  if (!isDirectory(world, machine, parentDir(abs)))
    return { world, error: `bash: ${path}: No such file or directory\n` };
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
function writeTo(world: World, machine: string, sink: Sink & { kind: "file" }, text: string, cmd: string): WriteResult {
  if (sink.path === "/dev/null" || text === "") return { world };
  const key = sysctlKeyOfPath(sink.path);
  if (key !== undefined) {
    const ns = getNetns(world, machine);
    if (!ns) return { world };
    const next = writeSysctl(ns, key, text);
    if (next === "EINVAL" || next === "ENOENT") {
      const who = BUILTINS.has(cmd) ? `bash: ${cmd}` : cmd;
      return { world, error: `${who}: write error: Invalid argument\n` };
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
  exitCode: number;
  events: readonly TraceEvent[];
  session?: Session;
}

function runSimple(
  world: World,
  session: Session,
  cmd: SimpleCommand,
  pipeIn: string,
  lastStatus: number,
): CommandOutcome {
  const argv = cmd.argv.map((a) => expand(a, lastStatus));
  const redirects: Redirect[] = (cmd.redirects ?? []).map((r) =>
    "path" in r ? { ...r, path: expand(r.path, lastStatus) } : r,
  );
  let w = world;
  let stdin = pipeIn;
  const sinks: Record<1 | 2, Sink> = { 1: { kind: "stdout" }, 2: { kind: "stderr" } };
  for (const r of redirects) {
    if (r.op === "<") {
      const text = readFile(w, session.machine, r.path);
      if (text === undefined) {
        const why = isDirectory(w, session.machine, r.path) ? "Is a directory" : "No such file or directory";
        if (why === "Is a directory") {
          stdin = "";
          continue;
        }
        return { world: w, stdout: "", stderr: `bash: ${r.path}: ${why}\n`, exitCode: 1, events: [] };
      }
      stdin = text;
    } else if (r.op === "<<") {
      stdin = r.text;
    } else if (r.op === "dup") {
      sinks[r.fd] = sinks[r.to];
    } else {
      const opened = openForWrite(w, session.machine, r.path, r.op === ">>");
      if (opened.error) return { world: w, stdout: "", stderr: opened.error, exitCode: 1, events: [] };
      w = opened.world;
      if (r.path === "/dev/null") sinks[r.fd] = { kind: "null" };
      else if (r.path === "/dev/stdout") sinks[r.fd] = sinks[1];
      else if (r.path === "/dev/stderr") sinks[r.fd] = sinks[2];
      else sinks[r.fd] = { kind: "file", path: r.path, append: r.op === ">>" };
    }
  }
  if (argv.length === 0) return { world: w, stdout: "", stderr: "", exitCode: 0, events: [] };

  const name = argv[0]!;
  const impl = findCommand(name);
  let result: CommandResult;
  if (!impl) {
    result = { world: w, stdout: "", stderr: `bash: ${name}: command not found\n`, exitCode: 127 };
  } else {
    result = impl(argv, { world: w, session, stdin });
  }
  w = result.world;
  let stdout = "";
  let stderr = "";
  let exitCode = result.exitCode;
  const emit = (sink: Sink, text: string) => {
    if (text === "") return;
    if (sink.kind === "stdout") stdout += text;
    else if (sink.kind === "stderr") stderr += text;
    else if (sink.kind === "file") {
      const written = writeTo(w, session.machine, sink, text, name);
      w = written.world;
      if (written.error) {
        stderr += written.error;
        exitCode = 1;
      }
    }
  };
  emit(sinks[1], capLines(result.stdout));
  emit(sinks[2], capLines(result.stderr));
  return {
    world: w,
    stdout,
    stderr,
    exitCode,
    events: result.events ?? [],
    ...(result.session ? { session: result.session } : {}),
  };
}

export function runLine(world: World, session: Session, line: string): CommandResult {
  const parsed = parseScript(line);
  if (!parsed.ok) return { world, stdout: "", stderr: parsed.stderr, exitCode: parsed.exitCode };

  let current = world;
  let currentSession = session;
  let stdout = "";
  let stderr = "";
  let exitCode = 0;
  let sessionChanged = false;
  const events: TraceEvent[] = [];

  for (const item of parsed.list) {
    if (item.op === "&&" && exitCode !== 0) continue;
    if (item.op === "||" && exitCode === 0) continue;
    let pipe = "";
    let last: CommandOutcome | undefined;
    const lastStatus = exitCode;
    for (const cmd of item.pipeline) {
      last = runSimple(current, currentSession, cmd, pipe, lastStatus);
      current = last.world;
      stderr += last.stderr;
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
  return {
    world: current,
    stdout: capLines(stdout),
    stderr,
    exitCode,
    events,
    ...(sessionChanged ? { session: currentSession } : {}),
  };
}
