/**
 * `setsid` (util-linux 2.38's, or busybox's): runs a program in a new session. A shell
 * script's command is no process group leader, so setsid execs it in place and its
 * status is the program's.
 */
import type { Command, CommandResult } from "../../command.ts";
import { type CommandModule, flag, FREE } from "../../spec.ts";
import { canExec, execArgv, fromChunks } from "../../lib/exec.ts";
import { isBusybox, machineOf } from "../../machine.ts";

const setsid: Command = (argv, ctx): CommandResult => {
  const bb = isBusybox(machineOf(ctx.world, ctx.session), "setsid");
  let i = 1;
  while (i < argv.length && /^-(w|c|f|-wait|-ctty|-fork)$/.test(argv[i]!)) i++;
  const args = argv.slice(i);
  if (args.length === 0)
    return bb
      ? {
          world: ctx.world,
          stdout: "",
          stderr:
            "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: setsid [-c] PROG ARGS\n\nRun PROG in a new session. PROG will have no controlling terminal\nand will not be affected by keyboard signals (^C etc).\n\n\t-c\tSet controlling terminal to stdin\n",
          exitCode: 1,
        }
      : {
          world: ctx.world,
          stdout: "",
          stderr: "setsid: no command specified\nTry 'setsid --help' for more information.\n",
          exitCode: 1,
        };
  if (!canExec(ctx, args[0]!))
    return {
      world: ctx.world,
      stdout: "",
      stderr: bb
        ? `setsid: can't execute '${args[0]}': No such file or directory\n`
        : `setsid: failed to execute ${args[0]}: No such file or directory\n`,
      exitCode: 127,
    };
  const r = execArgv(ctx, ctx.world, args);
  return fromChunks(r.world, r.output, r.exitCode);
};

export const COMMAND: CommandModule = {
  spec: { name: "setsid", summary: "run a program in a new session", options: [flag(["-w", "--wait"])], args: [FREE] },
  run: setsid,
};
