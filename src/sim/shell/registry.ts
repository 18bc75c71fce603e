/** Every command the lab's shell knows, by name. */
import { echo, falseCmd, hostname, trueCmd } from "./builtins.ts";
import type { Command } from "./command.ts";
import { conntrack } from "./conntrack.ts";
import { curl } from "./curl.ts";
import { ping } from "./ping.ts";
import { xtablesMonitor } from "./xtables-monitor.ts";
import { IPTABLES_COMMANDS } from "./iptables.ts";

export const COMMANDS: Readonly<Record<string, Command>> = {
  echo,
  true: trueCmd,
  false: falseCmd,
  hostname,
  curl,
  ping,
  conntrack,
  "xtables-monitor": xtablesMonitor,
  ...IPTABLES_COMMANDS,
};

export function findCommand(name: string): Command | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}
