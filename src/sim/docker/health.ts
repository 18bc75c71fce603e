/**
 * `--health-cmd`: the daemon runs the check every interval in the container and keeps a
 * status (starting, healthy, unhealthy) and a failing streak. The lab runs the check when
 * someone looks (`docker ps`, `docker inspect`): once for all the checks that fell due
 * since the last look, on the container as it is then; its side effects are not kept.
 */
import type { Container, DockerWorld, HealthConfig } from "./types.ts";

const DEFAULT_INTERVAL = 30_000;
/**
 * What one probe takes (an exec in the container: runc, the shell, the check): the daemon
 * waits the interval again only once a probe is done, so probes come interval + this apart.
 */
const PROBE_MS = 250;
const DEFAULT_RETRIES = 3;

/** Config.Healthcheck as JSON: the durations in ns, each only when given. */
export function healthcheckJson(h: HealthConfig): object {
  return {
    Test: ["CMD-SHELL", h.cmd],
    ...(h.interval !== undefined ? { Interval: Math.round(h.interval * 1e6) } : {}),
    ...(h.timeout !== undefined ? { Timeout: Math.round(h.timeout * 1e6) } : {}),
    ...(h.startPeriod !== undefined ? { StartPeriod: Math.round(h.startPeriod * 1e6) } : {}),
    ...(h.retries !== undefined ? { Retries: h.retries } : {}),
  };
}

/** The status as ps shows it after Up …: ` (healthy)`, ` (health: starting)`. */
export function healthSuffix(c: Container): string {
  if (c.status !== "running" || !c.settings?.health) return "";
  const s = c.health?.status ?? "starting";
  return s === "starting" ? " (health: starting)" : ` (${s})`;
}

/** Each running container's checks that fell due, run now by `check` (the check's exit status). */
export function settleHealth<W extends DockerWorld>(world: W, check: (c: Container) => number): W {
  let w = world;
  for (const c of world.docker.containers) {
    const h = c.settings?.health;
    if (!h || c.status !== "running" || c.paused) continue;
    // Zero, as `--health-interval 0` gives, is the daemon's default too.
    const interval = h.interval || DEFAULT_INTERVAL;
    const due = Math.floor((w.clock - c.startedAt) / (interval + PROBE_MS));
    const done = c.health?.checks ?? 0;
    if (due <= done) continue;
    const ok = check(c) === 0;
    const streak = ok ? 0 : (c.health?.failingStreak ?? 0) + (due - done);
    const status = ok
      ? "healthy"
      : streak >= (h.retries ?? DEFAULT_RETRIES)
        ? "unhealthy"
        : (c.health?.status ?? "starting");
    const next: Container = { ...c, health: { status, failingStreak: streak, checks: due } };
    w = { ...w, docker: { ...w.docker, containers: w.docker.containers.map((x) => (x.id === c.id ? next : x)) } };
  }
  return w;
}
