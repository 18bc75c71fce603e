/** `docker pause` and `unpause`: the freezer, and the requests a frozen server leaves unread. */
import { updateNetns } from "../kernel/netns.ts";
import { stampedLine } from "./log-lines.ts";
import { updateContainer } from "./lookup.ts";
import { netnsOfContainer } from "./shared-netns.ts";
import type { DockerWorld } from "./types.ts";

/**
 * `docker pause`/`unpause`: the cgroup freezer stops or resumes every process of the
 * container. Its namespace, addresses and rules stay; its kernel still answers (ping,
 * TCP handshakes), but its programs read nothing and answer nothing.
 */
export function setPaused<W extends DockerWorld>(world: W, id: string, paused: boolean): W {
  const c = world.docker.containers.find((x) => x.id === id);
  if (!c || c.status !== "running") return world;
  const w = updateNetns(world, netnsOfContainer(c), (ns) => ({
    ...ns,
    listeners: ns.listeners.map((l) => {
      if (!("container" in l.app) || l.app.container !== c.id) return l;
      const { frozen: _f, ...rest } = l;
      return paused ? { ...rest, frozen: true } : rest;
    }),
  }));
  const thawed = paused ? w : releaseQueuedLog(w, c.id);
  return updateContainer(thawed, id, (x) => {
    const { paused: _p, ...rest } = x;
    return paused ? { ...rest, paused: true } : rest;
  });
}

/** Where a frozen server's unread requests wait (programs/nginx.ts writes them). */
export const pausedLog = (id: string) => `paused:${id}`;

/** On unpause the server reads what waited in its sockets and logs it; a stop discards it. */
function releaseQueuedLog<W extends DockerWorld>(world: W, id: string): W {
  const key = pausedLog(id);
  if (!Object.hasOwn(world.logs, key)) return world;
  const logs = { ...world.logs };
  const queued = logs[key]!;
  delete logs[key];
  logs[id] = [...(logs[id] ?? []), ...queued.map((l) => stampedLine(l, world.clock))];
  return { ...world, logs };
}
