/**
 * The commands a terminal attached to a machine can run, as the lab's `help` lists them:
 * every modelled command whose program that machine has (or whose builtin its shell has),
 * with the tool's own one-line summary. Pure data, for the worker to hand to the page.
 */
import type { World } from "../world.ts";
import type { Session } from "./command.ts";
import { machineOf, providerOf, shellOf } from "./machine.ts";
import { COMMAND_SPECS } from "./registry.ts";

export interface AvailableCommand {
  readonly name: string;
  readonly summary: string;
}

export function commandsOn(
  world: World,
  session: Session,
): { kind: "host" | "internet" | "container"; commands: AvailableCommand[] } {
  const machine = machineOf(world, session);
  const shell = shellOf(session, machine);
  const commands = COMMAND_SPECS.filter((spec) => providerOf(machine, shell, spec.name) !== undefined)
    .map((spec) => ({ name: spec.name, summary: spec.summary }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { kind: machine.kind, commands };
}
