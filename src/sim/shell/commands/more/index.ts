/**
 * `more` (util-linux 2.38's, or busybox's): not on a terminal it copies its input; with
 * several files, or one file when its output is not a terminal, util-linux heads each
 * with its name between lines of colons.
 */
import type { Command, CommandResult } from "../../command.ts";
import { type CommandModule, FREE } from "../../spec.ts";
import { openEach } from "../../lib/files.ts";
import { isBusybox, machineOf } from "../../machine.ts";

const COLONS = "::::::::::::::";

const more: Command = (argv, ctx): CommandResult => {
  const bb = isBusybox(machineOf(ctx.world, ctx.session), "more");
  const files = argv.slice(1).filter((a) => !a.startsWith("-") || a === "-");
  let stdout = "";
  let stderr = "";
  for (const f of openEach(ctx, files)) {
    if (f.text === undefined) {
      stderr += bb ? `more: can't open '${f.name}': ${f.why}\n` : `more: cannot open ${f.name}: ${f.why}\n`;
      continue;
    }
    if (!bb && files.length > 0) stdout += `${COLONS}\n${f.name}\n${COLONS}\n`;
    stdout += f.text;
  }
  return { world: ctx.world, stdout, stderr, exitCode: stderr && !stdout ? 1 : 0 };
};

export const COMMAND: CommandModule = {
  spec: { name: "more", summary: "display the contents of a file in a terminal", args: [FREE] },
  run: more,
};
