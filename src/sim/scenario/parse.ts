/**
 * The oracle's scenario format (../shared/oracle/README.md) as typed lines: what a
 * person types, one command a line, the prompt picking the machine. Lessons reuse
 * it: a lesson's steps are scenario lines.
 */

/** A command and the machine it runs on. */
export type CommandLine =
  /** `docker run ...`: on the Docker host. */
  | { readonly kind: "host"; readonly command: string }
  /** `internet$ curl ...`: on the outside machine. */
  | { readonly kind: "internet"; readonly command: string }
  /** `web$ curl ...`: inside container `web`, as `docker exec web sh -c '...'`. */
  | { readonly kind: "container"; readonly container: string; readonly command: string };

export type ScenarioLine =
  | CommandLine
  /** `@server-log`: what baidu.com's web server logged since the last one. */
  | { readonly kind: "server-log" }
  /** `@trace LINE`: the kernel's own trace (xtables-monitor --trace) of LINE's packets. */
  | { readonly kind: "trace"; readonly line: CommandLine }
  /** `@capture IFACE LINE`: what `tcpdump -n -i IFACE` on the host printed while LINE ran. */
  | { readonly kind: "capture"; readonly iface: string; readonly line: CommandLine }
  /** A comment or a blank line: nothing runs, nothing is printed. */
  | { readonly kind: "comment"; readonly text: string };

const CONTAINER_LINE = /^([A-Za-z0-9_.-]+)\$ (.*)$/;

export function parseCommandLine(raw: string): CommandLine {
  if (raw.startsWith("internet$ ")) return { kind: "internet", command: raw.slice("internet$ ".length) };
  const m = CONTAINER_LINE.exec(raw);
  if (m) return { kind: "container", container: m[1]!, command: m[2]! };
  return { kind: "host", command: raw };
}

export function parseScenarioLine(raw: string): ScenarioLine {
  if (raw.trim() === "" || raw.startsWith("#")) return { kind: "comment", text: raw };
  if (raw === "@server-log") return { kind: "server-log" };
  if (raw.startsWith("@trace ")) return { kind: "trace", line: parseCommandLine(raw.slice("@trace ".length)) };
  const capture = /^@capture (\S+) (.*)$/.exec(raw);
  if (capture) return { kind: "capture", iface: capture[1]!, line: parseCommandLine(capture[2]!) };
  return parseCommandLine(raw);
}

export function parseScenario(text: string): ScenarioLine[] {
  return text.split("\n").map(parseScenarioLine);
}

/** A line as the scenario (and the transcript's header) writes it. */
export function formatCommandLine(line: CommandLine): string {
  if (line.kind === "internet") return `internet$ ${line.command}`;
  if (line.kind === "container") return `${line.container}$ ${line.command}`;
  return line.command;
}
