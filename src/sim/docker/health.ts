/**
 * `--health-cmd`: the daemon runs the check every interval in the container and keeps a
 * status (starting, healthy, unhealthy) and a failing streak. The lab runs the check when
 * someone looks (`docker ps`, `docker inspect`): once for all the checks that fell due
 * since the last look, on the container as it is then; its side effects are not kept.
 */
import type { Container, DockerWorld, HealthConfig } from "./types.ts";

/** Go's time.ParseDuration for the forms a person types (`1s`, `500ms`, `1m30s`), in ms. */
export function durationMs(v: string): number | undefined {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
  const parts = [...v.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((m) => m[0]).join("") !== v) return undefined;
  return parts.reduce((ms, m) => ms + Number(m[1]) * units[m[2]!]!, 0);
}

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
    ...(h.interval !== undefined ? { Interval: h.interval * 1e6 } : {}),
    ...(h.timeout !== undefined ? { Timeout: h.timeout * 1e6 } : {}),
    ...(h.startPeriod !== undefined ? { StartPeriod: h.startPeriod * 1e6 } : {}),
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
    const interval = h.interval ?? DEFAULT_INTERVAL;
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
