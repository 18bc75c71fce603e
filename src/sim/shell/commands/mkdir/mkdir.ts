/** `mkdir [-p] [-v] [-m MODE] DIR...`, GNU's or busybox's words. */
import type { World } from "../../../world.ts";
import type { Command } from "../../command.ts";
import { absIn, creatable, fsCtx, makeDir, nodeAt, why } from "../../lib/fsops.ts";
import { parseMode } from "../chmod/mode.ts";
import { usage } from "../../lib/busybox-usage.ts";

export const mkdir: Command = (argv, ctx) => {
  const f = fsCtx(ctx, "mkdir");
  let parents = false;
  let verbose = false;
  let mode = 0o755;
  const dirs: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--parents") parents = true;
    else if (a === "--verbose") verbose = true;
    else if (/^-[pvm]+/.test(a) && !dirs.length) {
      parents ||= a.includes("p");
      verbose ||= a.includes("v");
      if (a.includes("m")) {
        const v = a.slice(a.indexOf("m") + 1) || argv[++i] || "";
        const m = parseMode(v, 0o777);
        if (m === undefined) {
          const stderr = f.bb ? `mkdir: invalid mode '${v}'\n` : `mkdir: invalid mode ‘${v}’\n`;
          return { world: ctx.world, stdout: "", stderr, exitCode: 1 };
        }
        mode = m;
      }
    } else dirs.push(a);
  }
  if (dirs.length === 0)
    return {
      world: ctx.world,
      stdout: "",
      stderr: f.bb ? usage("mkdir") : "mkdir: missing operand\nTry 'mkdir --help' for more information.\n",
      exitCode: 1,
    };
  let w: World = ctx.world;
  let stdout = "";
  let stderr = "";
  const created = (p: string, shown: string) => {
    if (verbose) stdout += f.bb ? `created directory: '${shown}'\n` : `mkdir: created directory '${shown}'\n`;
    return p;
  };
  for (const d of dirs) {
    const abs = absIn(f, d);
    if (parents) {
      // Each missing ancestor in turn, as `mkdir -p` walks the operand.
      const parts = d.split("/");
      let failed = "";
      for (let k = 1; k <= parts.length && !failed; k++) {
        if (parts[k - 1] === "" && k < parts.length) continue;
        const shown = parts.slice(0, k).join("/");
        const p = absIn(f, shown || "/");
        const here = nodeAt(w, f, p);
        if (typeof here !== "string") {
          if (here.stat.type !== "dir") failed = "EEXIST";
          continue;
        }
        const errno = creatable(w, f, p);
        if (errno) failed = errno;
        else {
          w = makeDir(w, f, p, k === parts.length ? mode : 0o755);
          created(p, f.bb && k < parts.length ? shown + "/" : shown);
        }
      }
      if (failed) stderr += cannot(f.bb, d, failed);
      continue;
    }
    const errno = creatable(w, f, abs);
    if (errno) stderr += cannot(f.bb, d, errno);
    else {
      w = makeDir(w, f, abs, mode);
      created(abs, d);
    }
  }
  return { world: w, stdout, stderr, exitCode: stderr ? 1 : 0 };
};

function cannot(bb: boolean, d: string, errno: string): string {
  return bb
    ? `mkdir: can't create directory '${d}': ${why(errno)}\n`
    : `mkdir: cannot create directory ‘${d}’: ${why(errno)}\n`;
}
