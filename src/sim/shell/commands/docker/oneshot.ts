/**
 * A container whose command is not the image's server (`docker run nginx echo hi`,
 * `docker create … sh -c 'exit 3'` then `docker start -a`): its process runs to its end
 * at once, what it printed goes to the container's log, and the container exits with
 * its status. Attached (`run` in the foreground, `start -a`), the caller also shows what
 * it printed; detached (`run -d`, `start`), only `docker logs` does.
 */
import { appendLog, findContainer, processArgv, removeContainer, serverOf } from "../../../docker/container.ts";
import { ENDS_AT_ONCE_MS, mainExited } from "../../../docker/restart-manager.ts";
import { updateContainer } from "../../../docker/lookup.ts";
import { containerImage } from "../../../machines/images/index.ts";
import type { World } from "../../../world.ts";
import type { CommandContext, CommandResult, OutputChunk } from "../../command.ts";
import { runInContainer, shellCommandLine, SHELLS } from "./exec.ts";
import { becomeServer, serverTail } from "./main-serve.ts";
import { chunksOf, logLines } from "./main-output.ts";
import { containerVars } from "./exec-options.ts";
import { keepDaemons } from "./keep-daemons.ts";
import { timedLines } from "../../../docker/timed-log.ts";
import { logLine } from "../../../docker/log-lines.ts";

/**
 * How far ahead of the lab's clock a detached command's loops run (`while true; do echo
 * hello; sleep 1; done`): its log is written up to then, and it runs on without a word.
 * Ten minutes of the lab's clock is more than a lesson sleeps through, and keeps a loop that
 * sleeps a second to 600 turns (each costs the shell as much as a typed line).
 */
const HORIZON_MS = 600_000;

/** Whether the running container's main process is a one-off command the lab runs to its end now. */
export function isOneShot(world: World, id: string): boolean {
  const c = findContainer(world, id);
  if (!c || c.status !== "running") return false;
  const image = containerImage(c);
  if (!image || serverOf(c)) return false;
  // An interactive shell waits on its terminal; `-d` with no command on a server-less image exits at once (run.ts).
  if (c.tty && c.interactive) return false;
  return processArgv(c).length > 0;
}

/** Runs the one-off main process of started container `id`; the result carries what it printed and its status. */
export function runMain(ctx: CommandContext, world: World, id: string, attached: boolean): CommandResult {
  const c = findContainer(world, id)!;
  const argv = processArgv(c);
  const prog = (argv[0] ?? "").replace(/^\/(usr\/)?bin\//, "");
  let r: CommandResult;
  const tail = serverTail(c, argv);
  if (SHELLS.includes(prog) && argv.length === 1) {
    // A shell with no terminal reads an empty stdin and exits at once.
    r = { world, stdout: "", stderr: "", exitCode: 0 };
  } else {
    const cwd = c.settings?.workdir;
    const vars = containerVars(c);
    const names = Object.keys(vars);
    const line = tail ? tail.prefix : shellCommandLine(argv);
    const opts = {
      ...(cwd ? { cwd } : {}),
      ...(names.length > 0 ? { vars, exported: names } : {}),
      ...(attached ? {} : { horizon: world.clock + HORIZON_MS }),
    };
    r =
      line === ""
        ? { world, stdout: "", stderr: "", exitCode: 0 }
        : runInContainer(ctx.runLine, world, c, line, "sh", undefined, opts);
    if (tail && (tail.after === ";" || r.exitCode === 0)) {
      // What is piped into the server (`echo hi | nc -l -p 8081`) runs first; its output waits in the pipe.
      const fed =
        tail.feed !== undefined ? runInContainer(ctx.runLine, r.world, c, tail.feed, "sh", undefined, opts) : undefined;
      if (fed) {
        const errs = chunksOf(fed).filter((o) => o.stream === "stderr");
        r = { ...r, world: fed.world, stderr: r.stderr + fed.stderr, output: [...chunksOf(r), ...errs] };
      }
      const started = becomeServer(r, id, tail, fed?.stdout);
      if (started.exitCode === undefined) return started.result;
      r = { ...started.result, output: chunksOf(started.result), exitCode: started.exitCode };
    }
    const took = r.world.clock - world.clock;
    if (!attached && took > ENDS_AT_ONCE_MS)
      return { world: exitLater(world, id, r, took, r.world.clock), stdout: "", stderr: "", exitCode: 0 };
  }
  // With -t the log keeps what the pseudo-terminal made of the output.
  const term = c.tty ? onTerminal(chunksOf(r)) : undefined;
  const output = term?.output ?? chunksOf(r);
  const log = output.length > 0 ? logLines(output) : undefined;
  let w = appendLog(r.world, id, log ? log.join("\n") : "");
  // Its restart policy may start it again, and the command runs again as it did now.
  const took = r.world.clock - world.clock;
  w = mainExited(w, id, r.exitCode, { took, exitCode: r.exitCode, ...(log ? { log } : {}) });
  if (c.autoRemove) w = removeContainer(w, id);
  return { ...r, ...term, world: w, output, ...(r.events ? { events: r.events } : {}) };
}

/**
 * With -t the process writes to a pseudo-terminal: one stream, whose line discipline
 * (ONLCR) turns each newline into CR LF before the CLI copies it to its stdout.
 */
export function onTerminal(output: readonly OutputChunk[]): Pick<CommandResult, "stdout" | "stderr" | "output"> {
  const text = output.map((o) => o.text.replace(/\n/g, "\r\n")).join("");
  return { stdout: text, stderr: "", output: text ? [{ stream: "stdout", text }] : [] };
}

/**
 * The detached process ends `took` ms from now with its status (settleExits in
 * docker/exits.ts stops it then), each line it printed logged when the clock reaches the
 * time it was written; what it did meanwhile to files is not replayed. A run the lab had to
 * cut (an endless loop, at its horizon or bound of turns) writes its log so far and never ends.
 */
function exitLater(world: World, id: string, r: CommandResult, took: number, end: number): World {
  const output = chunksOf(r);
  // The lab's own notices ("[lab: loop stopped …]") are not the process's output.
  const cut = output.some((o) => o.text.includes("[lab: "));
  const written = output.map((o) => ({
    ...(o.at !== undefined ? { at: o.at } : {}),
    lines: logLines([o]).filter((l) => !logLine(l).text.startsWith("[lab: ")),
  }));
  const timed = timedLines(written, world.clock, end);
  const pending = timed.length > 0 ? { pendingLog: { from: world.clock, lines: timed } } : {};
  const kept = keepDaemons(world, r.world, id);
  if (cut) return updateContainer(kept, id, (c) => ({ ...c, ...pending }));
  return updateContainer(kept, id, (c) => ({
    ...c,
    exitsAt: world.clock + took,
    exitsWith: r.exitCode,
    mainRun: { took, exitCode: r.exitCode, ...(timed.length > 0 ? { timed } : {}) },
    ...pending,
  }));
}
