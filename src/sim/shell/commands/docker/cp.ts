/**
 * `docker cp`: files and directories between the host and a container's file system,
 * in either direction, as CLI 26/28 and the daemon do it: the CLI resolves the local
 * side and decides, from both sides' stat, where the tar stream is extracted; the
 * daemon answers for the container's side (`Could not find the file ... in container`).
 * A container need not be running. The copy is silent unless stdout is a terminal,
 * where the CLI ends with `Successfully copied 2.05kB to web:/tmp/`.
 */
import { profileOf } from "../../../docker/engine/index.ts";
import { findContainer } from "../../../docker/lookup.ts";
import { netnsOfContainer } from "../../../docker/shared-netns.ts";
import { humanSize } from "../../../docker/images.ts";
import type { Container } from "../../../docker/types.ts";
import { writeFile } from "../../../kernel/files.ts";
import { mountsOf } from "../../../kernel/mounts.ts";
import { byteLength } from "../../../kernel/stack/packet.ts";
import type { World } from "../../../world.ts";
import type { CommandContext, CommandResult, Session } from "../../command.ts";
import { absolutePath, lookup, viewOf, type FsView, type VNode } from "../../lib/vfs.ts";
import { normalizePath } from "../../vars.ts";
import { argsError, flagError } from "./cli-texts.ts";
import { flag, parseFlags } from "./flags.ts";
import { CP, flagsOf } from "./spec.ts";
import { readTar, tarStream } from "./tar.ts";

/** At most this many entries are copied from one directory tree (the lab's bound). */
const MAX_ENTRIES = 2000;

/** A tree as the tar stream carries it: each path below the copied root, a file's text or null for a directory. */
type Entry = { readonly rel: string; readonly text: string | null; readonly mode: number; readonly mtime: number };

const fail = (world: World, stderr: string): CommandResult => ({ world, stdout: "", stderr, exitCode: 1 });
const daemon = (world: World, text: string) => fail(world, `Error response from daemon: ${text}\n`);

/** `CONTAINER:PATH` or a local path: an absolute path, or one whose part before `:` starts with a dot, is local. */
function splitCpArg(arg: string): { ctr: string; path: string } {
  if (arg.startsWith("/")) return { ctr: "", path: arg };
  const i = arg.indexOf(":");
  if (i < 0 || arg.startsWith(".")) return { ctr: "", path: arg };
  return { ctr: arg.slice(0, i), path: arg.slice(i + 1) };
}

/** filepath.Abs with archive.PreserveTrailingDotOrSeparator: `/root/` and `/root/.` keep their meaning. */
function localPath(view: FsView, path: string): string {
  const abs = absolutePath(view, path);
  if (path.endsWith("/.") || path === ".") return abs === "/" ? "/." : abs + "/.";
  if (path.endsWith("/") && abs !== "/") return abs + "/";
  return abs;
}

/** A path in the container, as the daemon resolves it against the container's root. */
function containerPath(path: string): string {
  return normalizePath("/", path);
}

/** The session that sees a container's file system (its files are kept under the namespace its processes use). */
function containerView(world: World, c: Container): FsView {
  const session: Session = { machine: netnsOfContainer(c), container: c.id, noTty: true };
  return viewOf(world, session);
}

function fsKey(c: Container): string {
  return netnsOfContainer(c);
}

/** A tree's entries in tar order (the root first, then each directory's names); only the disk's files and directories. */
function collect(node: VNode, rel: string, out: Entry[]): void {
  if (out.length >= MAX_ENTRIES) return;
  const { mode, mtime } = node.stat;
  if (node.stat.type === "file" && node.stat.fs === "disk") {
    const r = node.read?.();
    out.push({ rel, text: r && "text" in r ? r.text : "", mode, mtime });
  } else if (node.stat.type === "dir") {
    out.push({ rel, text: null, mode, mtime });
    if (node.stat.fs !== "disk") return;
    for (const name of node.list?.() ?? []) {
      const child = node.child?.(name);
      if (child) collect(child, rel === "" ? name : `${rel}/${name}`, out);
    }
  }
}

/** The size of the tar stream that carries the entries: a 512-byte header each, data in 512-byte blocks, two zero blocks. */
function tarSize(entries: readonly Entry[]): number {
  let n = 1024;
  for (const e of entries) n += 512 + (e.text === null ? 0 : Math.ceil(byteLength(e.text) / 512) * 512);
  return n;
}

/** Writes the entries under `dest` on the machine whose files `key` names; directories leave a marker (`dir/`). */
function extract(world: World, key: string, dest: string, entries: readonly Entry[]): World {
  let w = world;
  for (const e of entries) {
    const path = e.rel === "" ? dest : dest === "/" ? `/${e.rel}` : `${dest}/${e.rel}`;
    if (path === "/") continue;
    w = e.text === null ? writeFile(w, key, path + "/", "") : writeFile(w, key, path, e.text);
  }
  return w;
}

const base = (p: string) => p.slice(p.lastIndexOf("/") + 1);
const parent = (p: string) => (p.lastIndexOf("/") <= 0 ? "/" : p.slice(0, p.lastIndexOf("/")));

/**
 * Where the copy lands (archive.CopyInfoDestinationPath / PrepareArchiveCopy): into an
 * existing directory under the source's name (its contents for `SRC/.`), over an existing
 * file, or as a new name in an existing parent. `null`: the CLI's own refusal.
 */
function destination(
  dst: string,
  dstNode: VNode | undefined,
  srcName: string,
  srcIsDir: boolean,
  contentsOnly: boolean,
): { path: string } | { error: string } {
  const clean = normalizePath("/", dst);
  if (dstNode?.stat.type === "dir")
    return { path: contentsOnly ? clean : clean === "/" ? `/${srcName}` : `${clean}/${srcName}` };
  if (dstNode) return srcIsDir ? { error: "cannot copy directory" } : { path: clean };
  if (dst.endsWith("/")) return { error: "no such directory" };
  return { path: clean };
}

export function dockerCp(argv: readonly string[], ctx: CommandContext): CommandResult {
  const { world } = ctx;
  const p = parseFlags(argv, flagsOf(CP));
  if (!p.ok) return flagError(world, "cp", p.error);
  const args = p.parsed.args;
  if (args.length !== 2) return argsError(world, "cp", { kind: "exact", n: 2 });
  if (args[0] === "") return fail(world, "source can not be empty\n");
  if (args[1] === "") return fail(world, "destination can not be empty\n");
  const src = splitCpArg(args[0]!);
  const dst = splitCpArg(args[1]!);
  if (src.ctr !== "" && dst.ctr !== "") return fail(world, "copying between containers is not supported\n");
  if (src.ctr === "" && dst.ctr === "") return fail(world, "must specify at least one container source\n");
  const quiet = flag(p.parsed, "--quiet") || !ctx.stdoutTty;
  return src.ctr !== ""
    ? fromContainer(ctx, src.ctr, src.path, dst.path, quiet)
    : toContainer(ctx, src.path, dst.ctr, dst.path, quiet);
}

function fromContainer(
  ctx: CommandContext,
  ref: string,
  srcPath: string,
  dstArg: string,
  quiet: boolean,
): CommandResult {
  const { world } = ctx;
  const host = viewOf(world, ctx.session);
  const toStdout = dstArg === "-";
  const dst = toStdout ? "-" : localPath(host, dstArg);
  // command.ValidateOutputPath: the destination's directory must exist.
  const dir = parent(normalizePath("/", dst));
  const dirNode = lookup(host, dir);
  if (!toStdout && "error" in dirNode) return fail(world, `invalid output path: directory "${dir}" does not exist\n`);
  const c = findContainer(world, ref);
  if (!c) return daemon(world, `No such container: ${ref}`);
  const cpath = containerPath(srcPath);
  const found = lookup(containerView(world, c), cpath);
  if ("error" in found) return daemon(world, `Could not find the file ${cpath} in container ${ref}`);
  // A trailing slash asks for a directory: the daemon's lstat of a file fails so.
  if (/\/\.?$/.test(srcPath) && found.node.stat.type !== "dir")
    return daemon(world, `lstat ${srcPath.replace(/\/\.$/, "/")}: not a directory`);
  const entries: Entry[] = [];
  collect(found.node, "", entries);
  if (toStdout) {
    const root = base(cpath) || "/";
    const named = entries.map((e) => ({ ...e, name: e.rel === "" ? root : `${root}/${e.rel}` }));
    return { world, stdout: tarStream(named), stderr: "", exitCode: 0 };
  }
  const dstFound = lookup(host, normalizePath("/", dst));
  const notDir = !("error" in dstFound) && dst.endsWith("/") && dstFound.node.stat.type !== "dir";
  if (notDir || ("error" in dstFound && dstFound.error === "ENOTDIR"))
    return fail(world, `stat ${dst}: not a directory\n`);
  const dstNode = "error" in dstFound ? undefined : dstFound.node;
  const where = destination(dst, dstNode, base(cpath) || "/", found.node.stat.type === "dir", srcPath.endsWith("/."));
  if ("error" in where) return fail(world, where.error + "\n");
  const w = extract(world, host.fsKey, where.path, entries);
  const stderr = quiet ? "" : `Successfully copied ${humanSize(tarSize(entries), 3)} to ${dst}\n`;
  return { world: w, stdout: "", stderr, exitCode: 0 };
}

function toContainer(ctx: CommandContext, srcArg: string, ref: string, dstPath: string, quiet: boolean): CommandResult {
  const { world } = ctx;
  const host = viewOf(world, ctx.session);
  const src = srcArg === "-" ? "-" : localPath(host, srcArg);
  const c = findContainer(world, ref);
  if (src === "-") return fromStdin(ctx, c, ref, dstPath);
  const view = c ? containerView(world, c) : undefined;
  const cpath = containerPath(dstPath);
  // The CLI stats the destination first and ignores a failure (no container, no file).
  const stat = view ? lookup(view, cpath) : undefined;
  // A trailing `/` on what is not a directory fails the stat (ENOTDIR), as if nothing were there.
  const statted = stat && !("error" in stat) ? stat.node : undefined;
  const dstNode = statted && dstPath.endsWith("/") && statted.stat.type !== "dir" ? undefined : statted;
  const srcFound = lookup(host, normalizePath("/", src), true);
  if ("error" in srcFound) return fail(world, `lstat ${src.replace(/\/\.?$/, "") || "/"}: no such file or directory\n`);
  if (/\/\.?$/.test(src) && srcFound.node.stat.type !== "dir") return fail(world, "not a directory\n");
  const entries: Entry[] = [];
  collect(srcFound.node, "", entries);
  const srcName = base(normalizePath("/", src)) || "/";
  const where = destination(dstPath, dstNode, srcName, srcFound.node.stat.type === "dir", src.endsWith("/."));
  if ("error" in where) {
    const time = new Date(world.clock).toISOString().replace(/\.\d+Z$/, "Z");
    // 28's tar writer finds its pipe closed when the CLI gave up before it was done (seen with no container
    // to stat, and with a directory to pack); 26 says nothing.
    const race =
      c && srcFound.node.stat.type !== "dir"
        ? ""
        : profileOf(world.docker).cli.cpAbandoned(normalizePath("/", src), time);
    return fail(world, race + where.error + "\n");
  }
  if (!c || !view) return daemon(world, `No such container: ${ref}`);
  // The daemon extracts into the parent of a new name, which must be a directory there.
  const into = dstNode?.stat.type === "dir" ? normalizePath("/", dstPath) : parent(where.path);
  const target = lookup(view, into);
  if ("error" in target) return daemon(world, `Could not find the file ${into} in container ${ref}`);
  if (target.node.stat.type !== "dir") return daemon(world, "extraction point is not a directory");
  // Extracting over a device (`/dev/null`) writes into it: nothing stays.
  if (dstNode && dstNode.stat.type !== "dir" && dstNode.stat.type !== "file")
    return { world, stdout: "", stderr: "", exitCode: 0 };
  // The daemon unlinks a file it replaces; a file bind-mounted there cannot be (EBUSY).
  if (dstNode && dstNode.stat.type !== "dir" && mountsOf(world, fsKey(c)).some((m) => m.target === where.path))
    return daemon(world, profileOf(world.docker).cli.cpBusy(where.path));
  const w = extract(world, fsKey(c), where.path, entries);
  const stderr = quiet ? "" : `Successfully copied ${humanSize(tarSize(entries), 3)} to ${ref}:${dstPath}\n`;
  return { world: w, stdout: "", stderr, exitCode: 0 };
}

/**
 * `docker cp - CONTAINER:DIR`: the tar stream on stdin is extracted into the container's
 * directory. The CLI stats the destination first: anything but a directory there (no
 * such path, no such container) it refuses itself.
 */
function fromStdin(ctx: CommandContext, c: Container | undefined, ref: string, dstPath: string): CommandResult {
  const { world } = ctx;
  const cpath = containerPath(dstPath);
  const target = c ? lookup(containerView(world, c), cpath) : undefined;
  if (!c || !target || "error" in target || target.node.stat.type !== "dir")
    return fail(world, `destination "${ref}:${dstPath}" must be a directory\n`);
  const read = readTar(ctx.stdin, MAX_ENTRIES);
  if ("error" in read) return daemon(world, read.error);
  const entries = read.entries
    .map((e) => ({ rel: normalizePath("/", e.name).slice(1), text: e.text, mode: e.mode, mtime: e.mtime }))
    .filter((e) => e.rel !== "");
  return { world: extract(world, fsKey(c), cpath, entries), stdout: "", stderr: "", exitCode: 0 };
}
