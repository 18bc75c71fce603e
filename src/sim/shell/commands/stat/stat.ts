/**
 * `stat [-L] [-c FMT] FILE...`: the lab's files have no inodes or devices of their
 * own, so those numbers are stable stand-ins derived from the path; the rest
 * (type, mode, size, links' targets, owner root) is the file's.
 */
import type { Command } from "../../command.ts";
import { usage } from "../../lib/busybox-usage.ts";
import { absIn, fsCtx, nodeAt, why } from "../../lib/fsops.ts";
import type { VStat } from "../../lib/vfs.ts";
import { modeString } from "../chmod/mode.ts";

const TYPE_NAME: Readonly<Record<VStat["type"], string>> = {
  dir: "directory",
  file: "regular file",
  link: "symbolic link",
  chr: "character special file",
  sock: "socket",
};

const TYPE_CHAR: Readonly<Record<VStat["type"], string>> = { dir: "d", file: "-", link: "l", chr: "c", sock: "s" };

function inodeOf(path: string): number {
  let h = 7;
  for (let i = 0; i < path.length; i++) h = (h * 31 + path.charCodeAt(i)) >>> 0;
  return 1000 + (h % 4_000_000);
}

function stamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.(\d{3})Z$/, ".$1000000 +0000");
}

export function modeText(s: VStat): string {
  return TYPE_CHAR[s.type] + modeString(s.mode);
}

function blocks(s: VStat): number {
  if (s.type === "link" || s.fs !== "disk") return 0;
  return Math.ceil(s.size / 4096) * 8;
}

function format(fmt: string, name: string, s: VStat, path: string, bb: boolean): string {
  return fmt.replace(/%([%aAbBdDfFgGhinNosuUxXyYzZ])/g, (_m, c: string) => {
    switch (c) {
      case "%": return "%";
      case "a": return (s.mode & 0o7777).toString(8);
      case "A": return modeText(s);
      case "b": return String(blocks(s));
      case "B": return "512";
      case "d": return "2049";
      case "D": return "801";
      case "f": return (s.mode | { dir: 0o40000, file: 0o100000, link: 0o120000, chr: 0o20000, sock: 0o140000 }[s.type]).toString(16);
      case "F": return TYPE_NAME[s.type];
      case "g": case "u": return "0";
      case "G": case "U": return "root";
      case "h": return String(s.nlink);
      case "i": return String(inodeOf(path));
      case "n": return name;
      case "N": return bb ? (s.type === "link" ? `${name} -> ${s.target ?? ""}` : name) : s.type === "link" ? `'${name}' -> '${s.target ?? ""}'` : `'${name}'`;
      case "o": return "4096";
      case "s": return String(s.size);
      case "x": case "y": case "z": return stamp(s.mtime);
      default: return String(Math.floor(s.mtime / 1000));
    }
  }); // prettier-ignore
}

function long(name: string, s: VStat, path: string, bb: boolean): string {
  const file = s.type === "link" ? `${name} -> ${s.target ?? ""}` : name;
  const t = stamp(s.mtime);
  const dev = bb ? "27h/39d" : "254,0";
  return (
    `  File: ${file}\n` +
    `  Size: ${String(s.size).padEnd(10)}\tBlocks: ${String(blocks(s)).padEnd(10)} IO Block: 4096   ${TYPE_NAME[s.type]}\n` +
    `Device: ${dev}\tInode: ${String(inodeOf(path)).padEnd(11)} Links: ${s.nlink}\n` +
    `Access: (${(s.mode & 0o7777).toString(8).padStart(4, "0")}/${modeText(s)})  Uid: (    0/    root)   Gid: (    0/    root)\n` +
    `Access: ${t}\nModify: ${t}\nChange: ${t}\n` +
    (bb ? "" : " Birth: -\n")
  );
}

export const stat: Command = (argv, ctx) => {
  const f = fsCtx(ctx, "stat");
  let fmt: string | undefined;
  let follow = false;
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-c" || a === "--format" || a === "--printf") fmt = (argv[++i] ?? "") + (a === "--printf" ? "" : "\n");
    else if (a.startsWith("--format=")) fmt = a.slice(9) + "\n";
    else if (a.startsWith("-c") && a.length > 2) fmt = a.slice(2) + "\n";
    else if (a === "-L" || a === "--dereference") follow = true;
    else files.push(a);
  }
  if (files.length === 0)
    return {
      world: ctx.world,
      stdout: "",
      stderr: f.bb ? usage("stat") : "stat: missing operand\nTry 'stat --help' for more information.\n",
      exitCode: 1,
    };
  let stdout = "";
  let stderr = "";
  for (const name of files) {
    const abs = absIn(f, name);
    const n = nodeAt(ctx.world, f, abs, !follow);
    if (typeof n === "string") {
      stderr += f.bb ? `stat: can't stat '${name}': ${why(n)}\n` : `stat: cannot statx '${name}': ${why(n)}\n`;
      continue;
    }
    stdout += fmt !== undefined ? format(fmt, name, n.stat, abs, f.bb) : long(name, n.stat, abs, f.bb);
  }
  return { world: ctx.world, stdout, stderr, exitCode: stderr ? 1 : 0 };
};
