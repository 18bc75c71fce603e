/**
 * `ls`: GNU coreutils 9.1 on the host and the internet, busybox 1.35 in the
 * oracle's nginx image; their long formats, errors and exit codes differ. Reads
 * the session's file tree (lib/vfs.ts). One name a line when stdout is not a
 * terminal, columns (80 wide) when it is, as both do.
 */
import type { Command, CommandResult } from "../../command.ts";
import { absolutePath, errnoText, lookup, viewOf, type FsView, type VNode, type VStat } from "../../lib/vfs.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { LIMITS } from "../../../limits.ts";

const BUSYBOX_USAGE = `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.

Usage: ls [-1AaCxdLHRFplinshrSXvctu] [-w WIDTH] [FILE]...

List directory contents

\t-1\tOne column output
\t-a\tInclude names starting with .
\t-A\tLike -a, but exclude . and ..
\t-x\tList by lines
\t-d\tList directory names, not contents
\t-L\tFollow symlinks
\t-H\tFollow symlinks on command line
\t-R\tRecurse
\t-p\tAppend / to directory names
\t-F\tAppend indicator (one of */=@|) to names
\t-l\tLong format
\t-i\tList inode numbers
\t-n\tList numeric UIDs and GIDs instead of names
\t-s\tList allocated blocks
\t-lc\tList ctime
\t-lu\tList atime
\t--full-time\tList full date/time
\t-h\tHuman readable sizes (1K 243M 2G)
\t--group-directories-first
\t-S\tSort by size
\t-X\tSort by extension
\t-v\tSort by version
\t-t\tSort by mtime
\t-tc\tSort by ctime
\t-tu\tSort by atime
\t-r\tReverse sort order
\t-w N\tFormat N columns wide
\t--color[={always,never,auto}]
`;

interface Flags {
  all: boolean;
  almost: boolean;
  long: boolean;
  one: boolean;
  dir: boolean;
  human: boolean;
  numeric: boolean;
  reverse: boolean;
  classify: boolean;
  slash: boolean;
  sizeSort: boolean;
  recursive: boolean;
}

const LONG_OPTIONS: Readonly<Record<string, keyof Flags | "ignore">> = {
  "--all": "all",
  "--almost-all": "almost",
  "--directory": "dir",
  "--human-readable": "human",
  "--numeric-uid-gid": "numeric",
  "--reverse": "reverse",
  "--classify": "classify",
  "--recursive": "recursive",
  "--color": "ignore",
  "--color=auto": "ignore",
  "--color=never": "ignore",
  "--color=always": "ignore",
};

const SHORT: Readonly<Record<string, keyof Flags | "ignore">> = {
  a: "all",
  A: "almost",
  l: "long",
  "1": "one",
  d: "dir",
  h: "human",
  n: "numeric",
  r: "reverse",
  F: "classify",
  p: "slash",
  S: "sizeSort",
  R: "recursive",
  C: "ignore",
  L: "ignore",
  H: "ignore",
};

interface Entry {
  readonly name: string;
  readonly node: VNode;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function dateOf(ms: number, now: number): string {
  const d = new Date(ms);
  const day = String(d.getUTCDate()).padStart(2, " ");
  const recent = ms <= now + 60_000 && now - ms < 182 * 24 * 3600 * 1000;
  const tail = recent
    ? `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`
    : ` ${d.getUTCFullYear()}`;
  return `${MONTHS[d.getUTCMonth()]} ${day} ${tail}`;
}

function modeString(s: VStat): string {
  const t = { dir: "d", file: "-", link: "l", chr: "c", sock: "s" }[s.type];
  const bits = [0o400, 0o200, 0o100, 0o40, 0o20, 0o10, 0o4, 0o2, 0o1];
  const chars = bits.map((b, i) => (s.mode & b ? "rwx"[i % 3]! : "-"));
  if (s.mode & 0o1000) chars[8] = s.mode & 0o1 ? "t" : "T";
  return t + chars.join("");
}

function human(n: number): string {
  if (n < 1024) return String(n);
  const units = ["K", "M", "G", "T"];
  let v = n;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const shown = v < 10 ? (Math.ceil(v * 10) / 10).toFixed(1) : String(Math.ceil(v));
  return shown + units[u];
}

function indicator(s: VStat, f: Flags): string {
  if (f.classify) {
    if (s.type === "dir") return "/";
    if (s.type === "link") return "@";
    if (s.type === "sock") return "=";
    if (s.type === "file" && s.mode & 0o111) return "*";
    return "";
  }
  return f.slash && s.type === "dir" ? "/" : "";
}

/** 1K blocks a file takes on its file system (`total` in a long listing). */
function blocks(s: VStat): number {
  if (s.fs === "proc" || s.fs === "sys" || s.type === "link" || s.type === "chr") return 0;
  return Math.ceil(s.size / 4096) * 4;
}

/** Names in columns, top to bottom then left to right, as both ls print on a terminal. */
function columns(names: readonly string[], width = 80): string {
  if (names.length === 0) return "";
  for (let cols = Math.min(names.length, Math.floor(width / 3)); cols > 1; cols--) {
    const rows = Math.ceil(names.length / cols);
    const widths: number[] = [];
    for (let c = 0; c < cols; c++) {
      const col = names.slice(c * rows, (c + 1) * rows);
      if (col.length === 0) continue;
      widths.push(Math.max(...col.map((n) => n.length)) + 2);
    }
    const total = widths.reduce((a, b) => a + b, 0) - 2;
    if (total > width) continue;
    let out = "";
    for (let r = 0; r < rows; r++) {
      const line: string[] = [];
      for (let c = 0; c < widths.length; c++) {
        const name = names[c * rows + r];
        if (name === undefined) continue;
        const last = c === widths.length - 1 || names[(c + 1) * rows + r] === undefined;
        line.push(last ? name : name.padEnd(widths[c]!));
      }
      out += line.join("") + "\n";
    }
    return out;
  }
  return names.map((n) => n + "\n").join("");
}

function longLines(entries: readonly Entry[], f: Flags, bb: boolean, now: number): string {
  const rows = entries.map((e) => {
    const s = e.node.stat;
    const size =
      s.type === "chr"
        ? `${s.dev![0]}, ${String(s.dev![1]).padStart(bb ? 3 : 1)}`
        : f.human
          ? human(s.size)
          : String(s.size);
    const name = e.name + (s.type === "link" ? ` -> ${s.target}` : indicator(s, f));
    const owner = f.numeric ? "0" : "root";
    return { mode: modeString(s), nlink: String(s.nlink), owner, size, date: dateOf(s.mtime, now), name };
  });
  if (bb) {
    return rows
      .map((r) => {
        const size = r.size.includes(",")
          ? r.size.replace(/^(\d+),\s*(\d+)$/, (_m, a: string, b: string) => `${a.padStart(4)},${b.padStart(4)}`)
          : r.size.padStart(9);
        return `${r.mode} ${r.nlink.padStart(4)} ${r.owner.padEnd(8)} ${r.owner.padEnd(8)} ${size} ${r.date} ${r.name}\n`;
      })
      .join("");
  }
  const w = (k: "nlink" | "owner" | "size") => Math.max(...rows.map((r) => r[k].length));
  const [wl, wo, ws] = [w("nlink"), w("owner"), w("size")];
  return rows
    .map(
      (r) =>
        `${r.mode} ${r.nlink.padStart(wl)} ${r.owner.padEnd(wo)} ${r.owner.padEnd(wo)} ${r.size.padStart(ws)} ${r.date} ${r.name}\n`,
    )
    .join("");
}

function render(entries: Entry[], f: Flags, bb: boolean, tty: boolean, now: number): string {
  const sortedEntries = sortEntries(entries, f);
  if (f.long) return longLines(sortedEntries, f, bb, now);
  const names = sortedEntries.map((e) => e.name + indicator(e.node.stat, f));
  if (f.one || !tty) return names.map((n) => n + "\n").join("");
  return columns(names);
}

function sortEntries(entries: Entry[], f: Flags): Entry[] {
  const out = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (f.sizeSort) out.sort((a, b) => b.node.stat.size - a.node.stat.size);
  if (f.reverse) out.reverse();
  return out;
}

function dirEntries(view: FsView, node: VNode, path: string, f: Flags): Entry[] {
  const names = node.list ? [...node.list()] : [];
  const out: Entry[] = [];
  if (f.all) {
    out.push({ name: ".", node });
    const parent = lookup(view, path === "/" ? "/" : path.replace(/\/[^/]*$/, "") || "/");
    out.push({ name: "..", node: "node" in parent ? parent.node : node });
  }
  for (const n of names) {
    if (n.startsWith(".") && !f.all && !f.almost) continue;
    const child = node.child?.(n);
    if (child) out.push({ name: n, node: child });
  }
  return out;
}

export const ls: Command = (argv, ctx): CommandResult => {
  const { world, session } = ctx;
  const bb = isBusybox(machineOf(world, session), "ls");
  const f: Flags = {
    all: false,
    almost: false,
    long: false,
    one: false,
    dir: false,
    human: false,
    numeric: false,
    reverse: false,
    classify: false,
    slash: false,
    sizeSort: false,
    recursive: false,
  };
  const operands: string[] = [];
  let options = true;
  for (const a of argv.slice(1)) {
    if (options && a === "--") options = false;
    else if (options && a.startsWith("--")) {
      const flag = LONG_OPTIONS[a] ?? LONG_OPTIONS[a.split("=")[0]!];
      if (!flag) {
        const stderr = bb
          ? `ls: unrecognized option '${a}'\n${BUSYBOX_USAGE}`
          : `ls: unrecognized option '${a}'\nTry 'ls --help' for more information.\n`;
        return { world, stdout: "", stderr, exitCode: bb ? 1 : 2 };
      }
      if (flag !== "ignore") f[flag] = true;
    } else if (options && a.startsWith("-") && a !== "-") {
      for (const ch of a.slice(1)) {
        const flag = SHORT[ch];
        if (!flag) {
          const stderr = bb
            ? `ls: invalid option -- '${ch}'\n${BUSYBOX_USAGE}`
            : `ls: invalid option -- '${ch}'\nTry 'ls --help' for more information.\n`;
          return { world, stdout: "", stderr, exitCode: bb ? 1 : 2 };
        }
        if (flag !== "ignore") f[flag] = true;
      }
    } else operands.push(a);
  }
  if (f.all) f.almost = false;
  const view = viewOf(world, session);
  const tty = !!ctx.stdoutTty;
  const now = world.clock;
  const targets = operands.length === 0 ? ["."] : operands;
  let stderr = "";
  let failed = false;
  const files: Entry[] = [];
  const dirs: { name: string; node: VNode; path: string }[] = [];
  for (const t of targets) {
    const abs = absolutePath(view, t);
    // A long listing, -d or -F shows a symbolic link itself, unless the name ends with a slash
    // (GNU ls and busybox's alike: `ls -F /sys/class/net/eth0` prints `/sys/class/net/eth0@`).
    const nofollow = (f.long || f.dir || f.classify) && !t.endsWith("/");
    const r = lookup(view, abs, nofollow);
    if ("error" in r) {
      failed = true;
      const why = errnoText(r.error);
      stderr += bb ? `ls: ${t}: ${why}\n` : `ls: cannot access '${t}': ${why}\n`;
      continue;
    }
    if (r.node.stat.type === "dir" && !f.dir) dirs.push({ name: t, node: r.node, path: r.path });
    else files.push({ name: t, node: r.node });
  }
  let stdout = render(files, f, bb, tty, now);
  const headers = targets.length > 1 || f.recursive;
  dirs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (f.reverse) dirs.reverse();
  // -R lists a directory, then each subdirectory under it in listing order; a stack keeps
  // that order without recursion, and the visit cap bounds a tree that loops or is huge.
  const stack = [...dirs].reverse();
  let first = true;
  for (let visits = 0; stack.length > 0 && visits < LIMITS.maxOutputLines; visits++) {
    const d = stack.pop()!;
    if (stdout !== "" || !first) stdout += "\n";
    first = false;
    if (headers) stdout += `${d.name}:\n`;
    const entries = dirEntries(view, d.node, d.path, f);
    if (f.long) stdout += `total ${entries.reduce((n, e) => n + blocks(e.node.stat), 0)}\n`;
    stdout += render(entries, f, bb, tty, now);
    if (!f.recursive) continue;
    const subdirs = sortEntries(entries, f).filter(
      (e) => e.node.stat.type === "dir" && e.name !== "." && e.name !== "..",
    );
    const join = (base: string, n: string) => (base.endsWith("/") ? base + n : `${base}/${n}`);
    for (const e of subdirs.reverse())
      stack.push({ name: join(d.name, e.name), node: e.node, path: join(d.path, e.name) });
  }
  return {
    world,
    stdout,
    stderr,
    exitCode: failed ? (bb ? 1 : 2) : 0,
    // GNU ls reports a missing operand before it lists; busybox ls, writing its listing
    // through stdio, has it in the pipe first only when stdout is line-buffered.
    output: [
      ...(stderr ? [{ stream: "stderr" as const, text: stderr }] : []),
      ...(stdout ? [{ stream: "stdout" as const, text: stdout }] : []),
    ],
  };
};
