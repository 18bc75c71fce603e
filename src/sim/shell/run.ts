/**
 * Runs one command line: parse, then each command of the pipeline in turn, each
 * one's stdout becoming the next one's stdin. Like bash, the pipeline's exit
 * code is the last command's, and every command's stderr reaches the terminal.
 */
import { LIMITS } from "../limits.ts";
import type { TraceEvent } from "../trace/events.ts";
import type { World } from "../world.ts";
import type { CommandResult, Session } from "./command.ts";
import { parseLine } from "./parse.ts";
import { findCommand } from "./registry.ts";

function capLines(text: string): string {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10 && ++count >= LIMITS.maxOutputLines) return text.slice(0, i + 1);
  }
  return text;
}

export function runLine(world: World, session: Session, line: string): CommandResult {
  const parsed = parseLine(line);
  if (!parsed.ok) return { world, stdout: "", stderr: parsed.stderr, exitCode: parsed.exitCode };

  let current = world;
  let stdin = "";
  let stdout = "";
  let stderr = "";
  let exitCode = 0;
  let nextSession: Session | undefined;
  const events: TraceEvent[] = [];

  for (const cmd of parsed.pipeline) {
    const name = cmd.argv[0]!;
    const impl = findCommand(name);
    let result: CommandResult;
    if (!impl) {
      result = { world: current, stdout: "", stderr: `bash: ${name}: command not found\n`, exitCode: 127 };
    } else {
      result = impl(cmd.argv, { world: current, session, stdin });
    }
    current = result.world;
    stderr += result.stderr;
    exitCode = result.exitCode;
    if (result.events) events.push(...result.events);
    if (result.session) nextSession = result.session;
    let out = capLines(result.stdout);
    if (cmd.redirect) {
      if (cmd.redirect.path !== "/dev/null") {
        stderr += `bash: ${cmd.redirect.path}: No such file or directory\n`;
        exitCode = 1;
      }
      out = "";
    }
    stdin = out;
    stdout = out;
  }
  return {
    world: current,
    stdout,
    stderr,
    exitCode,
    events,
    ...(nextSession ? { session: nextSession } : {}),
  };
}
