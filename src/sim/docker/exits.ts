/** Containers whose first process ends on its own while the lab's clock runs on. */
import { appendLog } from "./lookup.ts";
import { removeContainer, updateContainer } from "./container.ts";
import { mainExited, settleRestarts } from "./restart-manager.ts";
import type { DockerWorld } from "./types.ts";

/**
 * The containers whose PID 1 was due to exit by now (nginx giving up a taken port, a detached
 * `sleep`), stopped with their status as of that moment, and the restarts their policies made
 * since: what a `docker ps` typed later finds.
 */
export function settleExits<W extends DockerWorld>(world: W): W {
  let w = world;
  // A restarted command that ends again is due once more: each round settles one generation.
  for (let guard = 0; guard < 100; guard++) {
    const next = settleRestarts(settleDueExits(w));
    if (next === w) break;
    w = next;
  }
  return w;
}

function settleDueExits<W extends DockerWorld>(world: W): W {
  let w = world;
  for (const c of world.docker.containers) {
    if (c.status !== "running" || c.exitsAt === undefined || c.exitsAt > world.clock) continue;
    const at = c.exitsAt;
    if (c.exitLog) w = appendLog(w, c.id, c.exitLog.join("\n"));
    w = mainExited(w, c.id, c.exitsWith ?? 1, undefined, at);
    w = updateContainer(w, c.id, (x) => ({ ...x, finishedAt: at }));
    if (c.autoRemove) w = removeContainer(w, c.id);
  }
  return w;
}
