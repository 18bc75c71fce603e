/**
 * The headless replay of an oracle scenario (format in ../shared/oracle/README.md):
 * each line runs where its prompt says (host; `internet$`; `NAME$` as `docker exec
 * NAME sh -c '…'`; `@server-log`; `@trace LINE`) and the transcript is printed in
 * the oracle's format: a header per line, stdout then stderr, `[exit N]` when
 * non-zero. No terminal is attached, as none is in the oracle's scripts.
 */
import type { CommandResult, Session } from "../shell/command.ts";
import { runLine } from "../shell/run.ts";
import { createWorld, type World } from "../world.ts";

const HOST: Session = { machine: "host", noTty: true };
const CONTAINER_LINE = /^([A-Za-z0-9_.-]+)\$ (.*)$/;

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
    (body !== "" && !body.endsWith("\n") ? "\n" : "") +
    (exitCode !== 0 ? `[exit ${exitCode}]\n` : "")
  );
}

/** Runs one scenario line; returns the new world and the transcript text for it. */
export function replayLine(world: World, line: string): [World, string] {
  if (line.trim() === "" || line.startsWith("#")) return [world, ""];
  if (line === "@server-log") {
    const lines = Object.hasOwn(world.logs, "baidu.com") ? world.logs["baidu.com"]! : [];
    const logs = { ...world.logs };
    delete logs["baidu.com"];
    // The oracle masks the web server's date as it reads the log (sed 's/ - - \[[^]]*\]/ - - [date]/').
    const masked = lines.map((l) => l.replace(/ - - \[[^\]]*\]/, " - - [date]"));
    return [{ ...world, logs }, "@server-log\n" + masked.map((l) => l + "\n").join("")];
  }
  if (line.startsWith("@trace ")) {
    const inner = line.slice(7);
    let w = runLine(world, HOST, "xtables-monitor --trace -4").world;
    w = runLine(w, HOST, "iptables -t raw -I PREROUTING -j TRACE").world;
    w = runLine(w, HOST, "iptables -t raw -I OUTPUT -j TRACE").world;
    [w] = replayLine(w, inner);
    w = runLine(w, HOST, "iptables -t raw -D PREROUTING -j TRACE").world;
    w = runLine(w, HOST, "iptables -t raw -D OUTPUT -j TRACE").world;
    const r = runLine(w, HOST, "xtables-monitor --trace -4");
    return [r.world, `@trace ${inner}\n` + r.stdout];
  }
  if (line.startsWith("internet$ ")) {
    const cmd = line.slice("internet$ ".length);
    const r = runLine(world, { machine: "internet", noTty: true }, cmd);
    return [r.world, block(`internet$ ${cmd}`, r)];
  }
  const m = CONTAINER_LINE.exec(line);
  if (m) {
    const [, name, cmd] = m;
    const r = runLine(world, HOST, `docker exec ${name} sh -c ${shQuote(cmd!)}`);
    return [r.world, block(`${name}$ ${cmd}`, r)];
  }
  const r = runLine(world, HOST, line);
  return [r.world, block(`$ ${line}`, r)];
}

/** The whole transcript of a scenario file's text. */
export function replayScenario(text: string, seed = 1): string {
  let world = createWorld(seed);
  let out = "";
  for (const line of text.split("\n")) {
    let piece: string;
    [world, piece] = replayLine(world, line);
    out += piece;
  }
  return out;
}
