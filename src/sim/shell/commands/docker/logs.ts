/** `docker logs`: what a container wrote, as the daemon kept it (`-t` stamps each line). */
import { findContainer } from "../../../docker/container.ts";
import { logLine, type LogLine } from "../../../docker/log-lines.ts";
import type { World } from "../../../world.ts";
import type { CommandResult } from "../../command.ts";
import { argsError, flagError } from "./cli-texts.ts";
import { parseGoDuration } from "../../../docker/go-duration.ts";
import { cliTimestamp } from "./events.ts";
import { flag, parseFlags } from "./flags.ts";
import { flagsOf, LOGS } from "./spec.ts";

const noSuch = (ref: string) => `Error response from daemon: No such container: ${ref}\n`;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * When a line was written: the time the log keeps with it; for a line kept without one (a world
 * saved before lines were stamped), the time nginx wrote into it
 * (`[04/Dec/2026:16:34:32 +0000]`, `2026/12/04 16:34:32`), else the container's start.
 */
function logMs(l: LogLine, fallback: number): number {
  if (l.at !== undefined) return l.at;
  const a = /\[(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d) \+0000\]/.exec(l.text);
  const b = /^(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d) /.exec(l.text);
  if (a) return Date.UTC(+a[3]!, MONTHS.indexOf(a[2]!), +a[1]!, +a[4]!, +a[5]!, +a[6]!);
  if (b) return Date.UTC(+b[1]!, +b[2]! - 1, +b[3]!, +b[4]!, +b[5]!, +b[6]!);
  return fallback;
}

/**
 * `-t`'s RFC 3339 time, with the nine digits Docker always prints. The lab's clock counts
 * milliseconds; the digits below them stand for where within that millisecond the line came.
 */
function logTime(ms: number, i: number): string {
  const nanos = String((ms % 1000) * 1_000_000 + ((456_789 + i * 1_017) % 1_000_000)).padStart(9, "0");
  return new Date(ms - (ms % 1000)).toISOString().replace(/\.\d+Z$/, `.${nanos}Z`);
}

/**
 * `--since`/`--until`'s bound: the CLI turns a duration into now minus it to the nanosecond
 * (GetTimestamp), where `docker events` reads it to the second.
 */
function logBound(arg: string, now: number): number | undefined {
  const d = arg === "0" ? undefined : parseGoDuration(arg);
  return d !== undefined && "ns" in d ? now - d.ns / 1e6 : cliTimestamp(arg, now);
}

export function dockerLogs(argv: readonly string[], world: World, noTty = false): CommandResult {
  const p = parseFlags(argv, flagsOf(LOGS));
  if (!p.ok) return flagError(world, "logs", p.error);
  const [ref] = p.parsed.args;
  if (ref === undefined || p.parsed.args.length !== 1) {
    return argsError(world, "logs", { kind: "exact", n: 1 });
  }
  const c = findContainer(world, ref);
  if (!c) return { world, stdout: "", stderr: noSuch(ref), exitCode: 1 };
  // Only json-file, local and journald keep what they can read back.
  const driver = c.settings?.logDriver ?? "json-file";
  if (!["json-file", "local", "journald"].includes(driver))
    return {
      world,
      stdout: "",
      stderr: "Error response from daemon: configured logging driver does not support reading\n",
      exitCode: 1,
    };
  const kept = Object.hasOwn(world.logs, c.id) ? world.logs[c.id]! : [];
  let lines = kept.map((l) => {
    const line = logLine(l);
    return { line, ms: logMs(line, c.startedAt) };
  });
  for (const flagName of ["--since", "--until"] as const) {
    const arg = p.parsed.flags[flagName]?.at(-1);
    if (arg === undefined || arg === "") continue;
    const bound = logBound(arg, world.clock);
    if (bound === undefined)
      return {
        world,
        stdout: "",
        stderr: `invalid value for "${flagName.slice(2)}": failed to parse value as time or duration: "${arg}"\n`,
        exitCode: 1,
      };
    // The daemon skips what came before --since and stops at what came after --until.
    lines = lines.filter((l) => (flagName === "--since" ? l.ms >= bound : l.ms <= bound));
  }
  // The daemon reads a negative or unparsable --tail as all of it.
  const tail = p.parsed.flags["--tail"]?.at(-1);
  if (tail !== undefined && /^\d+$/.test(tail)) lines = lines.slice(Math.max(0, lines.length - Number(tail)));
  const details = flag(p.parsed, "--details") ? " " : "";
  const stamps = flag(p.parsed, "--timestamps");
  const output = lines.map(({ line, ms }, i) => {
    const ts = stamps ? logTime(ms, i) + " " : "";
    return { stream: line.stream, text: ts + details + line.text + "\n" };
  });
  const of = (s: "stdout" | "stderr") =>
    output
      .filter((o) => o.stream === s)
      .map((o) => o.text)
      .join("");
  // -f on a running container waits for more lines: the lab stops it at once, as Ctrl-C would.
  if (flag(p.parsed, "--follow") && c.status === "running") {
    if (!noTty) output.push({ stream: "stdout", text: "^C" });
    return { world, stdout: of("stdout"), stderr: of("stderr"), exitCode: 130, output, blocked: true };
  }
  return { world, stdout: of("stdout"), stderr: of("stderr"), exitCode: 0, output };
}
