/** Containers whose first process ends on its own while the lab's clock runs on. */
import { appendLog } from "./lookup.ts";
import { removeContainer, updateContainer } from "./container.ts";
import { mainExited, settleRestarts } from "./restart-manager.ts";
import { mainServer } from "./main-server.ts";
import { netnsOfContainer } from "./shared-netns.ts";
import { releaseLog } from "./timed-log.ts";
import type { Container, DockerWorld } from "./types.ts";

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

/**
 * Whether the container's process is a plain `nc -l` whose one client has come and gone
 * (programs/http-exchange.ts closed its socket): nc has exited, and the shell with it.
 */
function ncServed(world: DockerWorld, c: Container): boolean {
  if (!c.execArgv) return false;
  const ns = netnsOfContainer(c);
  const server = mainServer(c.execArgv, ns, c.id, "/", true);
  if (server?.app.kind !== "nc-exec" || !server.app.once || server.app.prog.length > 0) return false;
  return !(world.netns[ns]?.listeners ?? []).some((l) => l.pid === c.pid && l.app.kind === "nc-exec");
}

function settleDueExits<W extends DockerWorld>(world: W): W {
  let w = world;
  for (const c of world.docker.containers) {
    if (c.status !== "running") continue;
    if (c.pendingLog) w = releaseLog(w, c.id, Math.min(world.clock, c.exitsAt ?? Infinity));
    if (c.exitsAt === undefined) {
      if (ncServed(world, c)) w = mainExited(w, c.id, 0, undefined, world.clock);
      continue;
    }
    if (c.exitsAt > world.clock) continue;
    const at = c.exitsAt;
    if (c.exitLog) w = appendLog(w, c.id, c.exitLog.join("\n"));
    w = mainExited(w, c.id, c.exitsWith ?? 1, undefined, at);
    w = updateContainer(w, c.id, (x) => ({ ...x, finishedAt: at }));
    if (c.autoRemove) w = removeContainer(w, c.id);
  }
  return w;
}
