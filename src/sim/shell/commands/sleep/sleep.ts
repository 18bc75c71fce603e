/**
 * `sleep` (coreutils on the hosts, busybox in the images): the world's clock moves on
 * by the time asked (`1`, `0.5`, `2m`, several summed), so what ages (conntrack,
 * `docker ps`) ages; nothing else happens meanwhile.
 */
import { advanceClock, type World } from "../../../world.ts";
import type { Command } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";

const UNIT: Readonly<Record<string, number>> = { "": 1, s: 1, m: 60, h: 3600, d: 86400 };

/** The longest sleep the lab lets pass at once (a day), so a typo cannot fling the clock years ahead. */
const MAX_SECONDS = 86_400;

export const sleep: Command = (argv, ctx) => {
  const busybox = isBusybox(machineOf(ctx.world, ctx.session), "sleep");
  const args = argv.slice(1).filter((a) => a !== "--");
  if (args.length === 0) {
    return busybox
      ? {
          world: ctx.world,
          stdout: "",
          stderr:
            "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: sleep [N]...\n\nPause for a time equal to the total of the args given, where each arg can\nhave an optional suffix of (s)econds, (m)inutes, (h)ours, or (d)ays\n",
          exitCode: 1,
        }
      : {
          world: ctx.world,
          stdout: "",
          stderr: "sleep: missing operand\nTry 'sleep --help' for more information.\n",
          exitCode: 1,
        };
  }
  let seconds = 0;
  for (const a of args) {
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
    if (!m) {
      return {
        world: ctx.world,
        stdout: "",
        stderr: busybox
          ? `sleep: invalid number '${a}'\n`
          : `sleep: invalid time interval ‘${a}’\nTry 'sleep --help' for more information.\n`,
        exitCode: 1,
      };
    }
    seconds += Number(m[1]) * UNIT[m[2]!]!;
  }
  const world: World = advanceClock(ctx.world, Math.min(seconds, MAX_SECONDS) * 1000);
  return { world, stdout: "", stderr: "", exitCode: 0 };
};
