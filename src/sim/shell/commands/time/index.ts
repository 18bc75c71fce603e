/**
 * busybox's `time` applet (a container's `time sleep 1`: the oracle's nginx image runs it
 * from its standalone sh, which has no `time` word): runs the program, then writes its
 * times to stderr, `real\t0m 1.09s` by default or POSIX's `real 1.09` with -p. bash's
 * `time` is a reserved word instead (shell/time-report.ts). Real time is the lab's clock;
 * user and sys time read zero, the lab keeping no CPU accounting.
 */
import type { Command, CommandResult } from "../../command.ts";
import { type CommandModule, FREE } from "../../spec.ts";
import { canExec, execArgv, fromChunks } from "../../lib/exec.ts";

const USAGE = `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.

Usage: time [-vpa] [-o FILE] PROG ARGS

Run PROG, display resource usage when it exits

\t-v\tVerbose
\t-p\tPOSIX output format
\t-f FMT\tCustom format
\t-o FILE\tWrite result to FILE
\t-a\tAppend (else overwrite)
`;

/** `%um %u.%02us`, or `%uh %um %02us` from an hour on. */
function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 60)}m ${s % 60}.${String(Math.floor(ms / 10) % 100).padStart(2, "0")}s`;
}

const time: Command = (argv, ctx): CommandResult => {
  let i = 1;
  let posix = false;
  for (; i < argv.length && argv[i]!.startsWith("-") && argv[i] !== "-"; i++) {
    if (argv[i] === "--") {
      i++;
      break;
    }
    if (/^-p+$/.test(argv[i]!)) posix = true;
    else return { world: ctx.world, stdout: "", stderr: USAGE, exitCode: 1 };
  }
  const args = argv.slice(i);
  if (args.length === 0) return { world: ctx.world, stdout: "", stderr: USAGE, exitCode: 1 };
  const t0 = ctx.world.clock;
  if (!canExec(ctx, args[0]!)) {
    const stderr = `time: can't execute '${args[0]}': No such file or directory\n`;
    const report = `real\t${elapsed(0)}\nuser\t${elapsed(0)}\nsys\t${elapsed(0)}\n`;
    return { world: ctx.world, stdout: "", stderr: stderr + report, exitCode: 127 };
  }
  const r = execArgv(ctx, ctx.world, args);
  const ms = r.world.clock - t0;
  const report = posix
    ? `real ${(Math.floor(ms / 10) / 100).toFixed(2)}\nuser 0.00\nsys 0.00\n`
    : `real\t${elapsed(ms)}\nuser\t${elapsed(0)}\nsys\t${elapsed(0)}\n`;
  return fromChunks(r.world, [...r.output, { stream: "stderr", text: report }], r.exitCode);
};

export const COMMAND: CommandModule = {
  spec: { name: "time", summary: "run a program and report its running time", args: [FREE] },
  run: time,
};
