/**
 * `seq [-w] [-s SEP] [FIRST [INC]] LAST` (GNU coreutils 9.1; busybox's prints its usage
 * where GNU names the bad operand). It stops at the lab's output bound: `seq 1 1000000000`
 * ends at once, the shell then saying where it cut.
 */
import type { Command, CommandResult } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { LIMITS } from "../../../limits.ts";

const BB_USAGE = `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.

Usage: seq [-w] [-s SEP] [FIRST [INC]] LAST

Print numbers from FIRST to LAST, in steps of INC.
FIRST, INC default to 1.

\t-w\tPad to last with leading zeros
\t-s SEP\tString separator
`;

export const seq: Command = (argv, ctx): CommandResult => {
  const bb = isBusybox(machineOf(ctx.world, ctx.session), "seq");
  const fail = (gnu: string): CommandResult => ({
    world: ctx.world,
    stdout: "",
    stderr: bb ? BB_USAGE : `seq: ${gnu}\nTry 'seq --help' for more information.\n`,
    exitCode: 1,
  });
  let sep = "\n";
  let width = false;
  const nums: string[] = [];
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-w") width = true;
    else if (a === "-s") {
      if (args[i + 1] === undefined) return fail("option requires an argument -- 's'");
      sep = args[++i]!;
    } else if (a.startsWith("-s")) sep = a.slice(2);
    else if (/^-[^0-9.]/.test(a)) return fail(`invalid option -- '${a[1]}'`);
    else nums.push(a);
  }
  if (nums.length === 0) return fail("missing operand");
  if (nums.length > 3) return fail(`extra operand \u2018${nums[3]}\u2019`);
  for (const n of nums) {
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(n))
      return fail(`invalid floating point argument: \u2018${n}\u2019`);
  }
  const [first, inc, last] =
    nums.length === 1
      ? ["1", "1", nums[0]!]
      : nums.length === 2
        ? [nums[0]!, "1", nums[1]!]
        : [nums[0]!, nums[1]!, nums[2]!];
  const step = Number(inc);
  if (step === 0) return fail(`invalid Zero increment value: \u2018${inc}\u2019`);
  const decimals = Math.max(...[first, inc].map((s) => (s.includes(".") ? s.split(".")[1]!.length : 0)));
  const start = Number(first);
  const end = Number(last);
  const fmt = (v: number) => (decimals > 0 ? v.toFixed(decimals) : String(Math.round(v)));
  const w = width ? Math.max(fmt(start).length, fmt(end).length) : 0;
  const out: string[] = [];
  // One line past the bound, so the shell sees there was more and says it cut.
  for (let k = 0; out.length <= LIMITS.maxOutputLines; k++) {
    const v = start + k * step;
    if (step > 0 ? v > end + 1e-9 : v < end - 1e-9) break;
    const s = fmt(v);
    out.push(width ? (s.startsWith("-") ? "-" + s.slice(1).padStart(w - 1, "0") : s.padStart(w, "0")) : s);
  }
  return { world: ctx.world, stdout: out.length ? out.join(sep) + "\n" : "", stderr: "", exitCode: 0 };
};
