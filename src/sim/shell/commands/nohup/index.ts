/**
 * `nohup` (GNU coreutils 9.1): runs a command immune to hangups. With its output not a
 * terminal (a pipe, a file, the oracle's transcript) it only runs the command; the
 * lab does not move a terminal's output into nohup.out.
 */
import type { Command, CommandResult } from "../../command.ts";
import { type CommandModule, FREE } from "../../spec.ts";
import { canExec, execArgv, fromChunks } from "../../lib/exec.ts";

const nohup: Command = (argv, ctx): CommandResult => {
  const args = argv.slice(1)[0] === "--" ? argv.slice(2) : argv.slice(1);
  if (args.length === 0)
    return {
      world: ctx.world,
      stdout: "",
      stderr: "nohup: missing operand\nTry 'nohup --help' for more information.\n",
      exitCode: 125,
    };
  if (!canExec(ctx, args[0]!))
    return {
      world: ctx.world,
      stdout: "",
      stderr: `nohup: failed to run command '${args[0]}': No such file or directory\n`,
      exitCode: 127,
    };
  const r = execArgv(ctx, ctx.world, args);
  return fromChunks(r.world, r.output, r.exitCode);
};

export const COMMAND: CommandModule = {
  spec: { name: "nohup", summary: "run a command immune to hangups", args: [FREE] },
  run: nohup,
};
