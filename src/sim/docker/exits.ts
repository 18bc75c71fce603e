/** Containers whose first process ends on its own while the lab's clock runs on. */
import { appendLog } from "./lookup.ts";
import { removeContainer, stopContainer, updateContainer } from "./container.ts";
import type { DockerWorld } from "./types.ts";

/**
 * The containers whose PID 1 was due to exit by now (nginx giving up a taken port), stopped
 * with their status as of that moment: what a `docker ps` typed later finds.
 */
export function settleExits<W extends DockerWorld>(world: W): W {
  let w = world;
  for (const c of world.docker.containers) {
    if (c.status !== "running" || c.exitsAt === undefined || c.exitsAt > world.clock) continue;
    const at = c.exitsAt;
    if (c.exitLog) w = appendLog(w, c.id, c.exitLog.join("\n"));
    w = stopContainer(w, c.id, c.exitsWith ?? 1);
    w = updateContainer(w, c.id, (x) => ({ ...x, finishedAt: at }));
    if (c.autoRemove) w = removeContainer(w, c.id);
  }
  return w;
}
