/**
 * Container lifecycle as dockerd runs it: create (id, name), start (a netns named
 * by the container id, its endpoints (endpoint.ts), the image's listener, published
 * ports with their rules and docker-proxies), stop (all of it undone, addresses
 * freed) and remove. A failed start leaves the container `created`.
 */
import { removeFile } from "../kernel/files.ts";
import { createNetns, putNetns, removeNetns, updateNetns } from "../kernel/netns.ts";
import type { Listener } from "../kernel/types.ts";
import { attachEndpoint, detachEndpoint, writeResolverFiles } from "./endpoint.ts";
import { profileOf } from "./engine/index.ts";
import { applyFirewall } from "./firewall.ts";
import { findImage, type ImageServer } from "../machines/images/index.ts";
import { uniqueRandomName } from "./names.ts";
import { findNetwork, hairpinMode, newId, withDocker, type EngineResult } from "./network.ts";
import { allocatePorts, releasePorts } from "./publish.ts";
import type { Container, DockerWorld, Endpoint, PortBinding, PortRequest } from "./types.ts";

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export interface CreateOptions {
  readonly image: string;
  readonly name?: string;
  readonly cmd?: readonly string[];
  readonly network?: string;
  readonly portRequests: readonly PortRequest[];
  readonly publishAll: boolean;
  readonly extraHosts: readonly string[];
  readonly dns: readonly string[];
  readonly autoRemove: boolean;
  readonly tty: boolean;
  readonly interactive: boolean;
  readonly hostname?: string;
}

/** Finds a container by full id, name, or unique id prefix. */
export function findContainer(world: DockerWorld, ref: string): Container | undefined {
  const cs = world.docker.containers;
  const exact = cs.find((c) => c.id === ref) ?? cs.find((c) => c.name === ref || `/${c.name}` === ref);
  if (exact) return exact;
  const byPrefix = ref.length > 0 ? cs.filter((c) => c.id.startsWith(ref)) : [];
  return byPrefix.length === 1 ? byPrefix[0] : undefined;
}

export function updateContainer<W extends DockerWorld>(world: W, id: string, fn: (c: Container) => Container): W {
  return withDocker(world, (d) => ({ ...d, containers: d.containers.map((c) => (c.id === id ? fn(c) : c)) }));
}

export type CreateResult<W extends DockerWorld = DockerWorld> =
  | { readonly ok: true; readonly world: W; readonly id: string }
  | { readonly ok: false; readonly world: W; readonly error: string };

export function createContainer<W extends DockerWorld>(world: W, opts: CreateOptions): CreateResult<W> {
  const image = findImage(opts.image);
  if (!image) return { ok: false, world, error: `No such image: ${opts.image}` };
  let w = world;
  if (opts.name !== undefined) {
    if (!NAME_RE.test(opts.name)) {
      return {
        ok: false,
        world,
        error: `Invalid container name (${opts.name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed.`,
      };
    }
    const holder = w.docker.containers.find((c) => c.name === opts.name);
    if (holder) {
      return {
        ok: false,
        world,
        error: `Conflict. The container name "/${opts.name}" is already in use by container "${holder.id}". You have to remove (or rename) that container to be able to reuse that name.`,
      };
    }
  }
  const [id, w1] = newId(w);
  w = w1;
  let name = opts.name;
  if (name === undefined) {
    let rng;
    [name, rng] = uniqueRandomName(
      w.rng,
      w.docker.containers.map((c) => c.name),
    );
    w = { ...w, rng };
  }
  const mode = opts.network ?? "bridge";
  const exposed = [...image.exposed];
  for (const r of opts.portRequests) {
    const key = `${r.containerPort}/${r.proto}`;
    if (!exposed.includes(key)) exposed.push(key);
  }
  const requests = [...opts.portRequests];
  if (opts.publishAll) {
    for (const key of exposed) {
      const [p, proto] = key.split("/");
      if (!requests.some((r) => `${r.containerPort}/${r.proto}` === key)) {
        requests.push({
          hostIp: "",
          hostPortFrom: 0,
          hostPortTo: 0,
          containerPort: Number(p),
          proto: proto as PortRequest["proto"],
        });
      }
    }
  }
  const net = findNetwork(w.docker, mode);
  const c: Container = {
    id,
    name,
    image: opts.image,
    cmd: opts.cmd && opts.cmd.length > 0 ? opts.cmd : image.cmd,
    entrypoint: image.entrypoint,
    created: w.clock,
    status: "created",
    startedAt: 0,
    finishedAt: 0,
    exitCode: 0,
    pid: 0,
    networkMode: mode,
    networks: net ? [net.id] : [],
    endpoints: [],
    portRequests: mode === "host" || mode === "none" ? [] : requests,
    publishAll: opts.publishAll,
    ports: [],
    exposed,
    extraHosts: opts.extraHosts,
    dns: opts.dns,
    autoRemove: opts.autoRemove,
    tty: opts.tty,
    interactive: opts.interactive,
    restartCount: 0,
    hostname: opts.hostname ?? id.slice(0, 12),
  };
  w = withDocker(w, (d) => ({ ...d, containers: [c, ...d.containers] }));
  return { ok: true, world: w, id };
}

/** The image's server, when the container runs it (its command starts with the server's program). */
function serverOf(c: Container): ImageServer | undefined {
  const server = findImage(c.image)?.server;
  return server && c.cmd[0] === server.process ? server : undefined;
}

/** The sockets the container's server listens on (none for a shell or a one-off command). */
function imageListeners(c: Container, pid: number): Listener[] {
  const server = serverOf(c);
  if (!server) return [];
  const app = { kind: server.program, container: c.id };
  return server.listens.map((l) => ({ ...l, pid, process: server.process, app }));
}

/**
 * The exit status a stop by SIGTERM leaves: the server's own (nginx shuts down with
 * 0); a shell as PID 1 ignores SIGTERM, so dockerd kills it after the timeout (137).
 */
export function termExitCode(c: Container): number {
  return serverOf(c)?.termExit ?? 137;
}

function proxyListeners(
  world: DockerWorld,
  bindings: readonly PortBinding[],
  containerIp: string,
): [Listener[], number] {
  let pid = world.nextPid;
  const out: Listener[] = [];
  for (const b of bindings) {
    out.push({
      proto: b.proto === "udp" ? "udp" : "tcp",
      addr: b.hostIp,
      port: b.hostPort,
      pid: pid++,
      process: "docker-proxy",
      app: { kind: "docker-proxy", toAddr: containerIp, toPort: b.containerPort },
    });
  }
  return [out, pid];
}

function containerNetnsId(c: Container): string {
  return c.networkMode === "host" ? "host" : c.id;
}

type PublishResult<W extends DockerWorld> =
  { ok: true; world: W; ports: readonly PortBinding[] } | { ok: false; error: string };

/**
 * Programs external connectivity, as libnetwork does for the sandbox's gateway
 * endpoint (the first bridge endpoint): host ports, DNAT/filter rules, docker-proxy.
 */
function publishPorts<W extends DockerWorld>(world: W, c: Container, endpoints: readonly Endpoint[]): PublishResult<W> {
  const bridgeEp = endpoints.find((e) => e.ipAddress);
  if (!bridgeEp || c.portRequests.length === 0) return { ok: true, world, ports: [] };
  const alloc = allocatePorts(world, c.portRequests, world.docker.config.userlandProxy);
  const profile = profileOf(world.docker);
  if (!alloc.ok) return { ok: false, error: profile.errors.publishFailed(c.name, bridgeEp.endpointId, alloc.error) };
  let w: W = { ...world, docker: alloc.docker };
  const ports = [...alloc.bindings];
  const net = w.docker.networks.find((n) => n.id === bridgeEp.networkId)!;
  if (w.docker.config.iptables && net.bridge) {
    for (const b of ports) {
      if (profile.firewall.hasRules(b))
        w = applyFirewall(w, profile.firewall.portPublished(net.bridge, bridgeEp.ipAddress, b, hairpinMode(w.docker)));
    }
  }
  if (w.docker.config.userlandProxy) {
    const [proxies, nextPid] = proxyListeners(w, ports, bridgeEp.ipAddress);
    w = { ...w, nextPid };
    w = updateNetns(w, "host", (ns) => ({ ...ns, listeners: [...ns.listeners, ...proxies] }));
  }
  return { ok: true, world: w, ports };
}

/** Revokes what publishPorts programmed for the container's current bindings. */
function unpublishPorts<W extends DockerWorld>(world: W, c: Container): W {
  const bridgeEp = c.endpoints.find((e) => e.ipAddress);
  if (!bridgeEp || c.ports.length === 0) return world;
  let w = world;
  const net = w.docker.networks.find((n) => n.id === bridgeEp.networkId);
  if (w.docker.config.iptables && net?.bridge) {
    const firewall = profileOf(w.docker).firewall;
    for (const b of c.ports)
      if (firewall.hasRules(b))
        w = applyFirewall(w, firewall.portUnpublished(net.bridge, bridgeEp.ipAddress, b, hairpinMode(w.docker)));
  }
  w = { ...w, docker: releasePorts(w.docker, c.ports) };
  return updateNetns(w, "host", (ns) => ({
    ...ns,
    listeners: ns.listeners.filter((l) => !(l.app.kind === "docker-proxy" && l.app.toAddr === bridgeEp.ipAddress)),
  }));
}

/** Starts a created or exited container. On failure everything it set up is undone. */
export function startContainer<W extends DockerWorld>(world: W, id: string): EngineResult<W> {
  const c0 = world.docker.containers.find((c) => c.id === id);
  if (!c0) return { ok: false, world, error: `No such container: ${id}` };
  if (c0.status === "running") return { ok: true, world };
  let w = world;
  for (const nid of c0.networks) {
    if (!w.docker.networks.some((n) => n.id === nid)) return { ok: false, world, error: `network ${nid} not found` };
  }
  if (c0.networks.length === 0) return { ok: false, world, error: `network ${c0.networkMode} not found` };
  const endpoints: Endpoint[] = [];
  if (c0.networkMode !== "host") {
    w = putNetns(w, createNetns(c0.id, c0.hostname));
    for (const nid of c0.networks) {
      const r = attachEndpoint(w, c0, nid, endpoints.filter((e) => e.ipAddress).length);
      if (!r.ok) return { ok: false, world, error: r.error };
      w = r.world;
      endpoints.push(r.endpoint!);
    }
  } else {
    const r = attachEndpoint(w, c0, c0.networks[0]!, 0);
    if (r.ok) {
      w = r.world;
      endpoints.push(r.endpoint!);
    }
  }
  // Publish on the first bridge endpoint.
  const pub = publishPorts(w, c0, endpoints);
  if (!pub.ok) return { ok: false, world, error: pub.error };
  w = pub.world;
  // After docker-proxy: the containerd-shim, runc's short-lived processes, the container's
  // first process (its PID for `docker inspect`), and a worker it may fork (shell/lib/procs.ts).
  const pid = w.nextPid + 21;
  w = { ...w, nextPid: pid + 2 };
  const c: Container = { ...c0, status: "running", pid, startedAt: w.clock, endpoints, ports: pub.ports };
  if (c.networkMode !== "host") w = writeResolverFiles(w, c, endpoints);
  // A host-network container's server listens in the host's own namespace.
  w = updateNetns(w, containerNetnsId(c), (ns) => ({ ...ns, listeners: [...ns.listeners, ...imageListeners(c, pid)] }));
  w = updateContainer(w, id, () => c);
  return { ok: true, world: w };
}

/** Stops a running container: unpublishes, frees addresses, deletes veths and the namespace. */
export function stopContainer<W extends DockerWorld>(world: W, id: string, exitCode = 0): W {
  const c = world.docker.containers.find((x) => x.id === id);
  if (!c || c.status !== "running") return world;
  let w = world;
  w = unpublishPorts(w, c);
  for (const ep of c.endpoints) w = detachEndpoint(w, ep);
  if (containerNetnsId(c) !== "host") w = removeNetns(w, c.id);
  else {
    w = updateNetns(w, "host", (ns) => ({
      ...ns,
      listeners: ns.listeners.filter((l) => !("container" in l.app && l.app.container === c.id)),
    }));
  }
  return updateContainer(w, id, (x) => ({
    ...x,
    status: "exited",
    exitCode,
    finishedAt: w.clock,
    endpoints: [],
    ports: [],
    pid: 0,
  }));
}

/** Removes a stopped (or created) container and what Docker kept for it. */
export function removeContainer<W extends DockerWorld>(world: W, id: string): W {
  let w = stopContainer(world, id, 137);
  for (const path of ["/etc/hosts", "/etc/resolv.conf", "/etc/hostname"]) w = removeFile(w, id, path);
  const files = { ...w.files };
  delete files[id];
  const logs = { ...w.logs };
  delete logs[id];
  return { ...withDocker(w, (d) => ({ ...d, containers: d.containers.filter((c) => c.id !== id) })), files, logs };
}

/** Connects a network (docker network connect): recorded, and attached now if running. */
export function connectNetwork<W extends DockerWorld>(world: W, c: Container, networkId: string): EngineResult<W> {
  let w = updateContainer(world, c.id, (x) => ({ ...x, networks: [...x.networks, networkId] }));
  if (c.status !== "running") return { ok: true, world: w };
  const index = c.endpoints.filter((e) => e.ipAddress).length;
  const r = attachEndpoint(w, c, networkId, index);
  if (!r.ok) return r;
  w = r.world;
  const endpoints = [...c.endpoints, r.endpoint!];
  let ports = c.ports;
  // A container whose ports are not programmed (it had no bridge endpoint) gets them on this one;
  // if that fails, the daemon rolls the whole connection back.
  if (ports.length === 0) {
    const pub = publishPorts(w, c, endpoints);
    if (!pub.ok) return { ok: false, world, error: pub.error };
    w = pub.world;
    ports = pub.ports;
  }
  w = updateContainer(w, c.id, (x) => ({ ...x, endpoints, ports }));
  return { ok: true, world: writeResolverFiles(w, c, endpoints) };
}

export function disconnectNetwork<W extends DockerWorld>(world: W, c: Container, networkId: string): W {
  let w = updateContainer(world, c.id, (x) => ({ ...x, networks: x.networks.filter((n) => n !== networkId) }));
  const ep = c.endpoints.find((e) => e.networkId === networkId);
  if (!ep) return w;
  const endpoints = c.endpoints.filter((e) => e !== ep);
  let ports = c.ports;
  // Leaving the endpoint that carries the published ports revokes them (oracle: p20);
  // libnetwork then programs them on the next gateway endpoint, if there is one.
  if (c.endpoints.find((e) => e.ipAddress) === ep && ports.length > 0) {
    w = unpublishPorts(w, c);
    const pub = publishPorts(w, c, endpoints);
    ports = pub.ok ? pub.ports : [];
    if (pub.ok) w = pub.world;
  }
  w = detachEndpoint(w, ep);
  w = updateContainer(w, c.id, (x) => ({ ...x, endpoints, ports }));
  return writeResolverFiles(w, c, endpoints);
}

export function appendLog<W extends DockerWorld>(world: W, id: string, text: string): W {
  if (text === "") return world;
  const lines = text.replace(/\n$/, "").split("\n");
  const prev = Object.hasOwn(world.logs, id) ? world.logs[id]! : [];
  return { ...world, logs: { ...world.logs, [id]: [...prev, ...lines] } };
}
