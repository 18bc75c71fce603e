/**
 * The headless replay of an oracle scenario (parse.ts): each line runs where its
 * prompt says (host; `internet$`; `NAME$` as `docker exec NAME sh -c '…'`;
 * `@server-log`; `@trace LINE`; `@capture IFACE LINE`) and the transcript is
 * printed in the oracle's format: a header per line, stdout then stderr as
 * written, `[exit N]` when non-zero. No terminal is attached, as none is in the
 * oracle's scripts.
 */
import type { EngineVersion } from "../docker/engine/index.ts";
import type { CommandResult, Session } from "../shell/command.ts";
import { runLine } from "../shell/run.ts";
import { createWorld, type World } from "../world.ts";
import { captureText } from "./capture.ts";
import { formatCommandLine, parseScenario, parseScenarioLine, type CommandLine, type ScenarioLine } from "./parse.ts";

/** The oracle runs host and internet lines as `bash -c LINE` (its errors say `bash: line 1:`). */
const HOST: Session = { machine: "host", noTty: true, shell: "bash-c" };
const INTERNET: Session = { machine: "internet", noTty: true, shell: "bash-c" };

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A transcript block: the oracle captures stdout and stderr on one pipe, so they interleave as written. */
function block(header: string, r: CommandResult): string {
  const { exitCode } = r;
  const body = r.output ? r.output.map((c) => c.text).join("") : r.stdout + r.stderr;
  return (
    header +
    "\n" +
    body +
    // The oracle writes what was printed as it was: output that does not end its line runs into
    // `[exit N]` (`nft ` before iptables-translate gives up) or into the next header (a declined
    // `[y/N] ` question), as in a terminal.
    (exitCode !== 0 ? `[exit ${exitCode}]\n` : "")
  );
}

/** Runs a command where its prompt says. */
export function runCommand(world: World, line: CommandLine): CommandResult {
  if (line.kind === "internet") return runLine(world, INTERNET, line.command);
  if (line.kind === "container")
    return runLine(world, HOST, `docker exec ${line.container} sh -c ${shQuote(line.command)}`);
  return runLine(world, HOST, line.command);
}

export interface LineOutcome {
  readonly world: World;
  /** The line's block of the transcript ("" for a comment). */
  readonly transcript: string;
}

/** Runs one scenario line against a world. */
export function runScenarioLine(world: World, line: ScenarioLine): LineOutcome {
  switch (line.kind) {
    case "comment":
      return { world, transcript: "" };
    case "server-log": {
      const lines = Object.hasOwn(world.logs, "baidu.com") ? world.logs["baidu.com"]! : [];
      const logs = { ...world.logs };
      delete logs["baidu.com"];
      // The oracle masks the web server's date as it reads the log (sed 's/ - - \[[^]]*\]/ - - [date]/').
      const masked = lines.map((l) => l.replace(/ - - \[[^\]]*\]/, " - - [date]"));
      return { world: { ...world, logs }, transcript: "@server-log\n" + masked.map((l) => l + "\n").join("") };
    }
    case "trace": {
      let w = runLine(world, HOST, "xtables-monitor --trace -4").world;
      w = runLine(w, HOST, "iptables -t raw -I PREROUTING -j TRACE").world;
      w = runLine(w, HOST, "iptables -t raw -I OUTPUT -j TRACE").world;
      w = runCommand(w, line.line).world;
      w = runLine(w, HOST, "iptables -t raw -D PREROUTING -j TRACE").world;
      w = runLine(w, HOST, "iptables -t raw -D OUTPUT -j TRACE").world;
      const r = runLine(w, HOST, "xtables-monitor --trace -4");
      return { world: r.world, transcript: `@trace ${formatCommandLine(line.line)}\n` + r.stdout };
    }
    case "capture": {
      const r = runCommand(world, line.line);
      const header = `@capture ${line.iface} ${formatCommandLine(line.line)}\n`;
      return { world: r.world, transcript: header + captureText(r.world, line.iface, r.events ?? [], world.clock) };
    }
    default: {
      const r = runCommand(world, line);
      const header = line.kind === "host" ? `$ ${line.command}` : formatCommandLine(line);
      return { world: r.world, transcript: block(header, r) };
    }
  }
}

/** Runs one line of a scenario file's text; returns the new world and the transcript text for it. */
export function replayLine(world: World, raw: string): [World, string] {
  const r = runScenarioLine(world, parseScenarioLine(raw));
  return [r.world, r.transcript];
}

export interface ReplayOptions {
  readonly seed?: number;
  /** The Docker engine the world runs (docker/engine/); 26 by default. */
  readonly engine?: EngineVersion;
}

/** The whole transcript of a scenario file's text. */
export function replayScenario(text: string, opts: ReplayOptions = {}): string {
  let world = createWorld(opts.seed ?? 1, opts.engine ? { engine: opts.engine } : {});
  let out = "";
  for (const line of parseScenario(text)) {
    const r = runScenarioLine(world, line);
    world = r.world;
    out += r.transcript;
  }
  return out;
}
