/**
 * `docker run --network container:REF`: a container with no network of its own, whose
 * processes live in REF's namespace (its interfaces, routes, listeners) and whose
 * hostname and resolver files are REF's. Nothing is joined, nothing published; a server
 * that wants a port REF already holds fails to bind, retries, and gives up.
 */
import { getNetns, updateNetns } from "../kernel/netns.ts";
import type { Listener } from "../kernel/types.ts";
import { containerImage } from "../machines/images/index.ts";
import { profileOf } from "./engine/index.ts";
import { stampedLine } from "./log-lines.ts";
import { findContainer } from "./lookup.ts";
import type { Container, DockerWorld } from "./types.ts";

export const SHARED = "container:";

/** The container whose namespace `c` shares, as `c`'s network mode names it (a full id once resolved). */
export function sharedRef(mode: string): string | undefined {
  return mode.startsWith(SHARED) ? mode.slice(SHARED.length) : undefined;
}

/** The namespace a container's processes run in: the host's, the one it shares, or its own. */
export function netnsOfContainer(c: Container): string {
  if (c.networkMode === "host") return "host";
  return sharedRef(c.networkMode) ?? c.id;
}

/** Why REF's namespace cannot be joined now (no such container, or not running), in the engine's words. */
export function joinError(docker: DockerWorld["docker"], ref: string): string | undefined {
  const e = profileOf(docker).errors.joinNetns;
  const other = findContainer({ docker }, ref);
  if (!other) return e.missing(ref);
  if (other.status !== "running") return e.notRunning(other);
  return undefined;
}

/** The network mode a container is created with: REF resolved to its full id where it can be. */
export function resolvedMode(docker: DockerWorld["docker"], mode: string): string {
  const ref = sharedRef(mode);
  const other = ref === undefined ? undefined : findContainer({ docker }, ref);
  return other ? SHARED + other.id : mode;
}

/** Which of docker run's options the daemon refuses beside a shared namespace, first found first (validateNetContainerMode). */
export function sharedConflict(o: {
  readonly hostname: boolean;
  readonly dns: boolean;
  readonly extraHosts: boolean;
  readonly publish: boolean;
}): string | undefined {
  if (o.hostname) return "conflicting options: hostname and the network mode";
  if (o.dns) return "conflicting options: dns and the network mode";
  if (o.extraHosts) return "conflicting options: custom host-to-IP mapping and the network mode";
  if (o.publish) return "conflicting options: port publishing and the container type network mode";
  return undefined;
}

const overlaps = (a: Listener, b: Listener) =>
  a.proto === b.proto && a.port === b.port && (a.addr === b.addr || a.addr === "0.0.0.0" || b.addr === "0.0.0.0");

export interface Shared<W extends DockerWorld> {
  readonly world: W;
  readonly container: Container;
}

/**
 * Starts `c` inside the namespace of the container it shares: its hostname and resolver
 * files are that container's, its server listens there, or, when the port is taken,
 * logs nginx's bind failures and is due to exit with status 1 when nginx gives up.
 */
export function startShared<W extends DockerWorld>(world: W, c: Container, listeners: readonly Listener[]): Shared<W> {
  const ns = netnsOfContainer(c);
  const other = world.docker.containers.find((x) => x.id === ns);
  let w = world;
  const files = Object.hasOwn(w.files, ns) ? w.files[ns]! : {};
  const copied: Record<string, string> = {};
  for (const path of ["/etc/hosts", "/etc/resolv.conf", "/etc/hostname"]) {
    if (Object.hasOwn(files, path)) copied[path] = files[path]!;
  }
  const prev = Object.hasOwn(w.files, c.id) ? w.files[c.id]! : {};
  w = { ...w, files: { ...w.files, [c.id]: { ...prev, ...copied } } };
  return listenOrGiveUp(w, { ...c, hostname: other?.hostname ?? c.hostname }, ns, listeners);
}

/**
 * The server of `c` binds its sockets in namespace `ns` (another container's, or the host's
 * for `--network host`), or, when a port is taken there, logs nginx's bind failures and is
 * due to exit with status 1 when nginx gives up.
 */
export function listenOrGiveUp<W extends DockerWorld>(
  world: W,
  c: Container,
  ns: string,
  listeners: readonly Listener[],
): Shared<W> {
  let w = world;
  let started = c;
  const held = getNetns(w, ns)?.listeners ?? [];
  const taken = listeners.some((l) => held.some((h) => overlaps(h, l)));
  if (!taken) {
    w = updateNetns(w, ns, (n) => ({ ...n, listeners: [...n.listeners, ...listeners] }));
    return { world: w, container: started };
  }
  const fails = containerImage(c)?.server?.bindFailure;
  if (!fails) return { world: w, container: started };
  // The server is the container's PID 1; it gives up after its last try.
  const all = fails.lines(w.clock, 1);
  // `docker logs` at once shows the first try (two messages, each twice); the rest comes as it happens.
  const lines = all.slice(0, 4);
  started = { ...started, exitsAt: w.clock + fails.tries * fails.waitMs, exitsWith: 1, exitLog: all.slice(4) };
  const logs = Object.hasOwn(w.logs, c.id) ? w.logs[c.id]! : [];
  w = { ...w, logs: { ...w.logs, [c.id]: [...logs, ...lines.map((l) => stampedLine(l, w.clock))] } };
  return { world: w, container: started };
}
