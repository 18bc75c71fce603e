/**
 * `timeout DURATION COMMAND...` (coreutils): runs the command and stops it when the
 * world's clock has moved DURATION on, with status 124. A tcpdump in the foreground
 * listens until then (nothing else runs meanwhile, so it sees nothing), then prints
 * its counts as SIGTERM makes it; so does a conntrack -E, with its summary.
 */
import { statsText, headerText } from "../../../programs/tcpdump/options.ts";
import type { World } from "../../../world.ts";
import type { Command } from "../../command.ts";
import { commandText } from "../../lib/command-text.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { prepareTcpdump } from "../tcpdump/tcpdump.ts";
import { PREFIX, TRY as TRY_CONNTRACK, parseConntrack } from "../conntrack/args.ts";
import { isEventMode } from "../conntrack/watch.ts";
import { defaultAction, parseSignal } from "../jobs/signals.ts";

const TRY = "Try 'timeout --help' for more information.\n";
const UNIT: Readonly<Record<string, number>> = { "": 1, s: 1, m: 60, h: 3600, d: 86400 };

export interface TimeoutArgs {
  readonly ms: number;
  readonly cmd: readonly string[];
  /** The signal sent at the deadline (TERM unless `-s`). */
  readonly signal: number;
  /** `--preserve-status`: the command's own status, 128+signal when the signal ended it, not 124. */
  readonly preserve: boolean;
  /** `-k DURATION`: how long after the signal timeout sends KILL, if the command is still running (ms). */
  readonly killAfter?: number;
}

/** A DURATION operand (`5`, `2.5s`, `1m`) in ms, capped at a day; undefined when it is not one. */
function durationMs(word: string): number | undefined {
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(word);
  return m ? Math.round(Math.min(Number(m[1]) * UNIT[m[2]!]! * 1000, 86_400_000)) : undefined;
}

/** timeout's words read: the duration in ms and the command, or its complaint and exit status. */
export function parseTimeout(argv: readonly string[]): TimeoutArgs | { stderr: string; exitCode: number } {
  let i = 1;
  let signal = 15;
  let preserve = false;
  let killAfter: number | undefined;
  // Options that take a value (-s SIG, -k DURATION) and flags (--preserve-status, --foreground, -v).
  while (i < argv.length && argv[i]!.startsWith("-") && argv[i] !== "-") {
    const a = argv[i]!;
    if (a === "--") {
      i++;
      break;
    }
    const named = a === "-s" || a === "--signal" ? argv[i + 1] : /^-s(.+)$|^--signal=(.*)$/.exec(a)?.slice(1).join("");
    if (named !== undefined) {
      // coreutils knows every name and number bash's kill does (str2sig), without or with SIG, in any case.
      const n = parseSignal(named);
      if (n === undefined) return { stderr: `timeout: ‘${named}’: invalid signal\n${TRY}`, exitCode: 125 };
      signal = n;
    }
    const after =
      a === "-k" || a === "--kill-after" ? argv[i + 1] : /^-k(.+)$|^--kill-after=(.*)$/.exec(a)?.slice(1).join("");
    if (after !== undefined) {
      killAfter = durationMs(after);
      if (killAfter === undefined)
        return { stderr: `timeout: invalid time interval ‘${after}’\n${TRY}`, exitCode: 125 };
    }
    if (a === "--preserve-status") preserve = true;
    if (a === "-s" || a === "-k" || a === "--signal" || a === "--kill-after") i += 2;
    else if (/^(-s|-k)./.test(a) || a.startsWith("--signal=") || a.startsWith("--kill-after=")) i++;
    else if (a === "--preserve-status" || a === "--foreground" || a === "-v" || a === "--verbose") i++;
    else return { stderr: `timeout: invalid option -- '${a.slice(1, 2)}'\n${TRY}`, exitCode: 125 };
  }
  const duration = argv[i];
  const cmd = argv.slice(i + 1);
  if (duration === undefined || cmd.length === 0) {
    const after = duration !== undefined ? ` after ‘${duration}’` : "";
    return { stderr: `timeout: missing operand${after}\n${TRY}`, exitCode: 125 };
  }
  const ms = durationMs(duration);
  if (ms === undefined) return { stderr: `timeout: invalid time interval ‘${duration}’\n${TRY}`, exitCode: 125 };
  return { ms, cmd, signal, preserve, ...(killAfter !== undefined ? { killAfter } : {}) };
}

export const timeout: Command = (argv, ctx) => {
  const t = parseTimeout(argv);
  if ("stderr" in t) return { world: ctx.world, stdout: "", stderr: t.stderr, exitCode: t.exitCode };
  const { ms, cmd, signal, preserve, killAfter } = t;
  const start = ctx.world.clock;
  if (cmd[0] === "tcpdump") {
    const p = prepareTcpdump(cmd, ctx);
    if (!p.ok) return p.result;
    const header = headerText(p.options);
    const world: World = { ...ctx.world, clock: start + Math.round(ms) };
    return {
      world,
      stdout: "\n",
      stderr: header + statsText(0, 0),
      exitCode: 124,
      output: [
        { stream: "stderr", text: header },
        { stream: "stdout", text: "\n" },
        { stream: "stderr", text: statsText(0, 0) },
      ],
    };
  }
  if (cmd[0] === "conntrack" && isEventMode(cmd)) {
    // conntrack -E waits for events that nothing running can make; SIGTERM has it say how many it showed.
    const p = parseConntrack(cmd);
    if (p.kind === "error")
      return { world: ctx.world, stdout: "", stderr: `${PREFIX}${p.message}\n${TRY_CONNTRACK}`, exitCode: 2 };
    return {
      world: { ...ctx.world, clock: start + Math.round(ms) },
      stdout: "",
      stderr: `${PREFIX}0 flow events have been shown.\n`,
      exitCode: 124,
    };
  }
  // A signal the command dies of ends it at the deadline; one it ignores (0, CONT, CHLD, URG,
  // WINCH) or that stops it lets it run on, to its own end or to -k's KILL.
  const action = signal === 0 ? "ignore" : defaultAction(signal);
  const ends = action === "term" || action === "core";
  const killAt = killAfter !== undefined && action !== "stop" ? start + ms + killAfter : Infinity;
  const deadline = Math.min(ends || action === "stop" ? start + ms : killAt, ctx.session.deadline ?? Infinity);
  const r = ctx.runLine(ctx.world, { ...ctx.session, deadline }, commandText(cmd));
  if (r.exitCode === 127 && /(command )?not found\n$/.test(r.stderr)) {
    return {
      ...r,
      stderr: `timeout: failed to run command ‘${cmd[0]}’: No such file or directory\n`,
      output: undefined,
    };
  }
  const { blocked: _b, ...ran } = r;
  // Where the signal ends or stops the command, the deadline is its (or an outer timeout's).
  const reached = r.blocked || r.world.clock >= deadline;
  const at = (ms: number) => ({ ...r.world, clock: start + Math.round(ms) });
  if (action === "stop" && reached) {
    // timeout signals its own process group too, so it stops beside the command and nothing
    // is left to wait for them: the terminal hangs until it is interrupted.
    return { ...ran, world: at(ms), exitCode: 130, blocked: true };
  }
  if (!ends) {
    // KILL after -k's delay, to the group timeout is in: it dies of it too (137, the shell reports it).
    if (killAt === deadline && (r.blocked || r.world.clock >= killAt))
      return { ...ran, world: at(killAt - start), exitCode: 137, signal: 9 };
    if (r.blocked) return r;
    // Once its alarm went off, timeout says 124 however the command ended after it.
    const timedOut = r.world.clock - start >= ms;
    return timedOut && !preserve ? { ...r, exitCode: 124 } : r;
  }
  // busybox's timeout execs the command in its own place and has a child send SIGTERM: the
  // status is the signal's (143), which the shell that waited reports; coreutils' says 124.
  // coreutils' sends -s KILL to its own process group too, so it dies of it (137, which the
  // shell reports); --preserve-status exits with the status the signal gave the command.
  const expired =
    isBusybox(machineOf(ctx.world, ctx.session), "timeout") || signal === 9 || preserve ? 128 + signal : 124;
  const killed = signal === 9 ? { signal } : {};
  // The command was still running at the deadline (waiting, a sleep cut short, a list stopped there): the signal ended it.
  if (reached) return { ...ran, world: at(ms), exitCode: expired, ...killed };
  return r;
};
