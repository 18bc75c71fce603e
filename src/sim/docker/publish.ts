/**
 * Port publishing as Docker 26 does it: the port allocator (one per host IP and
 * protocol; ephemeral ports sequential from 32768, never reusing one until the
 * range wraps), a `::` binding beside every unaddressed one, docker-proxy
 * listeners in the host namespace, and the errors `docker run` reports.
 */
import { getNetns } from "../kernel/netns.ts";
import type { Listener } from "../kernel/types.ts";
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
  return listeners.some(
    (l) =>
      l.proto === proto &&
      l.port === port &&
      isV6(l.addr) === isV6(ip) &&
      (l.addr === ip || l.addr === "0.0.0.0" || ip === "0.0.0.0" || l.addr === "::" || ip === "::"),
  );
}

export type PublishResult =
  | { readonly ok: true; readonly docker: DockerState; readonly bindings: readonly PortBinding[] }
  | { readonly ok: false; readonly error: string };

/** Allocates every requested binding (all or nothing). `userlandProxy` adds the kernel's bind check. */
export function allocatePorts(
  world: DockerWorld,
  requests: readonly PortRequest[],
  userlandProxy: boolean,
): PublishResult {
  let docker = world.docker;
  const listeners = [...(getNetns(world, "host")?.listeners ?? [])];
  const bindings: PortBinding[] = [];
  for (const req of sortPortRequests(requests)) {
    const ips = req.hostIp === "" ? ["0.0.0.0", "::"] : [req.hostIp];
    for (const hostIp of ips) {
      const key = `${hostIp}/${req.proto}`;
      const taken = (port: number) =>
        docker.portsInUse.includes(inUseKey({ hostIp, hostPort: port, proto: req.proto }));
      const family = `${req.proto}${isV6(hostIp) ? "6" : "4"}`;
      const proxyErr = (port: number) => profileOf(world.docker).errors.proxyBindFailed(family, hostIp, port);
      let chosen: number | undefined;
      let error: string | undefined;
      if (req.hostPortFrom !== 0 && req.hostPortFrom === req.hostPortTo) {
        const port = req.hostPortFrom;
        if (taken(port)) error = `Bind for ${hostIp}:${port} failed: port is already allocated`;
        else if (userlandProxy && bindConflict(listeners, req.proto, hostIp, port)) error = proxyErr(port);
        else chosen = port;
      } else {
        const ranged = req.hostPortFrom !== 0;
        const begin = ranged ? req.hostPortFrom : EPHEMERAL_FIRST;
        const end = ranged ? req.hostPortTo : EPHEMERAL_LAST;
        let port = ranged ? begin - 1 : (docker.lastEphemeral[key] ?? end);
        for (let i = 0; i <= end - begin; i++) {
          port = port + 1 > end ? begin : port + 1;
          if (taken(port)) continue;
          if (!ranged) docker = { ...docker, lastEphemeral: { ...docker.lastEphemeral, [key]: port } };
          // dockerd retries the next port when the proxy cannot bind this one.
          if (userlandProxy && bindConflict(listeners, req.proto, hostIp, port)) continue;
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
      docker = { ...docker, portsInUse: [...docker.portsInUse, inUseKey(b)] };
      listeners.push({
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
