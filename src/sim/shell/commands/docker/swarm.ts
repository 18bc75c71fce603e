/**
 * `docker swarm`, `docker node` and `docker service` on a daemon that is in no swarm (the
 * lab's, as the oracle's): what asks the swarm's manager is refused with the daemon's own
 * text, and `swarm leave` is told there is nothing to leave. Starting or joining a swarm
 * is not modelled.
 */
import type { World } from "../../../world.ts";
import type { CommandResult } from "../../command.ts";

export const NOT_MANAGER =
  'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.';

/** The swarm subcommands that ask the manager. */
const MANAGER_CALLS = ["join-token", "update", "unlock-key", "ca"];

/** Whether the lab answers `docker SUB ARGS` here (the rest goes on as an unknown command). */
export function isSwarmCall(sub: string | undefined, rest: readonly string[]): boolean {
  if (sub === "node" || sub === "service") return rest[0] !== undefined;
  return sub === "swarm" && (rest[0] === "leave" || MANAGER_CALLS.includes(rest[0] ?? ""));
}

export function dockerSwarm(sub: string, rest: readonly string[], world: World): CommandResult {
  const text = sub === "swarm" && rest[0] === "leave" ? "This node is not part of a swarm" : NOT_MANAGER;
  return { world, stdout: "", stderr: `Error response from daemon: ${text}\n`, exitCode: 1 };
}
