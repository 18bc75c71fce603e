/**
 * dockerd's restart manager (moby's restartmanager): when a container's first process
 * exits by itself, its policy decides whether dockerd starts it again, and after how
 * long. The wait starts at 100 ms and doubles with each restart (at most a minute), back
 * to 100 ms once a run lasted 10 s; `on-failure:N` gives up after N restarts, and a zero
 * status never restarts it. `docker start`/`restart` make a fresh manager.
 */
import { appendLog, updateContainer } from "./lookup.ts";
import { startContainer, stopContainer } from "./container.ts";
import type { Container, DockerWorld } from "./types.ts";

const FIRST_WAIT_MS = 100;
const MAX_WAIT_MS = 60_000;
const RESET_AFTER_MS = 10_000;

/**
 * A detached one-off command that takes this long or less on the lab's clock ends as it
 * starts; one that waits (`sleep 1`, `sleep 3600`) keeps the container running until the clock
 * reaches its end, its lines logged as they come (shell/commands/docker/oneshot.ts).
 */
export const ENDS_AT_ONCE_MS = 0;

export interface RestartDecision {
  readonly restart: boolean;
  /** The manager's back-off after this decision, kept for the next one. */
  readonly wait: number;
}

/** ShouldRestart: `manual` is a stop or kill by hand; `ranMs` how long the process ran. */
export function decideRestart(c: Container, code: number, manual: boolean, ranMs: number): RestartDecision {
  const last = ranMs >= RESET_AFTER_MS ? 0 : (c.restartDelay ?? 0);
  const wait = last === 0 ? FIRST_WAIT_MS : Math.min(last * 2, MAX_WAIT_MS);
  const policy = c.restartPolicy?.name ?? "no";
  const max = c.restartPolicy?.maximumRetryCount ?? 0;
  // A stop or kill by hand ends every policy until the next start (the daemon's own restart aside).
  const restart =
    !manual &&
    (policy === "always" ||
      policy === "unless-stopped" ||
      (policy === "on-failure" && code !== 0 && (max === 0 || c.restartCount < max)));
  return { restart, wait };
}

/**
 * The container's first process exited by itself with `code` (`run` is a one-off command's,
 * replayed on each restart): dockerd tears the container down and, if its policy says so,
 * counts a restart and starts it again once the wait is over (settleRestarts).
 */
export function mainExited<W extends DockerWorld>(
  world: W,
  id: string,
  code: number,
  run?: Container["mainRun"],
  at = world.clock,
): W {
  const c = world.docker.containers.find((x) => x.id === id);
  if (!c || c.status !== "running") return world;
  const w = stopContainer(world, id, code);
  const d = decideRestart(c, code, false, at - c.startedAt);
  return updateContainer(w, id, (x) => ({
    ...x,
    restartDelay: d.wait,
    ...(run ? { mainRun: run } : {}),
    ...(d.restart ? { restartCount: x.restartCount + 1, restartAt: at + d.wait } : {}),
  }));
}

/** A start by hand (or a removal) cancels what the manager had planned, and the next one starts afresh. */
export function freshManager<W extends DockerWorld>(world: W, id: string): W {
  return updateContainer(world, id, (x) => {
    const { restartAt: _planned, restartDelay: _wait, ...rest } = x;
    return rest;
  });
}

/**
 * The restarts that were due by now, each at its own time: the container starts again
 * and a one-off command runs once more (ending at once, or `took` later via exitsAt).
 */
export function settleRestarts<W extends DockerWorld>(world: W): W {
  const now = world.clock;
  let w = world;
  for (let guard = 0; guard < 1000; guard++) {
    const due = w.docker.containers
      .filter((c) => c.status === "exited" && c.restartAt !== undefined && c.restartAt <= now)
      .sort((a, b) => a.restartAt! - b.restartAt!)[0];
    if (!due) break;
    const { restartAt: _done, ...rest } = due;
    w = updateContainer({ ...w, clock: due.restartAt! }, due.id, () => rest);
    const r = startContainer(w, due.id);
    if (!r.ok) continue;
    w = r.world;
    const run = due.mainRun;
    if (!run) continue;
    if (run.took > ENDS_AT_ONCE_MS) {
      w = updateContainer(w, due.id, (x) => ({
        ...x,
        exitsAt: w.clock + run.took,
        exitsWith: run.exitCode,
        ...(run.log ? { exitLog: run.log } : {}),
        ...(run.timed ? { pendingLog: { from: w.clock, lines: run.timed } } : {}),
      }));
      continue;
    }
    if (run.log) w = appendLog(w, due.id, run.log.join("\n"));
    w = mainExited(w, due.id, run.exitCode, run);
  }
  return w.clock < now ? { ...w, clock: now } : w;
}
