/**
 * What the file commands (mkdir, rmdir, cp, mv, ln, chmod, rm -r) do to a machine's
 * tree: files live in `world.files`, directories, links, modes and removals of the
 * image's own files in `world.fileMeta` (kernel/file-meta.ts); this reads the tree
 * through vfs.ts and writes both. Errors are errno names, as the kernel gives them.
 */
import { dropMetaTree, metaOf, setMeta } from "../../kernel/file-meta.ts";
import { parentDir, removeFile, writeFile } from "../../kernel/files.ts";
import { mountsOf, readOnlyAt, resolvePath } from "../../kernel/mounts.ts";
import type { World } from "../../world.ts";
import type { CommandContext } from "../command.ts";
import { isBusybox, machineOf } from "../machine.ts";
import { absolutePath, lookup, viewOf, type FsView, type VNode } from "./vfs.ts";

/** Entries one recursive copy or removal may touch. */
const MAX_TREE = 2_000;

export interface FsCtx {
  readonly world: World;
  readonly ctx: CommandContext;
  /** The machine whose files these are (the host's under `nsenter -n`). */
  readonly machine: string;
  readonly bb: boolean;
}

export function fsCtx(ctx: CommandContext, name: string): FsCtx {
  return {
    world: ctx.world,
    ctx,
    machine: ctx.session.mounts ?? ctx.session.machine,
    bb: isBusybox(machineOf(ctx.world, ctx.session), name),
  };
}

export function viewIn(f: FsCtx, world: World): FsView {
  return viewOf(world, f.ctx.session);
}

export function absIn(f: FsCtx, path: string): string {
  return absolutePath(viewOf(f.world, f.ctx.session), path);
}

/** The node at a path, or its errno. */
export function nodeAt(world: World, f: FsCtx, abs: string, nofollow = false): VNode | string {
  const r = lookup(viewIn(f, world), abs, nofollow);
  return "error" in r ? r.error : r.node;
}

/** The directory a path lies in (the kernel's files know it the same way). */
export const parentOf = parentDir;

export function baseOf(path: string): string {
  const p = path.length > 1 ? path.replace(/\/+$/, "") : path;
  return p.slice(p.lastIndexOf("/") + 1);
}

/** Whether a new entry can be made at `abs`: "" when yes, else the errno. */
export function creatable(world: World, f: FsCtx, abs: string): string {
  const here = nodeAt(world, f, abs, true);
  if (typeof here !== "string") return "EEXIST";
  // procfs and sysfs make no new names: the kernel answers ENOENT.
  if (/^\/(proc|sys)\//.test(abs)) return "ENOENT";
  if (readOnlyAt(world, f.machine, abs)) return "EROFS";
  const parent = nodeAt(world, f, parentOf(abs));
  if (typeof parent === "string") return parent;
  if (parent.stat.type !== "dir") return "ENOTDIR";
  return "";
}

/**
 * Docker bind-mounts these three into every container, and `-v` its volumes: they cannot be
 * unlinked or replaced there.
 */
export function mountPoint(f: FsCtx, abs: string): boolean {
  if (mountsOf(f.world, f.machine).some((m) => m.target === abs)) return true;
  return (
    machineOf(f.world, f.ctx.session).kind === "container" &&
    ["/etc/hosts", "/etc/hostname", "/etc/resolv.conf"].includes(abs)
  );
}

/**
 * Where a new or removed entry really lives: its directory with the symbolic links on the
 * way followed (`/var/run/netns/x` is `/run/netns/x`, /var/run being a link), as the
 * kernel resolves every component but the last. A path whose directory is missing stays as typed.
 */
export function realEntry(world: World, f: FsCtx, abs: string): string {
  const dir = parentOf(abs);
  if (dir === "/" || abs === "/") return abs;
  const r = lookup(viewIn(f, world), dir);
  if ("error" in r || r.path === dir) return abs;
  return (r.path === "/" ? "" : r.path) + "/" + baseOf(abs);
}

export function makeDir(world: World, f: FsCtx, abs: string, mode = 0o755): World {
  return setMeta(world, f.machine, realEntry(world, f, abs), { kind: "dir", ...(mode !== 0o755 ? { mode } : {}) });
}

export function makeLink(world: World, f: FsCtx, abs: string, target: string): World {
  return setMeta(world, f.machine, realEntry(world, f, abs), { kind: "link", target });
}

export function writeText(world: World, f: FsCtx, abs: string, text: string, mode?: number): World {
  const at = realEntry(world, f, abs);
  const w = writeFile(world, f.machine, at, text);
  return mode === undefined ? w : setMeta(w, f.machine, at, { mode });
}

export function setMode(world: World, f: FsCtx, abs: string, mode: number): World {
  const at = realEntry(world, f, abs);
  const meta = metaOf(world, f.machine, at);
  return setMeta(world, f.machine, at, { ...meta, mode });
}

/** Removes the entry at `abs` and everything under it (the caller decided it may go). */
export function removeTree(world: World, f: FsCtx, entry: string): World {
  let w = world;
  const abs = realEntry(world, f, entry);
  // Under a mount the files are the source machine's.
  const at = resolvePath(w, f.machine, abs);
  const files = Object.hasOwn(w.files, at.fs) ? w.files[at.fs]! : {};
  for (const p of Object.keys(files)) if (p === at.path || p.startsWith(at.path + "/")) w = removeFile(w, at.fs, p);
  w = dropMetaTree(w, f.machine, abs);
  // What the image's own disk still shows there is hidden, as an overlay's whiteout does.
  if (typeof nodeAt(w, f, abs, true) !== "string") w = setMeta(w, f.machine, abs, { kind: "gone" });
  return w;
}

/** The paths under a directory, depth first (parents before children), bounded. */
export function walk(world: World, f: FsCtx, abs: string): string[] {
  const out: string[] = [];
  const visit = (p: string, depth: number) => {
    if (out.length >= MAX_TREE || depth > 32) return;
    const n = nodeAt(world, f, p, true);
    if (typeof n === "string") return;
    out.push(p);
    if (n.stat.type === "dir" && n.list)
      for (const name of n.list()) visit(p === "/" ? `/${name}` : `${p}/${name}`, depth + 1);
  };
  visit(abs, 0);
  return out;
}

/** Copies `src` (a file, a link's target, or with `recursive` a whole directory) to the new path `dst`. */
export function copyTree(world: World, f: FsCtx, src: string, dst: string, keepLinks: boolean): World {
  let w = world;
  for (const p of walk(world, f, src)) {
    const to = dst + p.slice(src.length);
    const n = nodeAt(world, f, p, keepLinks || p !== src);
    if (typeof n === "string") continue;
    if (n.stat.type === "dir") w = makeDir(w, f, to, n.stat.mode & 0o7777);
    else if (n.stat.type === "link") w = makeLink(w, f, to, n.stat.target ?? "");
    else {
      const r = n.read ? n.read() : { text: "" };
      w = writeText(
        w,
        f,
        to,
        "text" in r ? r.text : "",
        (n.stat.mode & 0o7777) === 0o644 ? undefined : n.stat.mode & 0o7777,
      );
    }
  }
  return w;
}

export const ERRNO: Readonly<Record<string, string>> = {
  ENOENT: "No such file or directory",
  ENOTDIR: "Not a directory",
  EEXIST: "File exists",
  EISDIR: "Is a directory",
  ENOTEMPTY: "Directory not empty",
  EACCES: "Permission denied",
  EPERM: "Operation not permitted",
  ELOOP: "Too many levels of symbolic links",
  EROFS: "Read-only file system",
};

export function why(errno: string): string {
  return ERRNO[errno] ?? errno;
}

/** Splits argv into option letters and operands (`--` ends options; a lone `-` is an operand). */
export function splitArgs(argv: readonly string[]): { flags: string; longs: string[]; operands: string[] } {
  let flags = "";
  const longs: string[] = [];
  const operands: string[] = [];
  let done = false;
  for (const a of argv.slice(1)) {
    if (done || a === "-" || !a.startsWith("-")) operands.push(a);
    else if (a === "--") done = true;
    else if (a.startsWith("--")) longs.push(a);
    else flags += a.slice(1);
  }
  return { flags, longs, operands };
}
