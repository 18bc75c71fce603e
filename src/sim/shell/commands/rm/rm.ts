import { isDirectory, readFile, removeFile } from "../../../kernel/files.ts";
import type { Command } from "../../command.ts";
import { resolvePath } from "../../vars.ts";

/** `rm FILE...`: only the files the lab keeps can go; the views of kernel state cannot. */
export const rm: Command = (argv, ctx) => {
  let w = ctx.world;
  let stderr = "";
  let force = false;
  for (const a of argv.slice(1)) {
    if (/^-[rfiv]+$/.test(a)) {
      force ||= a.includes("f");
      continue;
    }
    const path = resolvePath(ctx.world, ctx.session, a);
    if (isDirectory(w, ctx.session.machine, path)) {
      stderr += `rm: cannot remove '${a}': Is a directory\n`;
    } else if (readFile(w, ctx.session.machine, path) === undefined) {
      if (!force) stderr += `rm: cannot remove '${a}': No such file or directory\n`;
    } else if (path.startsWith("/proc/")) {
      stderr += `rm: cannot remove '${a}': Operation not permitted\n`;
    } else {
      w = removeFile(w, ctx.session.machine, path);
    }
  }
  if (argv.length === 1) stderr = "rm: missing operand\nTry 'rm --help' for more information.\n";
  return { world: w, stdout: "", stderr, exitCode: stderr ? 1 : 0 };
};
