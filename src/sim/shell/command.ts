/**
 * The contract every command module implements. A command reads the world and
 * returns a new one with its output; expected failures are exit codes and
 * stderr, never exceptions.
 */
import type { TraceEvent } from "../trace/events.ts";
import type { World } from "../world.ts";

/** Which machine a terminal is attached to, and so which namespace commands see. */
export interface Session {
  readonly machine: string;
  /** Set when no terminal is attached (the headless replay, like the oracle's scripts): `docker exec -it` then fails as without a TTY. */
  readonly noTty?: boolean;
}

export interface CommandContext {
  readonly world: World;
  readonly session: Session;
  readonly stdin: string;
}

export interface CommandResult {
  readonly world: World;
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  readonly events?: readonly TraceEvent[];
  /** Set when the command moves the terminal to another machine (docker exec -it, exit). */
  readonly session?: Session;
}

export type Command = (argv: readonly string[], ctx: CommandContext) => CommandResult;

export function ok(world: World, stdout = ""): CommandResult {
  return { world, stdout, stderr: "", exitCode: 0 };
}

export function fail(world: World, stderr: string, exitCode = 1): CommandResult {
  return { world, stdout: "", stderr, exitCode };
}
