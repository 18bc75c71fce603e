/** `who`: show who is logged on (nobody: the lab's terminals are not login sessions in utmp, as the oracle's are not). */
import type { Command } from "../../command.ts";
import { flag, type CommandModule, FREE } from "../../spec.ts";

const who: Command = (_argv, ctx) => ({ world: ctx.world, stdout: "", stderr: "", exitCode: 0 });

export const COMMAND: CommandModule = {
  spec: { name: "who", summary: "show who is logged on", options: [flag("-b"), flag("-a"), flag("-q")], args: [FREE] },
  run: who,
};
