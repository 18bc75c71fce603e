/**
 * Port publishing: the port allocator (ephemeral ports sequential from 32768, never
 * reusing one until the range wraps; per address on 26, one port per request on
 * 27+), a `::` binding beside every unaddressed one, docker-proxy listeners in the
 * host namespace, and the errors `docker run` reports (the engine's wording).
 */
import type { Listener, Netns } from "../kernel/types.ts";
import { hasIpv6Loopback, IP6_LOOPBACK } from "../kernel/ipv6.ts";
import { isLocalFor } from "../kernel/stack/fib-cache.ts";
import { profileOf } from "./engine/index.ts";
import type { BindFailure } from "./engine/profile.ts";
import type { DockerState, DockerWorld, PortBinding, PortRequest, Proto } from "./types.ts";

export const EPHEMERAL_FIRST = 32768;
export const EPHEMERAL_LAST = 60999;
/** maxAllocatePortAttempts: how many ephemeral ports the daemon tries before it gives up. */
const ALLOCATE_ATTEMPTS = 10;

export function inUseKey(b: { hostIp: string; hostPort: number; proto: Proto }): string {
  return `${b.proto}/${b.hostIp}:${b.hostPort}`;
}

function isV6(ip: string): boolean {
  return ip.includes(":");
}

/** Whether binding ip:port would fail in the kernel because a socket already holds it. */
function bindConflict(listeners: readonly Listener[], proto: string, ip: string, port: number): boolean {
  for (const l of listeners) {
    if (l.port !== port || l.proto !== proto) continue;
    // A `::` socket without IPV6_V6ONLY (busybox httpd, nc) holds the port on every IPv4 address too.
    if (isV6(l.addr) !== isV6(ip) && !l.dualStack) continue;
    if (l.addr === ip || l.addr === "0.0.0.0" || ip === "0.0.0.0" || l.addr === "::" || ip === "::") return true;
  }
  return false;
}

/**
 * `portsInUse` as a set, kept per list: adding a key hands the set of the list it
 * extends over to the new list, so a run of `docker run`s asks in O(1) whether a port
 * is taken (the old list, held only by undo history, rebuilds its own when asked).
 * Beside it, the addresses holding each protocol's port, for 27+'s overlap check.
 */
interface InUseIndex {
  readonly keys: Set<string>;
  /** `tcp/2024` → the host addresses that hold it. */
  readonly byPort: Map<string, string[]>;
}

const IN_USE = new WeakMap<readonly string[], InUseIndex>();

function parseKey(k: string): { proto: string; ip: string; port: string } | undefined {
  const m = /^(\w+)\/(.*):(\d+)$/.exec(k);
  return m ? { proto: m[1]!, ip: m[2]!, port: m[3]! } : undefined;
}

function indexAdd(ix: InUseIndex, key: string): void {
  ix.keys.add(key);
  const p = parseKey(key);
  if (!p) return;
  const pk = `${p.proto}/${p.port}`;
  const ips = ix.byPort.get(pk);
  if (ips) ips.push(p.ip);
  else ix.byPort.set(pk, [p.ip]);
}

function inUseIndex(list: readonly string[]): InUseIndex {
  let ix = IN_USE.get(list);
  if (!ix) {
    ix = { keys: new Set(), byPort: new Map() };
    for (const k of list) indexAdd(ix, k);
    IN_USE.set(list, ix);
  }
  return ix;
}

function withInUse(list: readonly string[], key: string): readonly string[] {
  const next = [...list, key];
  const ix = IN_USE.get(list);
  if (ix) {
    IN_USE.delete(list);
    indexAdd(ix, key);
    IN_USE.set(next, ix);
  }
  return next;
}

/**
 * The address whose allocation of `port` stands in the way of `ip`, if any. 26's
 * allocator keeps one map per address; 27+ also sees the family's unspecified
 * address as overlapping every other address of that family, both ways.
 */
function heldBinding(
  inUse: readonly string[],
  proto: Proto,
  ip: string,
  port: number,
  overlap: boolean,
): string | undefined {
  const ix = inUseIndex(inUse);
  if (ix.keys.has(inUseKey({ hostIp: ip, hostPort: port, proto }))) return ip;
  if (!overlap) return undefined;
  const any = isV6(ip) ? "::" : "0.0.0.0";
  for (const held of ix.byPort.get(`${proto}/${port}`) ?? []) {
    if (isV6(held) !== isV6(ip)) continue;
    if (held === any || ip === any) return held;
  }
  return undefined;
}

/** bind() takes a wildcard or one of the host's own addresses (EADDRNOTAVAIL otherwise). */
function bindable(host: Netns, ip: string): boolean {
  if (ip === "0.0.0.0" || ip === "::") return true;
  if (isV6(ip)) return ip === IP6_LOOPBACK && hasIpv6Loopback(host);
  return isLocalFor(host, ip);
}

function bindFailure(req: PortRequest, ip: string, port: number, containerIp: string): BindFailure {
  return {
    family: `${req.proto}${isV6(ip) ? "6" : "4"}`,
    hostIp: ip,
    hostPort: port,
    containerIp,
    containerPort: req.containerPort,
    proto: req.proto,
  };
}

export type PublishResult =
  | { readonly ok: true; readonly docker: DockerState; readonly bindings: readonly PortBinding[] }
  | { readonly ok: false; readonly error: string };

/**
 * Allocates every requested binding (all or nothing), in the engine's order and way
 * (profile.ports), with the kernel's bind check against the host's sockets: on 26 the
 * proxy binds, or its dummy when the proxy is off; 27 and later bind in dockerd itself.
 * A request without an address binds the network's default (`defaultIp`,
 * host_binding_ipv4): 0.0.0.0, and `::` beside it when something can carry IPv6 to the
 * container (the proxy, or the container's own IPv6 address), unless the network names one address.
 */
export function allocatePorts(
  world: DockerWorld,
  host: Netns | undefined,
  requests: readonly PortRequest[],
  userlandProxy: boolean,
  defaultIp = "0.0.0.0",
  containerIp = "",
  containerIpv6 = false,
): PublishResult {
  const profile = profileOf(world.docker);
  const shared = profile.ports.onePortPerRequest;
  const anyIps = userlandProxy || containerIpv6 ? ["0.0.0.0", "::"] : ["0.0.0.0"];
  let docker = world.docker;
  const hostListeners = host?.listeners ?? [];
  const added: Listener[] = [];
  const bindings: PortBinding[] = [];
  const bindConflicts = (proto: Proto, ip: string, port: number) =>
    bindConflict(hostListeners, proto, ip, port) || bindConflict(added, proto, ip, port);
  const repeated = new Set<string>();
  for (const req of profile.ports.order(requests)) {
    const same = `${req.proto}/${req.hostIp}:${req.hostPortFrom}-${req.hostPortTo}:${req.containerPort}`;
    if (profile.ports.repeatedTcpListen !== undefined && req.proto === "tcp" && repeated.has(same))
      return { ok: false, error: profile.ports.repeatedTcpListen };
    repeated.add(same);
    const ips = req.hostIp !== "" ? [req.hostIp] : defaultIp === "0.0.0.0" ? anyIps : [defaultIp];
    const held = (ip: string, port: number) => heldBinding(docker.portsInUse, req.proto, ip, port, shared);
    const bindErr = (ip: string, port: number, reason?: string) =>
      profile.errors.proxyBindFailed(
        { ...(reason ? { reason } : {}), ...bindFailure(req, ip, port, containerIp) },
        userlandProxy,
      );
    // 26 allocates each address on its own; 27+ one port that every address of the request gets.
    const groups = shared ? [ips] : ips.map((ip) => [ip]);
    for (const group of groups) {
      const key = shared ? req.proto : `${group[0]}/${req.proto}`;
      let chosen: number | undefined;
      let error: string | undefined;
      if (req.hostPortFrom !== 0 && req.hostPortFrom === req.hostPortTo) {
        const port = req.hostPortFrom;
        for (const ip of group) {
          const h = held(ip, port);
          if (h !== undefined) error ??= `Bind for ${h}:${port} failed: port is already allocated`;
        }
        for (const ip of group) {
          if (error === undefined && host && !bindable(host, ip))
            error = bindErr(ip, port, "cannot assign requested address");
          if (error === undefined && bindConflicts(req.proto, ip, port)) error = bindErr(ip, port);
        }
        if (error === undefined) chosen = port;
      } else {
        const ranged = req.hostPortFrom !== 0;
        const begin = ranged ? req.hostPortFrom : EPHEMERAL_FIRST;
        const end = ranged ? req.hostPortTo : EPHEMERAL_LAST;
        let port = ranged ? begin - 1 : (docker.lastEphemeral[key] ?? end);
        // An SCTP socket fails on every port, so an ephemeral one is given up at the last attempt.
        let failing = req.proto === "sctp" && !ranged ? ALLOCATE_ATTEMPTS - 1 : 0;
        for (let i = 0; i <= end - begin; i++) {
          port = port + 1 > end ? begin : port + 1;
          if (group.some((ip) => held(ip, port) !== undefined)) continue;
          if (!ranged) docker = { ...docker, lastEphemeral: { ...docker.lastEphemeral, [key]: port } };
          // dockerd retries the next port when the socket cannot be bound.
          if (group.some((ip) => bindConflicts(req.proto, ip, port))) continue;
          if (failing-- > 0) continue;
          chosen = port;
          break;
        }
        // The allocator's ErrAllPortsAllocated, for a full `-p 2024-2025:80` range as for the ephemeral one (both engines).
        if (chosen === undefined && error === undefined) error = "all ports are allocated";
      }
      if (chosen === undefined) return { ok: false, error: error ?? "all ports are allocated" };
      // The port is the daemon's; the socket that would hold it cannot be opened.
      if (req.proto === "sctp") {
        const f = bindFailure(req, group[0]!, chosen, containerIp);
        return { ok: false, error: profile.errors.sctpUnsupported(f, userlandProxy) };
      }
      for (const hostIp of group) {
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
  }
  return { ok: true, docker, bindings };
}

/** Frees a container's host ports. */
export function releasePorts(docker: DockerState, bindings: readonly PortBinding[]): DockerState {
  const gone = new Set(bindings.map(inUseKey));
  return { ...docker, portsInUse: docker.portsInUse.filter((k) => !gone.has(k)) };
}
