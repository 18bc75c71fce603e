/**
 * A container's network attachments while it runs: `docker network connect`/`disconnect`,
 * which moves the gateway role (and the published ports with it), and the order that names
 * a sandbox's interfaces.
 */
import { getNetns, updateNetns, withEntries } from "../kernel/netns.ts";
import type { Netns } from "../kernel/types.ts";
import {
  detachEndpoint,
  joinNetwork,
  resolverFiles,
  withResolver,
  writeHostsFile,
  writeResolverFiles,
} from "./endpoint.ts";
import { profileOf } from "./engine/index.ts";
import { isVlanDriver } from "./macvlan.ts";
import type { EngineResult } from "./network.ts";
import { gatewayEndpoint, programExternal, revokeExternal, withDefaultRoute } from "./sandbox.ts";
import { findContainer, updateContainer } from "./lookup.ts";
import type { Container, DockerWorld, EndpointConfig } from "./types.ts";
import { logNetworkEventById } from "./events.ts";

/** The world with the host's and a container's namespaces (and its files) written back in one copy of each record. */
export function commit<W extends DockerWorld>(
  world: W,
  host: Netns,
  ctr?: Netns,
  files?: Readonly<Record<string, string>>,
): W {
  const netns = withEntries(world.netns, ctr ? { host, [ctr.id]: ctr } : { host });
  if (!ctr || !files) return { ...world, netns };
  const prev = Object.hasOwn(world.files, ctr.id) ? world.files[ctr.id]! : {};
  return { ...world, netns, files: withEntries(world.files, { [ctr.id]: { ...prev, ...files } }) };
}

/** Connects a network (docker network connect): recorded, and attached now if running. */
export function connectNetwork<W extends DockerWorld>(
  world: W,
  c: Container,
  networkId: string,
  config: EndpointConfig = { aliases: [], connected: true },
): EngineResult<W> {
  let w = updateContainer(world, c.id, (x) => ({
    ...x,
    networks: [...x.networks, networkId],
    endpointConfig: { ...x.endpointConfig, [networkId]: config },
  }));
  c = findContainer(w, c.id)!;
  if (c.status !== "running") return { ok: true, world: w };
  const host0 = getNetns(w, "host");
  const ctr0 = getNetns(w, c.id);
  if (!host0 || !ctr0) return { ok: false, world, error: `container ${c.id} has no network namespace` };
  const index = nextIfaceIndex(w.docker, c, ctr0);
  const r = joinNetwork(w, { host: host0, ctr: ctr0 }, c, networkId, index);
  if (!r.ok) return { ok: false, world, error: r.error };
  w = r.world;
  let { host, ctr } = r.ns;
  const endpoints = [...c.endpoints, r.endpoint];
  const before = gatewayEndpoint(w.docker, c.endpoints);
  const after = gatewayEndpoint(w.docker, endpoints);
  let ports = c.ports;
  // The gateway moves (or a container without one gets it): libnetwork revokes on the
  // old endpoint and programs on the new; if that fails, the whole connect is rolled back.
  if (after !== before) {
    const revoked = revokeExternal(w, host, before, ports);
    const pub = programExternal(revoked.world, revoked.host, c, after);
    if (!pub.ok) return { ok: false, world, error: pub.error };
    w = pub.world;
    host = pub.host;
    ports = pub.ports;
    ctr = withDefaultRoute(ctr, after);
  }
  const files = resolverFiles(w, c, endpoints);
  w = commit(w, host, withResolver(ctr, files), files);
  w = updateContainer(w, c.id, (x) => ({ ...x, endpoints, ports, ifacesAdded: index + 1 }));
  return { ok: true, world: logNetworkEventById(w, networkId, "connect", c.id) };
}

export function disconnectNetwork<W extends DockerWorld>(world: W, c: Container, networkId: string): W {
  const times = c.status === "running" ? profileOf(world.docker).endpoints.disconnectEvents : 1;
  let w0 = world;
  for (let i = 0; i < times; i++) w0 = logNetworkEventById(w0, networkId, "disconnect", c.id);
  let w = updateContainer(w0, c.id, (x) => {
    const { [networkId]: _gone, ...endpointConfig } = x.endpointConfig ?? {};
    return { ...x, networks: x.networks.filter((n) => n !== networkId), endpointConfig };
  });
  const ep = c.endpoints.find((e) => e.networkId === networkId);
  if (!ep) return w;
  const endpoints = c.endpoints.filter((e) => e !== ep);
  let ports = c.ports;
  const before = gatewayEndpoint(w.docker, c.endpoints);
  const host0 = getNetns(w, "host");
  // Leaving the gateway endpoint revokes its ports (oracle: p20) and its conntrack flows;
  // libnetwork then programs them on the next gateway endpoint, if there is one.
  if (host0 && before === ep) {
    const revoked = revokeExternal(w, host0, ep, ports);
    const after = gatewayEndpoint(w.docker, endpoints);
    const pub = programExternal(revoked.world, revoked.host, c, after);
    w = pub.ok ? commit(pub.world, pub.host) : commit(revoked.world, revoked.host);
    ports = pub.ok ? pub.ports : [];
    w = detachEndpoint(w, ep);
    w = updateNetns(w, c.id, (ctr) => withDefaultRoute(ctr, after));
  } else {
    w = detachEndpoint(w, ep);
  }
  w = updateContainer(w, c.id, (x) => ({ ...x, endpoints, ports }));
  // libnetwork rewrites /etc/hosts as an endpoint leaves; resolv.conf stays as the last
  // join wrote it (the embedded DNS, once started, keeps running: oracle av06).
  const kept = Object.hasOwn(w.files, c.id) ? w.files[c.id]!["/etc/resolv.conf"] : undefined;
  return kept === undefined ? writeResolverFiles(w, c, endpoints) : writeHostsFile(w, c, endpoints);
}

/** The N of the `ethN` a network connected now gets (the engine's rule: EndpointProfile.ifnames). */
function nextIfaceIndex(docker: DockerWorld["docker"], c: Container, ns: Netns): number {
  if (profileOf(docker).endpoints.ifnames === "counter")
    return c.ifacesAdded ?? c.endpoints.filter((e) => e.ipAddress).length;
  let n = 0;
  while (ns.links.some((l) => l.name === `eth${n}`)) n++;
  return n;
}

/**
 * 26's sandbox endpoint order, which names a starting container's interfaces: networks
 * with an address and a gateway first, by name (the order gatewayEndpoint picks from).
 */
export function sandboxOrder(docker: DockerWorld["docker"], networks: readonly string[]): string[] {
  const nets = networks
    .map((id) => docker.networks.find((n) => n.id === id))
    .filter((n) => n !== undefined && (n.driver === "bridge" || isVlanDriver(n.driver)) && n.subnet !== undefined);
  const routed = (n: (typeof nets)[number]) => (n!.internal ? 1 : 0);
  return nets
    .sort((a, b) => routed(a) - routed(b) || (a!.name < b!.name ? -1 : a!.name > b!.name ? 1 : 0))
    .map((n) => n!.id);
}

/**
 * `network disconnect` of a network the daemon no longer has: dockerd still drops the
 * entry a stopped container keeps under that name (its settings outlive `network rm`),
 * and with --force looks for one on a running container too; else the lookup's error.
 */
export function disconnectRemoved<W extends DockerWorld>(
  world: W,
  c: Container,
  ref: string,
  force: boolean,
): EngineResult<W> {
  const running = c.status === "running";
  if (!running || force) {
    const lost = c.lostNetworks ?? [];
    const entry = lost.find((l) => l.name === ref);
    if (entry) {
      const w = updateContainer(world, c.id, (x) => ({ ...x, lostNetworks: lost.filter((l) => l !== entry) }));
      return { ok: true, world: w };
    }
    if (force) return { ok: false, world, error: `container ${c.id} is not connected to the network ${ref}` };
  }
  return { ok: false, world, error: `network ${ref} not found` };
}
