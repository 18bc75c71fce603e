/** `docker logs`: what a container wrote, as the daemon kept it (`-t` stamps each line). */
import { findContainer } from "../../../docker/container.ts";
import { logLine } from "../../../docker/log-lines.ts";
import type { World } from "../../../world.ts";
import type { CommandResult } from "../../command.ts";
import { argsError, flagError } from "./cli-texts.ts";
import { cliTimestamp } from "./events.ts";
import { flag, parseFlags } from "./flags.ts";
import { flagsOf, LOGS } from "./spec.ts";

const noSuch = (ref: string) => `Error response from daemon: No such container: ${ref}\n`;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** When a line was written, to the second: nginx stamps its own lines; the rest count from the start. */
function logMs(text: string, fallback: number): number {
  let ms = fallback;
  const a = /\[(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d) \+0000\]/.exec(text);
  const b = /^(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d) /.exec(text);
  if (a) ms = Date.UTC(+a[3]!, MONTHS.indexOf(a[2]!), +a[1]!, +a[4]!, +a[5]!, +a[6]!);
  else if (b) ms = Date.UTC(+b[1]!, +b[2]! - 1, +b[3]!, +b[4]!, +b[5]!, +b[6]!);
  return ms;
}

/**
 * `-t`'s RFC 3339 time (nanoseconds) of a log line. The lab keeps no time per line, so it
 * reads the one nginx wrote into it (`[04/Dec/2026:16:34:32 +0000]`, `2026/12/04 16:34:32`),
 * else the container's start; the fraction stands for when within that second it came.
 */
function logTime(text: string, fallback: number, i: number): string {
  const ms = logMs(text, fallback);
  const nanos = String(((ms % 1000) * 1_000_000 + 123_456_789 + i * 1_000_017) % 1_000_000_000).padStart(9, "0");
  return new Date(ms - (ms % 1000)).toISOString().replace(/\.\d+Z$/, `.${nanos}Z`);
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
  let lines = Object.hasOwn(world.logs, c.id) ? [...world.logs[c.id]!] : [];
  // --since keeps what was written at or after it (the CLI's timestamp: a duration back from now, a date, Unix seconds).
  const sinceArg = p.parsed.flags["--since"]?.at(-1);
  const since = sinceArg ? cliTimestamp(sinceArg, world.clock) : undefined;
  if (sinceArg && since === undefined)
    return {
      world,
      stdout: "",
      stderr: `invalid value for "since": failed to parse value as time or duration: "${sinceArg}"\n`,
      exitCode: 1,
    };
  if (since !== undefined) lines = lines.filter((l) => logMs(logLine(l).text, c.startedAt) >= since);
  // The daemon reads a negative or unparsable --tail as all of it.
  const tail = p.parsed.flags["--tail"]?.at(-1);
  if (tail !== undefined && /^\d+$/.test(tail)) lines = lines.slice(Math.max(0, lines.length - Number(tail)));
  // --until with a duration means that long ago: every line the lab keeps is newer.
  const until = p.parsed.flags["--until"]?.at(-1);
  if (until !== undefined && /^\d+(\.\d+)?(ns|us|ms|s|m|h)$/.test(until) && !/^0+(\.0+)?[a-z]+$/.test(until))
    lines = [];
  const details = flag(p.parsed, "--details") ? " " : "";
  const stamps = flag(p.parsed, "--timestamps");
  const output = lines.map((l, i) => {
    const { stream, text } = logLine(l);
    const ts = stamps ? logTime(text, c.startedAt, i) + " " : "";
    return { stream, text: ts + details + text + "\n" };
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
