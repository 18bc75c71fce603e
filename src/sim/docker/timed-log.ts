/**
 * What a detached container's first process writes as the lab's clock runs on: the lab runs
 * the process ahead at once (shell/commands/docker/oneshot.ts) and keeps each line with the
 * time it was written, so `docker logs` finds `hello` once a second of `while true; do echo
 * hello; sleep 1; done`, not all of them at its start nor none until it ends.
 */
import { appendLog } from "./lookup.ts";
import { updateContainer } from "./container.ts";
import type { DockerWorld, TimedLine } from "./types.ts";

/**
 * The lines of container `id` written by `until` appended to its log; the others stay
 * pending. The world is returned as it was when none is due.
 */
export function releaseLog<W extends DockerWorld>(world: W, id: string, until: number): W {
  const c = world.docker.containers.find((x) => x.id === id);
  const pending = c?.pendingLog;
  if (!pending) return world;
  const due = pending.lines.filter((l) => pending.from + l.after <= until);
  if (due.length === 0) return world;
  const rest = pending.lines.slice(due.length);
  const w = appendLog(
    world,
    id,
    due.map((l) => l.line).join("\n"),
    due.map((l) => pending.from + l.after),
  );
  return updateContainer(w, id, (x) => {
    const { pendingLog: _done, ...kept } = x;
    return rest.length > 0 ? { ...kept, pendingLog: { from: pending.from, lines: rest } } : kept;
  });
}

/** The log lines of a process that started at `from`, each stamped with its write's time (`end` when unstamped). */
export function timedLines(
  lines: readonly { readonly at?: number; readonly lines: readonly string[] }[],
  from: number,
  end: number,
): TimedLine[] {
  return lines.flatMap((o) => o.lines.map((line) => ({ after: (o.at ?? end) - from, line })));
}
