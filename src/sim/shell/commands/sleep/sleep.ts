/**
 * `sleep`: waits as long as it is told, on the lab's clock. The lab's terminal cannot
 * block, so the command returns at once and the world's clock moves on by that much:
 * `docker ps` ages, and conntrack's timeouts fall, exactly as after a real wait (a
 * background tcpdump meanwhile captures nothing new: nothing else happens).
 * GNU sleep (the host, the internet) sums its operands, each a number with an optional
 * s/m/h/d suffix; busybox's (containers) takes the same forms.
 */
import { LIMITS } from "../../../limits.ts";
import { advanceClock } from "../../../world.ts";
import type { Command } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";

const UNIT: Readonly<Record<string, number>> = { "": 1, s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds of one operand, or undefined when it is no time interval. */
function seconds(arg: string): number | undefined {
  const m = /^\+?(\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?([smhd]?)$/i.exec(arg);
  if (m) return Number(arg.slice(0, arg.length - m[2]!.length)) * UNIT[m[2]!.toLowerCase()]!;
  if (/^\+?inf(inity)?([smhd]?)$/i.test(arg)) return Infinity;
  return undefined;
}

/** The seconds the operands add up to, or the first operand that is no time interval. */
function sum(args: readonly string[]): { readonly seconds: number } | { readonly bad: string } {
  let total = 0;
  for (const a of args) {
    const s = seconds(a);
    if (s === undefined) return { bad: a };
    total += s;
  }
  return { seconds: total };
}

/**
 * The ms the lab's clock moves for that many seconds: a wait without end (`sleep infinity`)
 * would hold the terminal for good, so it moves by the longest wait it takes at once.
 */
const clockMs = (s: number): number => Math.min(s * 1000, LIMITS.maxSleepMs);

/** How long `sleep ARGS` sleeps, in ms, when every operand is a finite interval. */
export function sleepMs(args: readonly string[]): number | undefined {
  if (args.length === 0) return undefined;
  const t = sum(args);
  return "bad" in t || !Number.isFinite(t.seconds) ? undefined : clockMs(t.seconds);
}

export const sleep: Command = (argv, { world, session }) => {
  const busybox = isBusybox(machineOf(world, session), "sleep");
  // `--` ends the options, as getopt reads it.
  const args = argv.slice(1).filter((a, i) => !(i === 0 && a === "--"));
  if (args.length === 0) {
    const stderr = busybox
      ? "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: sleep [N]...\n\nPause for a time equal to the total of the args given, where each arg can\nhave an optional suffix of (s)econds, (m)inutes, (h)ours, or (d)ays\n"
      : "sleep: missing operand\nTry 'sleep --help' for more information.\n";
    return { world, stdout: "", stderr, exitCode: 1 };
  }
  const t = sum(args);
  if ("bad" in t) {
    // GNU quotes the operand as the oracle's UTF-8 locale does.
    const stderr = busybox
      ? `sleep: invalid number '${t.bad}'\n`
      : `sleep: invalid time interval ‘${t.bad}’\nTry 'sleep --help' for more information.\n`;
    return { world, stdout: "", stderr, exitCode: 1 };
  }
  const ms = clockMs(t.seconds);
  // A `timeout` around the shell ends the wait at its deadline, with the sleep still waiting.
  const { deadline } = session;
  if (deadline !== undefined && world.clock + ms >= deadline)
    return {
      world: advanceClock(world, Math.max(0, deadline - world.clock)),
      stdout: "",
      stderr: "",
      exitCode: 0,
      blocked: true,
    };
  return { world: advanceClock(world, ms), stdout: "", stderr: "", exitCode: 0 };
};
