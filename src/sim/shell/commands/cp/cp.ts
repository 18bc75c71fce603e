/**
 * `cp [-rav] SRC... DEST` and `mv [-v] SRC... DEST` (one walk: mv is a copy that
 * removes its source, as across file systems), GNU's or busybox's words.
 */
import type { World } from "../../../world.ts";
import type { Command, CommandContext, CommandResult } from "../../command.ts";
import { usage } from "../../lib/busybox-usage.ts";
import { absIn, baseOf, copyTree, fsCtx, nodeAt, parentOf, removeTree, splitArgs, walk, why } from "../../lib/fsops.ts";

type Tool = "cp" | "mv";

function fail(ctx: CommandContext, stderr: string): CommandResult {
  return { world: ctx.world, stdout: "", stderr, exitCode: 1 };
}

function transfer(tool: Tool, argv: readonly string[], ctx: CommandContext): CommandResult {
  const f = fsCtx(ctx, tool);
  const { flags, longs, operands } = splitArgs(argv);
  const recursive =
    tool === "mv" || /[rRa]/.test(flags) || longs.includes("--recursive") || longs.includes("--archive");
  const verbose = flags.includes("v") || longs.includes("--verbose");
  const noClobber = flags.includes("n") || longs.includes("--no-clobber");
  const keepLinks = tool === "mv" || flags.includes("a") || flags.includes("P") || flags.includes("d");
  if (operands.length < 2) {
    if (f.bb) return fail(ctx, usage(tool));
    if (operands.length === 0)
      return fail(ctx, `${tool}: missing file operand\nTry '${tool} --help' for more information.\n`);
    return fail(
      ctx,
      `${tool}: missing destination file operand after '${operands[0]}'\nTry '${tool} --help' for more information.\n`,
    );
  }
  const dest = operands[operands.length - 1]!;
  const sources = operands.slice(0, -1);
  const destAbs = absIn(f, dest);
  const destNode = nodeAt(ctx.world, f, destAbs);
  const intoDir = typeof destNode !== "string" && destNode.stat.type === "dir";
  if (sources.length > 1 && !intoDir && !f.bb)
    return fail(ctx, `${tool}: target '${dest}': ${why(typeof destNode === "string" ? destNode : "ENOTDIR")}\n`);
  let w: World = ctx.world;
  let stdout = "";
  let stderr = "";
  for (const src of sources) {
    const srcAbs = absIn(f, src);
    const node = nodeAt(w, f, srcAbs, keepLinks);
    const shown = intoDir || sources.length > 1 ? (dest.endsWith("/") ? dest : dest + "/") + baseOf(src) : dest;
    const target = intoDir || sources.length > 1 ? absIn(f, shown) : destAbs;
    if (typeof node === "string") {
      if (tool === "mv")
        stderr += f.bb ? `mv: can't rename '${src}': ${why(node)}\n` : `mv: cannot stat '${src}': ${why(node)}\n`;
      else stderr += f.bb ? `cp: can't stat '${src}': ${why(node)}\n` : `cp: cannot stat '${src}': ${why(node)}\n`;
      continue;
    }
    if (sources.length > 1 && !intoDir) {
      stderr += `${tool}: can't stat '${shown}': Not a directory\n`;
      continue;
    }
    if (node.stat.type === "dir" && !recursive) {
      stderr += f.bb ? `cp: omitting directory '${src}'\n` : `cp: -r not specified; omitting directory '${src}'\n`;
      continue;
    }
    if (target === srcAbs) {
      stderr += f.bb
        ? `${tool}: '${src}' and '${shown}' are the same file\n`
        : `${tool}: '${src}' and '${shown}' are the same file\n`;
      continue;
    }
    if (node.stat.type === "dir" && (target + "/").startsWith(srcAbs + "/")) {
      stderr += f.bb
        ? `${tool}: can't ${tool === "cp" ? "copy" : "move"} a directory into itself\n`
        : `${tool}: cannot ${tool === "cp" ? "copy" : "move"} '${src}' to a subdirectory of itself, '${shown}'\n`;
      continue;
    }
    const there = nodeAt(w, f, target, true);
    if (typeof there !== "string" && noClobber) continue;
    const parent = nodeAt(w, f, parentOf(target));
    if (typeof parent === "string" || parent.stat.type !== "dir" || /^\/(proc|sys)(\/|$)/.test(target)) {
      const errno = typeof parent === "string" ? parent : parent.stat.type !== "dir" ? "ENOTDIR" : "EACCES";
      if (tool === "mv")
        stderr += f.bb
          ? `mv: can't rename '${src}': ${why(errno)}\n`
          : `mv: cannot move '${src}' to '${shown}': ${why(errno)}\n`;
      else if (f.bb) stderr += `cp: can't create '${shown}': ${why(errno)}\n`;
      else
        stderr += `cp: cannot create ${node.stat.type === "dir" ? "directory" : "regular file"} '${shown}': ${why(errno)}\n`;
      continue;
    }
    if (typeof there !== "string" && there.stat.type === "dir" && node.stat.type !== "dir") {
      stderr += f.bb
        ? `${tool}: can't create '${shown}': Is a directory\n`
        : `${tool}: cannot overwrite directory '${shown}' with non-directory\n`;
      continue;
    }
    if (verbose) {
      const paths = tool === "cp" ? walk(w, f, srcAbs) : [srcAbs];
      for (const p of paths) {
        const from = src + p.slice(srcAbs.length);
        const to = shown + p.slice(srcAbs.length);
        stdout += tool === "mv" && !f.bb ? `renamed '${from}' -> '${to}'\n` : `'${from}' -> '${to}'\n`;
      }
    }
    if (typeof there !== "string" && there.stat.type !== "dir") w = removeTree(w, f, target);
    w = copyTree(w, f, srcAbs, target, keepLinks);
    if (tool === "mv") w = removeTree(w, f, srcAbs);
  }
  return { world: w, stdout, stderr, exitCode: stderr ? 1 : 0 };
}

export const cp: Command = (argv, ctx) => transfer("cp", argv, ctx);
export const mv: Command = (argv, ctx) => transfer("mv", argv, ctx);
