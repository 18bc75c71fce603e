/**
 * `less` (Debian's less 590, or busybox's): the lab's terminal cannot page, and output
 * into a pipe is not a terminal, where less copies its input as cat does.
 */
import type { Command, CommandResult } from "../../command.ts";
import { type CommandModule, FREE } from "../../spec.ts";
import { openEach } from "../../lib/files.ts";
import { isBusybox, machineOf } from "../../machine.ts";

const less: Command = (argv, ctx): CommandResult => {
  const bb = isBusybox(machineOf(ctx.world, ctx.session), "less");
  const files = argv.slice(1).filter((a) => !a.startsWith("-") || a === "-");
  let stdout = "";
  let stderr = "";
  for (const f of openEach(ctx, files)) {
    if (f.text === undefined) stderr += bb ? `less: can't open '${f.name}': ${f.why}\n` : `${f.name}: ${f.why}\n`;
    else stdout += f.text;
  }
  return { world: ctx.world, stdout, stderr, exitCode: stderr && !stdout ? 1 : 0 };
};

export const COMMAND: CommandModule = { spec: { name: "less", summary: "opposite of more", args: [FREE] }, run: less };
