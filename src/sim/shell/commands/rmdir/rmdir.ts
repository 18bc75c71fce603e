/** `rmdir [-p] [-v] DIR...`: only empty directories go; GNU's or busybox's words. */
import type { World } from "../../../world.ts";
import type { Command } from "../../command.ts";
import { absIn, fsCtx, nodeAt, parentOf, removeTree, splitArgs, why, type FsCtx } from "../../lib/fsops.ts";
import { usage } from "../../lib/busybox-usage.ts";

function errnoOf(w: World, f: FsCtx, abs: string): string {
  const n = nodeAt(w, f, abs, true);
  if (typeof n === "string") return n;
  if (n.stat.type !== "dir") return "ENOTDIR";
  if (abs === "/" || /^\/(proc|sys|dev)(\/|$)/.test(abs)) return "EBUSY";
  if ((n.list?.() ?? []).length > 0) return "ENOTEMPTY";
  return "";
}

export const rmdir: Command = (argv, ctx) => {
  const f = fsCtx(ctx, "rmdir");
  const { flags, longs, operands } = splitArgs(argv);
  const parents = flags.includes("p") || longs.includes("--parents");
  const verbose = flags.includes("v") || longs.includes("--verbose");
  if (operands.length === 0)
    return {
      world: ctx.world,
      stdout: "",
      stderr: f.bb ? usage("rmdir") : "rmdir: missing operand\nTry 'rmdir --help' for more information.\n",
      exitCode: 1,
    };
  let w: World = ctx.world;
  let stdout = "";
  let stderr = "";
  for (const d of operands) {
    let shown = d.length > 1 ? d.replace(/\/+$/, "") : d;
    for (let step = 0; step < 64; step++) {
      const abs = absIn(f, shown);
      if (verbose) stdout += `rmdir: removing directory, '${shown}'\n`;
      const errno = errnoOf(w, f, abs);
      if (errno) {
        const text = errno === "EBUSY" ? "Device or resource busy" : why(errno);
        if (f.bb) stderr += `rmdir: '${shown}': ${text}\n`;
        else stderr += `rmdir: failed to remove ${step > 0 ? "directory " : ""}'${shown}': ${text}\n`;
        break;
      }
      w = removeTree(w, f, abs);
      if (!parents || !shown.includes("/")) break;
      const up = parentOf(shown);
      if (up === "/" || up === shown) break;
      shown = up;
    }
  }
  return { world: w, stdout, stderr, exitCode: stderr ? 1 : 0 };
};
