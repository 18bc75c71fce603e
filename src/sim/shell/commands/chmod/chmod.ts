/** `chmod [-Rvcf] MODE FILE...`, GNU's or busybox's words; links are followed, as chmod does. */
import type { World } from "../../../world.ts";
import type { Command } from "../../command.ts";
import { absIn, fsCtx, nodeAt, setMode, viewIn, walk, why } from "../../lib/fsops.ts";
import { lookup } from "../../lib/vfs.ts";
import { usage } from "../../lib/busybox-usage.ts";
import { modeString, parseMode } from "./mode.ts";

export const chmod: Command = (argv, ctx) => {
  const f = fsCtx(ctx, "chmod");
  let flags = "";
  const rest: string[] = [];
  for (const a of argv.slice(1)) {
    if (rest.length === 0 && /^-[Rvcf]+$/.test(a)) flags += a.slice(1);
    else if (rest.length === 0 && a === "--recursive") flags += "R";
    else if (rest.length === 0 && a === "--verbose") flags += "v";
    else rest.push(a);
  }
  const fail = (stderr: string) => ({ world: ctx.world, stdout: "", stderr, exitCode: 1 });
  const [modeText, ...files] = rest;
  if (f.bb && files.length === 0) return fail(usage("chmod"));
  if (modeText === undefined) return fail("chmod: missing operand\nTry 'chmod --help' for more information.\n");
  if (parseMode(modeText, 0o644) === undefined)
    return fail(
      f.bb
        ? `chmod: invalid mode '${modeText}'\n`
        : `chmod: invalid mode: ‘${modeText}’\nTry 'chmod --help' for more information.\n`,
    );
  if (files.length === 0)
    return fail(`chmod: missing operand after ‘${modeText}’\nTry 'chmod --help' for more information.\n`);
  let w: World = ctx.world;
  let stdout = "";
  let stderr = "";
  for (const file of files) {
    const abs = absIn(f, file);
    const r = lookup(viewIn(f, w), abs);
    if ("error" in r) {
      if (!flags.includes("f"))
        stderr += f.bb ? `chmod: ${file}: ${why(r.error)}\n` : `chmod: cannot access '${file}': ${why(r.error)}\n`;
      continue;
    }
    const targets = flags.includes("R") ? walk(w, f, r.path) : [r.path];
    for (const t of targets) {
      const n = nodeAt(w, f, t);
      if (typeof n === "string") continue;
      const before = n.stat.mode & 0o7777;
      const after = parseMode(modeText, n.stat.type === "dir" ? before | 0o40000 : before)!;
      const shown = t === r.path ? file : file + t.slice(r.path.length);
      if (/^\/(proc|sys)(\/|$)/.test(t)) {
        stderr += f.bb
          ? `chmod: ${shown}: Operation not permitted\n`
          : `chmod: changing permissions of '${shown}': Operation not permitted\n`;
        continue;
      }
      w = setMode(w, f, t, after);
      const oct = (m: number) => m.toString(8).padStart(4, "0");
      if (flags.includes("v") || (flags.includes("c") && before !== after)) {
        if (f.bb) stdout += `mode of '${shown}' changed to ${oct(after)} (${modeString(after)})\n`;
        else if (before === after) stdout += `mode of '${shown}' retained as ${oct(after)} (${modeString(after)})\n`;
        else
          stdout += `mode of '${shown}' changed from ${oct(before)} (${modeString(before)}) to ${oct(after)} (${modeString(after)})\n`;
      }
    }
  }
  return { world: w, stdout, stderr, exitCode: stderr ? 1 : 0 };
};
