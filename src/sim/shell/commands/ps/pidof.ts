/**
 * `pidof` (sysvinit-utils 3.06 on a Debian host; busybox's in a container): the PIDs of
 * the processes running a program, named by its short name or its first word's last
 * part; `-s` one only, `-o PID` leaves one out. Exit 1 when none runs. Never lists itself.
 */
import type { Command, CommandResult } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { visibleProcesses } from "./ps.ts";

export const pidof: Command = (argv, ctx): CommandResult => {
  const { world } = ctx;
  const bb = isBusybox(machineOf(world, ctx.session), "pidof");
  let single = false;
  const omit = new Set<number>();
  const names: string[] = [];
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-s") single = true;
    else if (a === "-o") for (const p of (args[++i] ?? "").split(",")) omit.add(Number(p));
    else if (a === "-x" || a === "-q" || a === "-c" || a === "-n") continue;
    else if (a.startsWith("-") && a.length > 1) {
      const stderr = bb ? `pidof: invalid option -- '${a[1]}'\n` : `pidof: invalid options on command line!\n\n`;
      return { world, stdout: "", stderr, exitCode: 1 };
    } else names.push(a);
  }
  const { procs, self } = visibleProcesses(ctx);
  const program = (args: string) => (args.split(" ")[0] ?? "").split("/").pop() ?? "";
  const pids: number[] = [];
  for (const name of names) {
    const hits = procs
      .filter((p) => p.pid !== self?.pid && !omit.has(p.pid))
      .filter((p) => p.comm === name || program(p.args) === name)
      .map((p) => p.pid);
    // sysvinit's pidof lists the newest first; busybox's walks /proc upwards.
    const ordered = bb ? hits.sort((a, b) => a - b) : hits.sort((a, b) => b - a);
    pids.push(...(single ? ordered.slice(0, 1) : ordered));
  }
  if (pids.length === 0) return { world, stdout: "", stderr: "", exitCode: 1 };
  return { world, stdout: `${pids.join(" ")}\n`, stderr: "", exitCode: 0 };
};
