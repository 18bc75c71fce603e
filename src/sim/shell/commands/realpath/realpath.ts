/** `realpath [-e|-m|-s] FILE...`: links resolved; by default only the last component may be missing. */
import type { Command } from "../../command.ts";
import { usage } from "../../lib/busybox-usage.ts";
import { absIn, baseOf, fsCtx, parentOf, splitArgs, viewIn, why } from "../../lib/fsops.ts";
import { lookup } from "../../lib/vfs.ts";

export const realpath: Command = (argv, ctx) => {
  const f = fsCtx(ctx, "realpath");
  const { flags, longs, operands } = splitArgs(argv);
  if (operands.length === 0)
    return {
      world: ctx.world,
      stdout: "",
      stderr: f.bb ? usage("realpath") : "realpath: missing operand\nTry 'realpath --help' for more information.\n",
      exitCode: 1,
    };
  const existing = flags.includes("e") || longs.includes("--canonicalize-existing");
  const missing = flags.includes("m") || longs.includes("--canonicalize-missing");
  const noLinks = flags.includes("s") || longs.includes("--no-symlinks");
  const view = viewIn(f, ctx.world);
  let stdout = "";
  let stderr = "";
  for (const name of operands) {
    const abs = absIn(f, name);
    if (noLinks || missing) {
      stdout += abs + "\n";
      continue;
    }
    const r = lookup(view, abs);
    if (!("error" in r)) {
      stdout += r.path + "\n";
      continue;
    }
    const up = lookup(view, parentOf(abs));
    if (!existing && r.error === "ENOENT" && !("error" in up) && up.node.stat.type === "dir") {
      stdout += (up.path === "/" ? "" : up.path) + "/" + baseOf(abs) + "\n";
      continue;
    }
    const errno = "error" in up || existing ? r.error : "ENOTDIR";
    stderr += `realpath: ${name}: ${why(errno)}\n`;
  }
  return { world: ctx.world, stdout, stderr, exitCode: stderr ? 1 : 0 };
};
