/** `mktemp [-d] [-u] [-p DIR] [TEMPLATE]`: the X's drawn from the world's seeded source; file 0600, directory 0700. */
import { nextInt } from "../../../rng.ts";
import type { Command } from "../../command.ts";
import { absIn, creatable, fsCtx, makeDir, why, writeText } from "../../lib/fsops.ts";

const CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export const mktemp: Command = (argv, ctx) => {
  const f = fsCtx(ctx, "mktemp");
  let dir = false;
  let dry = false;
  let quiet = false;
  let tmpdir: string | undefined;
  let template: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-p" || a === "--tmpdir") tmpdir = argv[++i] ?? "/tmp";
    else if (a.startsWith("--tmpdir=")) tmpdir = a.slice(9);
    else if (a === "--directory") dir = true;
    else if (a === "--dry-run") dry = true;
    else if (/^-[duqt]+$/.test(a)) {
      dir ||= a.includes("d");
      dry ||= a.includes("u");
      quiet ||= a.includes("q");
      if (a.includes("t")) tmpdir ??= "/tmp";
    } else template = a;
  }
  const fail = (stderr: string) => ({ world: ctx.world, stdout: "", stderr: quiet ? "" : stderr, exitCode: 1 });
  const base = template ?? (f.bb ? "tmp.XXXXXX" : "tmp.XXXXXXXXXX");
  const xs = /X*$/.exec(base)![0].length;
  if (xs < (f.bb ? 6 : 3))
    return fail(f.bb ? `mktemp: ${base}: Invalid argument\n` : `mktemp: too few X's in template ‘${base}’\n`);
  const inDir = template === undefined || tmpdir !== undefined ? (tmpdir ?? "/tmp").replace(/\/+$/, "") + "/" : "";
  let rng = ctx.world.rng;
  let suffix = "";
  for (let i = 0; i < xs; i++) {
    let n: number;
    [n, rng] = nextInt(rng, 0, CHARS.length - 1);
    suffix += CHARS[n];
  }
  const name = inDir + base.slice(0, base.length - xs) + suffix;
  let w = { ...ctx.world, rng };
  if (!dry) {
    const abs = absIn(f, name);
    const errno = creatable(w, f, abs);
    if (errno)
      return fail(
        f.bb
          ? `mktemp: ${why(errno)}\n`
          : `mktemp: failed to create ${dir ? "directory" : "file"} via template ‘${inDir}${base}’: ${why(errno)}\n`,
      );
    w = dir ? makeDir(w, f, abs, 0o700) : writeText(w, f, abs, "", 0o600);
  }
  return { world: w, stdout: name + "\n", stderr: "", exitCode: 0 };
};
