/** `rm [-rfv] FILE...`: files, and with -r whole directories; the views of kernel state cannot go. */
import type { World } from "../../../world.ts";
import type { Command } from "../../command.ts";
import { readOnlyAt } from "../../../kernel/mounts.ts";
import { absIn, fsCtx, mountPoint, nodeAt, removeTree, splitArgs, walk, why } from "../../lib/fsops.ts";

export const rm: Command = (argv, ctx) => {
  const f = fsCtx(ctx, "rm");
  const { flags, longs, operands } = splitArgs(argv);
  const force = flags.includes("f") || longs.includes("--force");
  const recursive = /[rR]/.test(flags) || longs.includes("--recursive");
  const dirs = flags.includes("d") || longs.includes("--dir");
  const verbose = flags.includes("v") || longs.includes("--verbose");
  if (operands.length === 0)
    return force
      ? { world: ctx.world, stdout: "", stderr: "", exitCode: 0 }
      : {
          world: ctx.world,
          stdout: "",
          stderr: "rm: missing operand\nTry 'rm --help' for more information.\n",
          exitCode: 1,
        };
  let w: World = ctx.world;
  let stdout = "";
  let stderr = "";
  for (const a of operands) {
    const abs = absIn(f, a);
    const node = nodeAt(w, f, abs, true);
    if (typeof node === "string") {
      if (!force)
        stderr += f.bb ? `rm: can't remove '${a}': ${why(node)}\n` : `rm: cannot remove '${a}': ${why(node)}\n`;
      continue;
    }
    if (abs === "/" && recursive) {
      stderr +=
        "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n";
      continue;
    }
    const isDir = node.stat.type === "dir";
    if (isDir && !recursive && !(dirs && (node.list?.() ?? []).length === 0)) {
      stderr += f.bb ? `rm: '${a}' is a directory\n` : `rm: cannot remove '${a}': Is a directory\n`;
      continue;
    }
    if (mountPoint(f, abs)) {
      // rm -r empties a mounted directory before its rmdir meets EBUSY.
      if (isDir && recursive)
        for (const n of node.list?.() ?? []) w = removeTree(w, f, abs === "/" ? `/${n}` : `${abs}/${n}`);
      stderr += f.bb
        ? `rm: can't remove '${a}': Device or resource busy\n`
        : `rm: cannot remove '${a}': Device or resource busy\n`;
      continue;
    }
    if (readOnlyAt(w, f.machine, abs)) {
      stderr += f.bb ? `rm: can't remove '${a}': ${why("EROFS")}\n` : `rm: cannot remove '${a}': ${why("EROFS")}\n`;
      continue;
    }
    if (/^\/(proc|sys)(\/|$)/.test(abs)) {
      stderr += f.bb
        ? `rm: can't remove '${a}': Operation not permitted\n`
        : `rm: cannot remove '${a}': Operation not permitted\n`;
      continue;
    }
    if (verbose)
      for (const p of walk(w, f, abs).reverse()) {
        const n = nodeAt(w, f, p, true);
        const shown = a + p.slice(abs.length);
        const dir = typeof n !== "string" && n.stat.type === "dir";
        stdout += dir ? `removed directory${f.bb ? ":" : ""} '${shown}'\n` : `removed '${shown}'\n`;
      }
    w = removeTree(w, f, abs);
  }
  return { world: w, stdout, stderr, exitCode: stderr ? 1 : 0 };
};
