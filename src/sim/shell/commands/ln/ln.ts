/**
 * `ln [-sfv] TARGET [LINK]`: a symbolic link stores its target as typed; a hard link
 * is kept as a copy of the file (the lab's files have no inodes to share).
 */
import type { World } from "../../../world.ts";
import type { Command } from "../../command.ts";
import { usage } from "../../lib/busybox-usage.ts";
import {
  absIn,
  baseOf,
  copyTree,
  fsCtx,
  makeLink,
  nodeAt,
  parentOf,
  removeTree,
  splitArgs,
  why,
} from "../../lib/fsops.ts";

export const ln: Command = (argv, ctx) => {
  const f = fsCtx(ctx, "ln");
  const { flags, longs, operands } = splitArgs(argv);
  const symbolic = flags.includes("s") || longs.includes("--symbolic");
  const force = flags.includes("f") || longs.includes("--force");
  const verbose = flags.includes("v") || longs.includes("--verbose");
  const fail = (stderr: string) => ({ world: ctx.world, stdout: "", stderr, exitCode: 1 });
  if (operands.length === 0 || (f.bb && operands.length < 2))
    return fail(f.bb ? usage("ln") : "ln: missing file operand\nTry 'ln --help' for more information.\n");
  const target = operands[0]!;
  const link = operands[1] ?? baseOf(target);
  const linkNode = nodeAt(ctx.world, f, absIn(f, link));
  const intoDir =
    operands.length > 1 && typeof linkNode !== "string" && linkNode.stat.type === "dir" && !flags.includes("n");
  const shown = intoDir ? (link.endsWith("/") ? link : link + "/") + baseOf(target) : link;
  const abs = absIn(f, shown);
  let w: World = ctx.world;
  if (!symbolic) {
    const src = nodeAt(w, f, absIn(f, target));
    if (typeof src === "string")
      return fail(f.bb ? `ln: ${target}: ${why(src)}\n` : `ln: failed to access '${target}': ${why(src)}\n`);
    if (src.stat.type === "dir")
      return fail(
        f.bb ? `ln: ${target}: Operation not permitted\n` : `ln: ${target}: hard link not allowed for directory\n`,
      );
  }
  const kind = symbolic ? "symbolic link" : "hard link";
  if (typeof nodeAt(w, f, abs, true) !== "string") {
    if (!force)
      return fail(f.bb ? `ln: ${shown}: File exists\n` : `ln: failed to create ${kind} '${shown}': File exists\n`);
    w = removeTree(w, f, abs);
  }
  const parent = nodeAt(w, f, parentOf(abs));
  if (typeof parent === "string")
    return fail(f.bb ? `ln: ${shown}: ${why(parent)}\n` : `ln: failed to create ${kind} '${shown}': ${why(parent)}\n`);
  w = symbolic ? makeLink(w, f, abs, target) : copyTree(w, f, absIn(f, target), abs, false);
  const stdout = verbose ? (symbolic ? `'${shown}' -> '${target}'\n` : `'${shown}' => '${target}'\n`) : "";
  return { world: w, stdout, stderr: "", exitCode: 0 };
};
