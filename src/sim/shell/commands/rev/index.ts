/** `rev`: reverse each line, character by character (util-linux's, from bsdextrautils; or busybox's). */
import type { Command, CommandResult } from "../../command.ts";
import { type CommandModule, FREE } from "../../spec.ts";
import { openEach } from "../../lib/files.ts";
import { isBusybox, machineOf } from "../../machine.ts";

const rev: Command = (argv, ctx): CommandResult => {
  const bb = isBusybox(machineOf(ctx.world, ctx.session), "rev");
  let stdout = "";
  let stderr = "";
  let status = 0;
  for (const f of openEach(ctx, argv.slice(1))) {
    if (f.text === undefined) {
      stderr += bb ? `rev: ${f.name}: ${f.why}\n` : `rev: cannot open ${f.name}: ${f.why}\n`;
      status = 1;
      continue;
    }
    stdout += f.text.replace(/[^\n]+/g, (line) => [...line].reverse().join(""));
  }
  return {
    world: ctx.world,
    stdout,
    stderr,
    exitCode: status,
    output: [
      ...(stdout ? [{ stream: "stdout" as const, text: stdout }] : []),
      ...(stderr ? [{ stream: "stderr" as const, text: stderr }] : []),
    ],
  };
};

export const COMMAND: CommandModule = {
  spec: { name: "rev", summary: "reverse lines characterwise", args: [FREE] },
  run: rev,
};
