/** Every command the lab's shell knows, by name. */
import { echo, falseCmd, hostname, trueCmd } from "./builtins.ts";
import type { Command } from "./command.ts";

export const COMMANDS: Readonly<Record<string, Command>> = {
  echo,
  true: trueCmd,
  false: falseCmd,
  hostname,
};

export function findCommand(name: string): Command | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}
