/**
 * `--network container:NAME`: a container started in the namespace of the one its mode
 * names (shared-netns.ts), with no endpoint and no ports of its own.
 */
import { imageListeners } from "./image-server.ts";
import { logContainerEvent } from "./events.ts";
import { updateContainer } from "./lookup.ts";
import type { EngineResult } from "./network.ts";
import { startNginxConf } from "./nginx-conf.ts";
import { joinError, resolvedMode, sharedRef, startShared } from "./shared-netns.ts";
import { START_MS } from "./timing.ts";
import type { Container, DockerWorld } from "./types.ts";

/** Starts a container in the namespace of the one its mode names (shared-netns.ts): no endpoint, no ports of its own. */
export function startSharing<W extends DockerWorld>(world: W, c0: Container): EngineResult<W> {
  const why = joinError(world.docker, sharedRef(c0.networkMode)!);
  if (why) return { ok: false, world, error: why };
  let w: W = { ...world, clock: world.clock + START_MS };
  const pid = w.nextPid + 21;
  w = { ...w, nextPid: pid + 2 };
  const c1: Container = {
    ...c0,
    networkMode: resolvedMode(w.docker, c0.networkMode),
    status: "running",
    exitCode: 0,
    pid,
    startedAt: w.clock,
    endpoints: [],
    ports: [],
  };
  const s = startShared(w, c1, imageListeners(c1, pid));
  const { paused: _thawed, ...running } = s.container;
  const w2 = startNginxConf(
    updateContainer(s.world, c0.id, () => running),
    c0.id,
  );
  return { ok: true, world: logContainerEvent(w2, running, "start") };
}
