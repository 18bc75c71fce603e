/**
 * busybox 1.35's `top` (the containers'): the memory line from /proc/meminfo (the host's,
 * as `free` shows it), the CPU split and /proc/loadavg of a quiet machine, then every
 * process of the container's PID namespace, busiest first: all are idle, so by VSZ
 * (mem_sort after pcpu_sort), then by PID, with the lines busybox prints in batch mode
 * (oracle: `top -bn1` lists the nginx worker, the master, then `top -bn1` itself, exec'd
 * by `sh -c`, R; in a pipeline the shell and the commands after top too).
 * `-n N` prints N screens `-d` seconds apart on the lab's clock; without `-n` top would
 * refresh until interrupted, and the lab shows one screen. procps' top on the Debian
 * machines is not modelled (they answer as if it were missing).
 */
import { advanceClock } from "../../../world.ts";
import type { Command, CommandResult } from "../../command.ts";
import { containerProcesses, pidNamespaceOf, userNames, type Proc } from "../../lib/procs.ts";
import { isBusybox, machineOf, notFoundText, shellOf } from "../../machine.ts";
import { busyboxCommand, visibleProcesses } from "../ps/ps.ts";
import { MEMINFO } from "../free/index.ts";

const USAGE = `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.

Usage: top [-bH] [-n COUNT] [-d SECONDS]

Show a view of process activity in real time.
Read the status of all processes from /proc each SECONDS
and show a screenful of them.
Keys:
\tN/M/P/T: sort by pid/mem/cpu/time
\tR: reverse sort
\tH: toggle threads
\tQ,^C: exit
Options:
\t-b\tBatch mode
\t-n N\tExit after N iterations
\t-d SEC\tDelay between updates
\t-H\tShow threads
`;

/** KiB mapped by a process running the image's static busybox. */
const BUSYBOX_VSZ = 2268;
/** Screens printed at most for one `-n`. */
const MAX_SCREENS = 10;
/** Threads the quiet host runs beside its processes (kernel threads, dockerd's and containerd's). */
const HOST_THREADS = 180;

function fail(ctx: Parameters<Command>[1], stderr: string): CommandResult {
  return { world: ctx.world, stdout: "", stderr, exitCode: 1 };
}

/** smart_ulltoa5: five characters, scaled with a unit letter when the number is longer. */
function ulltoa5(n: number): string {
  if (n < 100_000) return String(n).padStart(5);
  let v = n;
  let u = 0;
  while (v >= 10_000 && u < 7) {
    v = Math.floor(v / 1024);
    u++;
  }
  return `${String(v).padStart(4)}${" mgtpezy"[u]}`;
}

export const top: Command = (argv, ctx) => {
  const machine = machineOf(ctx.world, ctx.session);
  // procps' top is not modelled: the Debian machines answer as their shell does for a missing program.
  if (!isBusybox(machine, "top"))
    return { world: ctx.world, stdout: "", stderr: notFoundText(shellOf(ctx.session, machine), "top"), exitCode: 127 };
  let screens: number | undefined;
  let delay = 5;
  // busybox takes its options without the dash too ("top bn1"): make_all_argv_opts.
  const args = argv.slice(1).map((a) => (a.startsWith("-") ? a : `-${a}`));
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (let j = 1; j < a.length; j++) {
      const ch = a[j]!;
      // -m (topmem) is not built in, yet the oracle's busybox lets it pass.
      if (ch === "b" || ch === "H" || ch === "m") continue;
      if (ch === "n" || ch === "d") {
        const v = a.slice(j + 1) || args[++i]?.replace(/^-/, "");
        if (v === undefined) return fail(ctx, `top: option requires an argument -- '${ch}'\n${USAGE}`);
        const n = /^\d+$/.test(v) ? Number(v) : NaN;
        if (Number.isNaN(n)) return fail(ctx, `top: invalid number '${v}'\n`);
        if (ch === "n") screens = n;
        else delay = n;
        break;
      }
      return fail(ctx, `top: invalid option -- '${ch}'\n${USAGE}`);
    }
  }
  const { procs, self } = visibleProcesses(ctx);
  // top is no NOEXEC applet: `sh -c 'top -bn1'` execs it, so its command line is its own.
  const c = machine.container;
  // The shell and what it runs are the static busybox binary (oracle: 2268 KiB each).
  const own = new Set(c ? containerProcesses(c).map((p) => p.pid) : []);
  const shown = procs.map((p): Proc => {
    if (self && p.pid === self.pid) return { ...p, args: argv.join(" "), stat: "R", vsz: BUSYBOX_VSZ };
    return own.has(p.pid) ? p : { ...p, stat: "S", vsz: BUSYBOX_VSZ };
  });
  const users = userNames(machine.kind, machine.container?.image);
  const lastPid = c ? pidNamespaceOf(ctx.world, c).next - 1 : (self?.pid ?? 1);
  const count = Math.min(screens ?? 1, MAX_SCREENS);
  const m = MEMINFO;
  const screen =
    `Mem: ${m.total - m.free}K used, ${m.free}K free, ${m.shared}K shrd, ${m.buffers}K buff, ${m.cached}K cached\n` +
    "CPU:   0% usr   0% sys   0% nic 100% idle   0% io   0% irq   0% sirq\n" +
    `Load average: 0.00 0.00 0.00 1/${HOST_THREADS + procs.length} ${lastPid}\n` +
    "  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND\n" +
    [...shown]
      .sort((a, b) => b.vsz - a.vsz || a.pid - b.pid)
      .map((p) => {
        const state = (p.stat[0] ?? "S").padEnd(3);
        const user = (users.get(p.uid) ?? String(p.uid)).slice(0, 8).padEnd(8);
        const pmem = Math.round((p.vsz * 100) / m.total);
        return `${String(p.pid).padStart(5)}${String(p.ppid).padStart(6)} ${user} ${state}  ${ulltoa5(p.vsz)}${String(pmem).padStart(4)}%   0% ${busyboxCommand(p)}\n`;
      })
      .join("") +
    "\n";
  let world = ctx.world;
  let stdout = "";
  for (let i = 0; i < count; i++) {
    if (i > 0) world = advanceClock(world, delay * 1000);
    stdout += screen;
  }
  return { world, stdout, stderr: "", exitCode: 0 };
};
