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

const TRY = "Try 'timeout --help' for more information.\n";
const UNIT: Readonly<Record<string, number>> = { "": 1, s: 1, m: 60, h: 3600, d: 86400 };

/** The signals `-s` names that the lab tells apart, by name and number. */
const SIGNALS: Readonly<Record<string, number>> = { HUP: 1, INT: 2, QUIT: 3, KILL: 9, USR1: 10, USR2: 12, TERM: 15 };

/** `-s KILL`, `-s SIGKILL`, `-s 9`: the signal's number, or undefined for a name timeout does not know. */
function signalNumber(word: string): number | undefined {
  if (/^\d+$/.test(word)) return Number(word);
  return SIGNALS[word.toUpperCase().replace(/^SIG/, "")];
}

export interface TimeoutArgs {
  readonly ms: number;
  readonly cmd: readonly string[];
  /** The signal sent at the deadline (TERM unless `-s`). */
  readonly signal: number;
  /** `--preserve-status`: the command's own status, 128+signal when the signal ended it, not 124. */
  readonly preserve: boolean;
}

/** timeout's words read: the duration in ms and the command, or its complaint and exit status. */
export function parseTimeout(argv: readonly string[]): TimeoutArgs | { stderr: string; exitCode: number } {
  let i = 1;
  let signal = 15;
  let preserve = false;
  // Options that take a value (-s SIG, -k DURATION) and flags (--preserve-status, --foreground, -v).
  while (i < argv.length && argv[i]!.startsWith("-") && argv[i] !== "-") {
    const a = argv[i]!;
    if (a === "--") {
      i++;
      break;
    }
    const named = a === "-s" || a === "--signal" ? argv[i + 1] : /^-s(.+)$|^--signal=(.*)$/.exec(a)?.slice(1).join("");
    if (named !== undefined) {
      const n = signalNumber(named);
      if (n === undefined) return { stderr: `timeout: ${named}: invalid signal\n${TRY}`, exitCode: 125 };
      signal = n;
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
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(duration);
  if (!m) return { stderr: `timeout: invalid time interval ‘${duration}’\n${TRY}`, exitCode: 125 };
  return { ms: Math.round(Math.min(Number(m[1]) * UNIT[m[2]!]! * 1000, 86_400_000)), cmd, signal, preserve };
}

export const timeout: Command = (argv, ctx) => {
  const t = parseTimeout(argv);
  if ("stderr" in t) return { world: ctx.world, stdout: "", stderr: t.stderr, exitCode: t.exitCode };
  const { ms, cmd, signal, preserve } = t;
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
  const deadline = Math.min(start + ms, ctx.session.deadline ?? Infinity);
  const r = ctx.runLine(ctx.world, { ...ctx.session, deadline }, commandText(cmd));
  if (r.exitCode === 127 && /(command )?not found\n$/.test(r.stderr)) {
    return {
      ...r,
      stderr: `timeout: failed to run command ‘${cmd[0]}’: No such file or directory\n`,
      output: undefined,
    };
  }
  // busybox's timeout execs the command in its own place and has a child send SIGTERM: the
  // status is the signal's (143), which the shell that waited reports; coreutils' says 124.
  // coreutils' sends -s KILL to its own process group too, so it dies of it (137, which the
  // shell reports); --preserve-status exits with the status the signal gave the command.
  const expired =
    isBusybox(machineOf(ctx.world, ctx.session), "timeout") || signal === 9 || preserve ? 128 + signal : 124;
  const killed = signal === 9 ? { signal } : {};
  if (r.blocked) {
    // What it printed before waiting stays; SIGTERM then ends it.
    const { blocked: _b, ...rest } = r;
    return { ...rest, world: { ...r.world, clock: start + Math.round(ms) }, exitCode: expired, ...killed };
  }
  // The shell reached the deadline (a sleep cut short, a list stopped there): SIGTERM ended it.
  if (r.world.clock - start > ms || r.world.clock >= deadline)
    return { ...r, world: { ...r.world, clock: start + Math.round(ms) }, exitCode: expired, ...killed };
  return r;
};
