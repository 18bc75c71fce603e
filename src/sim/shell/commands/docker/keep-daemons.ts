import { findContainer } from "../../../docker/container.ts";
import { netnsOfContainer } from "../../../docker/shared-netns.ts";
import { getNetns, updateNetns } from "../../../kernel/netns.ts";
import type { World } from "../../../world.ts";

/**
 * A command that runs on in the background keeps what its daemons opened (`nginx` forks
 * and binds at once, before the `sleep` that follows it): the sockets in the container's
 * namespace as the command left them, without the time it took or its other effects.
 */
export function keepDaemons(before: World, after: World, id: string): World {
  const c = findContainer(before, id);
  const ns = c && getNetns(after, netnsOfContainer(c));
  return ns ? updateNetns(before, netnsOfContainer(c), (n) => ({ ...n, listeners: ns.listeners })) : before;
}
