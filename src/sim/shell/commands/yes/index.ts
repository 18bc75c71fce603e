/** `yes`: print a line over and over (as many as the lab lets one command print, for a pipe to cut). */
import type { Command } from "../../command.ts";
import { LIMITS } from "../../../limits.ts";
import { type CommandModule, FREE } from "../../spec.ts";

const yes: Command = (argv, ctx) => {
  const line = (argv.length > 1 ? argv.slice(1).join(" ") : "y") + "\n";
  // Infinite on a real system; the reader (head, a loop) takes what it needs of this many.
  const times = Math.max(1, Math.min(LIMITS.maxOutputLines, Math.floor(LIMITS.maxOutputBytes / line.length)));
  return { world: ctx.world, stdout: line.repeat(times), stderr: "", exitCode: 0 };
};

export const COMMAND: CommandModule = {
  spec: { name: "yes", summary: "output a string repeatedly until killed", args: [FREE] },
  run: yes,
};
