/**
 * What a signal does to the lab's processes, once the kernel has found the target:
 * the consequences live in the world, never in the text `kill` prints.
 *
 * - docker-proxy (Go) dies on any signal whose default action ends a process, and
 *   its listening socket closes with it: `curl localhost:2024` is refused while the
 *   DNAT rules still carry what comes from outside. dockerd does not start it again;
 *   the container's next start does. SIGSTOP freezes it (connections hang), SIGCONT thaws.
 * - A container's first process is its PID namespace's init: the kernel delivers only
 *   the signals it handles, except SIGKILL and SIGSTOP sent from the host, which are
 *   forced. nginx handles TERM and INT (fast shutdown), QUIT (graceful), HUP (reload),
 *   USR1, USR2 and WINCH; a shell handles none of these. When init exits the container
 *   stops as on `docker stop` (dockerd takes its rules, proxies and conntrack entries
 *   away) with status 0, or 128+N for a signal that killed it, and its restart policy
 *   decides whether dockerd starts it again.
 * - A server of the internet machine (python3) dies on a terminating signal and closes its socket.
 */
import { serverOf, startContainer, stopContainer, updateContainer } from "../docker/container.ts";
import { decideRestart } from "../docker/restart-manager.ts";
import { workerPidOf, type Container, type DockerWorld } from "../docker/types.ts";
import { getNetns, updateNetns } from "../kernel/netns.ts";

export const SIGHUP = 1;
export const SIGINT = 2;
export const SIGQUIT = 3;
export const SIGKILL = 9;
export const SIGTERM = 15;
export const SIGCONT = 18;
export const SIGSTOP = 19;

/** Signals whose default action is not to end the process (ignore, stop, continue). */
const NOT_FATAL = new Set([0, 17, 18, 19, 20, 21, 22, 23, 28]);

/** Whether the signal's default action ends a process. */
export function endsByDefault(sig: number): boolean {
  return !NOT_FATAL.has(sig);
}

/** The signals nginx's master installs handlers for (ngx_process.c's signals[]). */
const NGINX_HANDLED = new Set([1, 2, 3, 10, 12, 14, 15, 28, 29]);

/** Which machine a signal is sent from: its PID namespace decides what a PID means. */
export type SignalSource = { readonly kind: "host" } | { readonly kind: "internet" } | { readonly container: string };

/** What `sig`, sent to `pid` from `from`, does to the world (the caller has checked that the process exists). */
export function signal<W extends DockerWorld>(world: W, from: SignalSource, pid: number, sig: number): W {
  if (sig === 0) return world;
  if ("container" in from) {
    const c = world.docker.containers.find((x) => x.id === from.container);
    if (!c || c.status !== "running") return world;
    if (pid === 1) return signalInit(world, c, sig, { fromHost: false });
    return pid === NGINX_WORKER && serverOf(c)?.program === "nginx" ? toWorker(world, c, sig) : world;
  }
  if (from.kind === "host") {
    const c = world.docker.containers.find((x) => x.status === "running" && x.pid === pid);
    if (c) return signalInit(world, c, sig, { fromHost: true });
    const w = world.docker.containers.find((x) => x.status === "running" && workerPidOf(x) === pid);
    if (w && serverOf(w)?.program === "nginx") return toWorker(world, w, sig);
  }
  return toListenerOwner(world, from.kind, pid, sig);
}

/** nginx's worker inside the container's PID namespace (runc's threads took 2..6). */
const NGINX_WORKER = 7;

/**
 * nginx's worker: it is the one that accepts and answers, so a stopped worker leaves
 * clients waiting (the kernel still completes their handshakes) until SIGCONT. One that
 * dies is forked again by the master at once, so nothing else changes.
 */
function toWorker<W extends DockerWorld>(world: W, c: Container, sig: number): W {
  if (sig !== SIGSTOP && sig !== SIGCONT && !(sig >= 20 && sig <= 22)) return world;
  const frozen = sig !== SIGCONT;
  const id = c.networkMode === "host" ? "host" : c.id;
  return updateNetns(world, id, (n) => ({
    ...n,
    listeners: n.listeners.map((l) => ("container" in l.app && l.app.container === c.id ? { ...l, frozen } : l)),
  }));
}

/** A process that owns listening sockets (docker-proxy on the host, the internet's servers). */
function toListenerOwner<W extends DockerWorld>(world: W, netns: "host" | "internet", pid: number, sig: number): W {
  const ns = getNetns(world, netns);
  if (!ns || !ns.listeners.some((l) => l.pid === pid && !("container" in l.app))) return world;
  if (sig === SIGSTOP || sig === 20 || sig === 21 || sig === 22 || sig === SIGCONT) {
    const frozen = sig !== SIGCONT;
    return updateNetns(world, netns, (n) => ({
      ...n,
      listeners: n.listeners.map((l) => (l.pid === pid ? { ...l, frozen } : l)),
    }));
  }
  if (!endsByDefault(sig)) return world;
  return updateNetns(world, netns, (n) => ({ ...n, listeners: n.listeners.filter((l) => l.pid !== pid) }));
}

/**
 * A signal reaching a container's init, from inside its namespace or from the host
 * (`kill`, or dockerd for `docker kill`). `manual`: dockerd sent the container's stop
 * signal, which tells its restart manager not to start it again.
 */
export function signalInit<W extends DockerWorld>(
  world: W,
  c: Container,
  sig: number,
  opts: { readonly fromHost: boolean; readonly manual?: boolean },
): W {
  const nginx = serverOf(c)?.program === "nginx";
  const manual = opts.manual ?? false;
  if (opts.fromHost && sig === SIGKILL) return initExited(world, c, 128 + SIGKILL, manual);
  if (!nginx || !NGINX_HANDLED.has(sig)) return world;
  // TERM and INT: fast shutdown; QUIT: graceful; both exit 0. The others reload or reopen.
  if (sig === SIGTERM || sig === SIGINT || sig === SIGQUIT) return initExited(world, c, 0, manual);
  return world;
}

/** The container's first process ended: dockerd tears it down, then applies its restart policy. */
export function initExited<W extends DockerWorld>(world: W, c: Container, code: number, manual = false): W {
  let w = stopContainer(world, c.id, code);
  const d = decideRestart(c, code, manual, w.clock - c.startedAt);
  w = updateContainer(w, c.id, (x) => ({ ...x, restartDelay: d.wait }));
  if (!d.restart) return w;
  // The manager's wait passes before the next command (the lab runs one command at a time).
  w = { ...w, clock: w.clock + d.wait };
  const r = startContainer(w, c.id);
  if (!r.ok) return w;
  return updateContainer(r.world, c.id, (x) => ({ ...x, restartCount: x.restartCount + 1 }));
}
