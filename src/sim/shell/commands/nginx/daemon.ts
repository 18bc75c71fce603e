/**
 * nginx started by hand in a container whose first process is something else (`sh -c
 * 'nginx; sleep 3600'`, `docker exec -d web nginx`): the image's nginx.conf leaves
 * `daemon on`, so the master forks into the background, binds :80 and [::]:80 and the
 * command returns at once. `nginx -s stop` then ends that master only: the container,
 * its docker-proxy and its DNAT rules stay, which is how a published port comes to be
 * held on the host with nothing behind it.
 */
import { serverListeners } from "../../../docker/image-server.ts";
import { netnsOfContainer } from "../../../docker/shared-netns.ts";
import type { Container } from "../../../docker/types.ts";
import { getNetns, updateNetns } from "../../../kernel/netns.ts";
import type { Listener } from "../../../kernel/types.ts";
import { findImage } from "../../../machines/images/index.ts";
import type { World } from "../../../world.ts";

function isDaemonOf(l: Listener, c: Container): boolean {
  return l.app.kind === "nginx" && l.app.container === c.id;
}

/** Whether an nginx master of this container holds its sockets now. */
export function daemonRunning(world: World, c: Container): boolean {
  return getNetns(world, netnsOfContainer(c))?.listeners.some((l) => isDaemonOf(l, c)) ?? false;
}

/** The master forked by `nginx` (pid `self`): its sockets open in the container's namespace. */
export function startDaemon(world: World, c: Container, self: number): World {
  const server = findImage("nginx")?.server;
  if (!server) return world;
  // nginx forks once to daemonise: the master is its child.
  // nginx forks once to daemonise: the master is its child.
  const opened = serverListeners(server, c.id, self + 1);
  return updateNetns(world, netnsOfContainer(c), (n) => ({ ...n, listeners: [...n.listeners, ...opened] }));
}

/** `stop`/`quit` reach the background master: its sockets close, the container runs on. */
export function stopDaemon(world: World, c: Container): World {
  return updateNetns(world, netnsOfContainer(c), (n) => ({
    ...n,
    listeners: n.listeners.filter((l) => !isDaemonOf(l, c)),
  }));
}
