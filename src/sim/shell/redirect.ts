/**
 * Files opened by the shell's redirections (`>`, `>>`, `<`): paths resolved
 * against the working directory, opened as the kernel would (a directory, a
 * missing parent, read-only /proc/sys in a container), and written within the
 * lab's disk bound: a machine's files stop growing at
 * LIMITS.maxFileBytesPerMachine with "No space left on device", as a full tmpfs does.
 */
import { parentDir, readFile, sysctlKeyOfPath, writeFile } from "../kernel/files.ts";
import { readOnlyAt } from "../kernel/mounts.ts";
import { getNetns, putNetns } from "../kernel/netns.ts";
import { writeSysctl } from "../kernel/sysctl.ts";
import { writeRecent } from "../kernel/xt-proc.ts";
import { LIMITS } from "../limits.ts";
import type { World } from "../world.ts";
import type { Session } from "./command.ts";
import { credsOf, permits } from "./lib/creds.ts";
import { errnoText, lookup, readPath, viewOf } from "./lib/vfs.ts";
import type { Machine } from "./machine.ts";
import { resolvePath } from "./vars.ts";

export type Shell = NonNullable<Session["shell"]>;

/** How the shell words an error about a word (a command or a path). */
export function shellError(shell: Shell, subject: string, why: string): string {
  if (shell === "sh") return `sh: ${subject}: ${why}\n`;
  return `bash: ${shell === "bash-c" ? "line 1: " : ""}${subject}: ${why}\n`;
}

/** A failed open for writing: busybox sh says "can't create", dash "cannot create". */
export function openError(shell: Shell, path: string, why: string, dash = false): string {
  if (shell === "sh" && dash)
    return `sh: cannot create ${path}: ${why === "No such file or directory" ? "Directory nonexistent" : why}\n`;
  return shell === "sh"
    ? `sh: can't create ${path}: ${why === "No such file or directory" ? "nonexistent directory" : why}\n`
    : shellError(shell, path, why);
}

/** Builtins whose write errors bash reports as `bash: NAME: write error: ...`. */
const BUILTINS = new Set(["echo", "printf", "true", "false", "hostname", "pwd", "export"]);

export interface OpenResult {
  readonly world: World;
  /** The absolute path opened. */
  readonly path: string;
  /** Why the open failed, as errno text. */
  readonly error?: string;
}

const RECENT_FILE = /^\/proc\/net\/xt_recent\/([^/]+)$/;

const DEVICES = new Set(["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty"]);

/** Opens `path` for writing as bash's `>`/`>>` would; truncation happens here. */
export function openForWrite(
  world: World,
  session: Session,
  where: Machine,
  path: string,
  append: boolean,
): OpenResult {
  const machine = session.mounts ?? session.machine;
  if (path === "") return { world, path, error: "No such file or directory" };
  const abs = resolvePath(world, session, path);
  if (DEVICES.has(abs)) return { world, path: abs };
  const view = viewOf(world, session);
  const found = lookup(view, abs);
  const key = sysctlKeyOfPath(abs);
  if (key !== undefined || abs === "/proc/sys") {
    if ("error" in found) return { world, path: abs, error: errnoText(found.error) };
    if (found.node.stat.type === "dir") return { world, path: abs, error: "Is a directory" };
    // Docker mounts /proc/sys read-only in a container.
    if (where.kind === "container") return { world, path: abs, error: "Read-only file system" };
    if (!(found.node.stat.mode & 0o200)) return { world, path: abs, error: "Permission denied" };
    return { world, path: abs };
  }
  if (!("error" in found) && found.node.stat.type === "dir") return { world, path: abs, error: "Is a directory" };
  // xt_recent's lists take commands written to them.
  if (RECENT_FILE.test(abs) && !("error" in found)) return { world, path: abs };
  if (abs.startsWith("/proc/") || abs.startsWith("/sys/")) {
    return { world, path: abs, error: "error" in found ? "No such file or directory" : "Permission denied" };
  }
  if (readOnlyAt(world, machine, abs)) return { world, path: abs, error: "Read-only file system" };
  const parent = lookup(view, parentDir(abs));
  if ("error" in parent) return { world, path: abs, error: errnoText(parent.error) };
  if (parent.node.stat.type !== "dir") return { world, path: abs, error: "Not a directory" };
  // A user other than root writes an existing file by its mode, or makes one where the directory's mode lets it.
  const creds = credsOf(session);
  if ("error" in found ? !permits(creds, parent.node.stat.mode, 0o3) : !permits(creds, found.node.stat.mode, 0o2))
    return { world, path: abs, error: "Permission denied" };
  if (append) {
    if (readFile(world, machine, abs) !== undefined) return { world, path: abs };
    const r = readPath(view, abs);
    return { world: writeFile(world, machine, abs, "text" in r ? r.text : ""), path: abs };
  }
  return { world: writeFile(world, machine, abs, ""), path: abs };
}

export interface WriteResult {
  readonly world: World;
  readonly error?: string;
}

/** Bytes a machine's written files hold (what the lab's disk bound counts). */
export function storedBytes(world: World, machine: string): number {
  const files = Object.hasOwn(world.files, machine) ? world.files[machine]! : {};
  let n = 0;
  for (const text of Object.values(files)) n += text.length;
  return n;
}

/** How a failed write is worded: by the shell for its builtins, by the program otherwise. */
export function writeError(shell: Shell, cmd: string, why: string): string {
  if (shell === "sh" && BUILTINS.has(cmd)) return `sh: write error: ${why}\n`;
  if (BUILTINS.has(cmd)) return shellError(shell, cmd, `write error: ${why}`);
  return `${cmd}: write error: ${why}\n`;
}

/** Writes a command's output to an opened file; /proc/sys writes go through the kernel's parser. */
export function writeTo(
  world: World,
  session: Session,
  path: string,
  text: string,
  cmd: string,
  shell: Shell,
): WriteResult {
  if (DEVICES.has(path) || text === "") return { world };
  const key = sysctlKeyOfPath(path);
  if (key !== undefined) {
    const ns = getNetns(world, session.machine);
    if (!ns) return { world };
    const next = writeSysctl(ns, key, text);
    if (next === "EINVAL" || next === "ENOENT" || next === "EACCES") {
      const why = next === "EACCES" ? "Permission denied" : "Invalid argument";
      if (shell === "sh") return { world, error: `sh: write error: ${why}\n` };
      return { world, error: writeError(shell, cmd, why) };
    }
    return { world: putNetns(world, next) };
  }
  const recent = RECENT_FILE.exec(path);
  if (recent) {
    const ns = getNetns(world, session.machine);
    if (!ns) return { world };
    const next = writeRecent(world, ns, recent[1]!, text);
    if (next === "EINVAL" || next === "ESRCH")
      return { world, error: writeError(shell, cmd, next === "ESRCH" ? "No such process" : "Invalid argument") };
    return { world: next };
  }
  const machine = session.mounts ?? session.machine;
  const before = readFile(world, machine, path) ?? "";
  const room = LIMITS.maxFileBytesPerMachine - storedBytes(world, machine);
  if (text.length > room) {
    // A full disk takes what fits, then refuses the rest.
    const fit = Math.max(0, room);
    const w = fit > 0 ? writeFile(world, machine, path, before + text.slice(0, fit)) : world;
    return { world: w, error: writeError(shell, cmd, "No space left on device") };
  }
  return { world: writeFile(world, machine, path, before + text) };
}

/** The content `<` feeds a command, or the shell's error. */
export function readForInput(
  world: World,
  session: Session,
  shell: Shell,
  path: string,
): { text: string; path: string } | { error: string } {
  const abs = resolvePath(world, session, path);
  const r = readPath(viewOf(world, session), path);
  if ("text" in r) return { text: r.text, path: abs };
  // bash opens a directory and the command reads nothing from it.
  if (r.errno === "EISDIR") return { text: "", path: abs };
  const why = errnoText(r.errno);
  // ash's openredirect: errmsg() words ENOENT and ENOTDIR "no such file", anything else by strerror.
  const ash = r.errno === "ENOENT" || r.errno === "ENOTDIR" ? "no such file" : why;
  return { error: shell === "sh" ? `sh: can't open ${path}: ${ash}\n` : shellError(shell, path, why) };
}
