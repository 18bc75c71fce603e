/** `tee [-a] FILE...`: stdin to stdout and to each file (written through the shell's files, bounded as redirections are). */
import type { Command, CommandResult } from "../../command.ts";
import { openForWrite, writeTo } from "../../redirect.ts";
import { machineOf, shellOf } from "../../machine.ts";

export const tee: Command = (argv, ctx): CommandResult => {
  let append = false;
  const files: string[] = [];
  for (const a of argv.slice(1)) {
    if (/^-[ai]+$/.test(a)) append ||= a.includes("a");
    else if (a === "--append") append = true;
    else files.push(a);
  }
  const where = machineOf(ctx.world, ctx.session);
  const shell = shellOf(ctx.session, where);
  let w = ctx.world;
  let stderr = "";
  for (const f of files) {
    const opened = openForWrite(w, ctx.session, where, f, append);
    if (opened.error) {
      stderr += `tee: ${f}: ${opened.error}\n`;
      continue;
    }
    w = opened.world;
    const written = writeTo(w, ctx.session, opened.path, ctx.stdin, "tee", shell);
    w = written.world;
    if (written.error) stderr += written.error;
  }
  // tee opens its files before it copies anything: their errors come first.
  const output = [
    { stream: "stderr" as const, text: stderr },
    { stream: "stdout" as const, text: ctx.stdin },
  ].filter((c) => c.text !== "");
  return { world: w, stdout: ctx.stdin, stderr, exitCode: stderr ? 1 : 0, output };
};
