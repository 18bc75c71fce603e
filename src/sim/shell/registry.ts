/** Every command the lab's shell knows, by each of its names, built from the command folders' specs. */
import type { Command } from "./command.ts";
import { COMMAND_MODULES } from "./commands/index.ts";
import type { CommandSpec } from "./spec.ts";

export const COMMANDS: Readonly<Record<string, Command>> = Object.fromEntries(
  COMMAND_MODULES.flatMap((m) => [m.spec.name, ...(m.spec.aliases ?? [])].map((name) => [name, m.run])),
);

/** The commands' specs, for Tab completion (they cross the worker boundary as plain data). */
export const COMMAND_SPECS: readonly CommandSpec[] = COMMAND_MODULES.map((m) => m.spec);

export function findCommand(name: string): Command | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}
