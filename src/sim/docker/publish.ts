/**
 * Port publishing as Docker 26 does it: the port allocator (one per host IP and
 * protocol; ephemeral ports sequential from 32768, never reusing one until the
 * range wraps), a `::` binding beside every unaddressed one, docker-proxy
 * listeners in the host namespace, and the errors `docker run` reports.
 */
import type { Listener, Netns } from "../kernel/types.ts";
import { profileOf } from "./engine/index.ts";
import { sortPortRequests } from "./ports.ts";
import type { DockerState, DockerWorld, PortBinding, PortRequest, Proto } from "./types.ts";

export const EPHEMERAL_FIRST = 32768;
export const EPHEMERAL_LAST = 60999;

export function inUseKey(b: { hostIp: string; hostPort: number; proto: Proto }): string {
  return `${b.proto}/${b.hostIp}:${b.hostPort}`;
}

function isV6(ip: string): boolean {
  return ip.includes(":");
}

/** Whether binding ip:port would fail in the kernel because a socket already holds it. */
function bindConflict(listeners: readonly Listener[], proto: string, ip: string, port: number): boolean {
  for (const l of listeners) {
    if (l.port !== port || l.proto !== proto || isV6(l.addr) !== isV6(ip)) continue;
    if (l.addr === ip || l.addr === "0.0.0.0" || ip === "0.0.0.0" || l.addr === "::" || ip === "::") return true;
  }
  return false;
}

/**
 * `portsInUse` as a set, kept per list: adding a key hands the set of the list it
 * extends over to the new list, so a run of `docker run`s asks in O(1) whether a port
 * is taken (the old list, held only by undo history, rebuilds its own when asked).
 */
const IN_USE = new WeakMap<readonly string[], Set<string>>();

function inUseSet(list: readonly string[]): Set<string> {
  let s = IN_USE.get(list);
  if (!s) IN_USE.set(list, (s = new Set(list)));
  return s;
}

function withInUse(list: readonly string[], key: string): readonly string[] {
  const next = [...list, key];
  const s = IN_USE.get(list);
  if (s) {
    IN_USE.delete(list);
    s.add(key);
    IN_USE.set(next, s);
  }
  return next;
}

export type PublishResult =
  | { readonly ok: true; readonly docker: DockerState; readonly bindings: readonly PortBinding[] }
  | { readonly ok: false; readonly error: string };

/**
 * Allocates every requested binding (all or nothing). `userlandProxy` adds the kernel's
 * bind check against the host's sockets. A request without an address binds the
 * network's default (`defaultIp`, host_binding_ipv4): 0.0.0.0 and `::` unless the
 * network names one address.
 */
export function allocatePorts(
  world: DockerWorld,
  host: Netns | undefined,
  requests: readonly PortRequest[],
  userlandProxy: boolean,
  defaultIp = "0.0.0.0",
): PublishResult {
  let docker = world.docker;
  const hostListeners = host?.listeners ?? [];
  const added: Listener[] = [];
  const bindings: PortBinding[] = [];
  for (const req of sortPortRequests(requests)) {
    const ips = req.hostIp !== "" ? [req.hostIp] : defaultIp === "0.0.0.0" ? ["0.0.0.0", "::"] : [defaultIp];
    for (const hostIp of ips) {
      const key = `${hostIp}/${req.proto}`;
      const isTaken = (port: number) =>
        inUseSet(docker.portsInUse).has(inUseKey({ hostIp, hostPort: port, proto: req.proto }));
      const bindConflicts = (port: number) =>
        bindConflict(hostListeners, req.proto, hostIp, port) || bindConflict(added, req.proto, hostIp, port);
      const family = `${req.proto}${isV6(hostIp) ? "6" : "4"}`;
      const proxyErr = (port: number) => profileOf(world.docker).errors.proxyBindFailed(family, hostIp, port);
      let chosen: number | undefined;
      let error: string | undefined;
      if (req.hostPortFrom !== 0 && req.hostPortFrom === req.hostPortTo) {
        const port = req.hostPortFrom;
        if (isTaken(port)) error = `Bind for ${hostIp}:${port} failed: port is already allocated`;
        else if (userlandProxy && bindConflicts(port)) error = proxyErr(port);
        else chosen = port;
      } else {
        const ranged = req.hostPortFrom !== 0;
        const begin = ranged ? req.hostPortFrom : EPHEMERAL_FIRST;
        const end = ranged ? req.hostPortTo : EPHEMERAL_LAST;
        let port = ranged ? begin - 1 : (docker.lastEphemeral[key] ?? end);
        for (let i = 0; i <= end - begin; i++) {
          port = port + 1 > end ? begin : port + 1;
          if (isTaken(port)) continue;
          if (!ranged) docker = { ...docker, lastEphemeral: { ...docker.lastEphemeral, [key]: port } };
          // dockerd retries the next port when the proxy cannot bind this one.
          if (userlandProxy && bindConflicts(port)) continue;
          chosen = port;
          break;
        }
        if (chosen === undefined && error === undefined) {
          error = ranged
            ? `Bind for ${hostIp}:${req.hostPortFrom}-${req.hostPortTo} failed: port is already allocated`
            : "all ports are allocated";
        }
      }
      if (chosen === undefined) return { ok: false, error: error ?? "all ports are allocated" };
      const b: PortBinding = { hostIp, hostPort: chosen, containerPort: req.containerPort, proto: req.proto };
      bindings.push(b);
      docker = { ...docker, portsInUse: withInUse(docker.portsInUse, inUseKey(b)) };
      added.push({
        proto: req.proto === "udp" ? "udp" : "tcp",
        addr: hostIp,
        port: chosen,
        pid: 0,
        process: "docker-proxy",
        app: { kind: "docker-proxy", toAddr: "", toPort: 0 },
      });
    }
  }
  return { ok: true, docker, bindings };
}

/** Frees a container's host ports. */
export function releasePorts(docker: DockerState, bindings: readonly PortBinding[]): DockerState {
  const gone = new Set(bindings.map(inUseKey));
  return { ...docker, portsInUse: docker.portsInUse.filter((k) => !gone.has(k)) };
}
