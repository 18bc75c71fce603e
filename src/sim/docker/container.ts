/**
 * Container lifecycle as dockerd runs it: create (id, name), start (a netns named
 * by the container id, its endpoints (endpoint.ts), the image's listener, published
 * ports with their rules and docker-proxies), stop (all of it undone, addresses
 * freed) and remove. A failed start leaves the container `created`.
 */
import { removeFile } from "../kernel/files.ts";
import { createNetns, getNetns, removeNetns, updateNetns } from "../kernel/netns.ts";
import type { NetfilterState } from "../netfilter/types.ts";
import { detachEndpoint, joinNetwork, resolverFiles, withResolver, type Plumbing } from "./endpoint.ts";
import { findImage } from "../machines/images/index.ts";
import { profileOf } from "./engine/index.ts";
import { RESTRICTED_NAME, uniqueRandomName } from "./names.ts";
import { dropAnonymousVolumes, dropMounts } from "./volumes.ts";
import { findNetwork, newId, withDocker, type EngineResult } from "./network.ts";
import { gatewayEndpoint, programExternal, revokeExternal, withDefaultRoute } from "./sandbox.ts";
import { netnsOfContainer, listenOrGiveUp, resolvedMode, sharedRef } from "./shared-netns.ts";
import { startSharing } from "./start-sharing.ts";
import { CREATE_MS, START_MS } from "./timing.ts";
import { appendLog, findContainer, updateContainer } from "./lookup.ts";
import { commit, sandboxOrder } from "./container-networks.ts";
import { pausedLog } from "./pause.ts";
import { logContainerEvent, logNetworkEventById } from "./events.ts";
import { imageListeners, processArgv, serverOf, termExitCode } from "./image-server.ts";
import { startNginxConf } from "./nginx-conf.ts";
import { imageEnv, imageSource, seedLayers } from "./derived-images.ts";
import { sandboxSysctl, startRefusal } from "./run-settings.ts";
import {
  SHIM_GAP,
  type Container,
  type DockerWorld,
  type Endpoint,
  type EndpointConfig,
  type PortRequest,
  type RestartPolicy,
  type RunSettings,
} from "./types.ts";

export interface CreateOptions {
  readonly image: string;
  readonly name?: string;
  readonly cmd?: readonly string[];
  readonly network?: string;
  readonly portRequests: readonly PortRequest[];
  /** `--expose`: ExposedPorts keys (`8443/tcp`) beside the image's and those `-p` names. */
  readonly expose?: readonly string[];
  readonly publishAll: boolean;
  readonly extraHosts: readonly string[];
  readonly dns: readonly string[];
  readonly dnsSearch?: readonly string[];
  readonly dnsOptions?: readonly string[];
  readonly autoRemove: boolean;
  readonly restartPolicy?: RestartPolicy;
  readonly tty: boolean;
  readonly interactive: boolean;
  readonly hostname?: string;
  /** `--ip` and `--network-alias`, for the network of `--network` (validated by validateEndpointConfig). */
  readonly endpoint?: EndpointConfig;
  readonly settings?: RunSettings;
  /** `--entrypoint`. */
  readonly entrypoint?: readonly string[];
}

export { appendLog, findContainer, updateContainer };
export { processArgv, serverOf, termExitCode };

/** Config.Env: the image's variables, then `-e`'s, a name given again replacing the image's value. */
function withImageEnv(settings: RunSettings | undefined, image: readonly string[]): RunSettings {
  const own = settings?.env ?? [];
  if (image.length === 0) return settings ?? {};
  const named = new Set(own.map((e) => e.split("=")[0]));
  return { ...settings, env: [...image.filter((e) => !named.has(e.split("=")[0])), ...own] };
}

export type CreateResult<W extends DockerWorld = DockerWorld> =
  | { readonly ok: true; readonly world: W; readonly id: string }
  | { readonly ok: false; readonly world: W; readonly error: string };

export function createContainer<W extends DockerWorld>(world: W, opts: CreateOptions): CreateResult<W> {
  const source = imageSource(world, opts.image);
  if (!source) return { ok: false, world, error: `No such image: ${opts.image}` };
  const image = source.spec;
  const env = imageEnv(source.local);
  let w = world;
  if (opts.name !== undefined) {
    if (!RESTRICTED_NAME.test(opts.name)) {
      return {
        ok: false,
        world,
        error: `Invalid container name (${opts.name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`,
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
  const mode = resolvedMode(w.docker, opts.network ?? "bridge");
  const exposed = [...image.exposed];
  for (const r of opts.portRequests) {
    const key = `${r.containerPort}/${r.proto}`;
    if (!exposed.includes(key)) exposed.push(key);
  }
  for (const key of opts.expose ?? []) if (!exposed.includes(key)) exposed.push(key);
  const requests = [...opts.portRequests];
  if (opts.publishAll) {
    for (const key of exposed) {
      const [p, proto] = key.split("/");
      // `--expose 80/xyz` is kept as exposed; the lab publishes only the protocols it knows.
      if (proto !== "tcp" && proto !== "udp" && proto !== "sctp") continue;
      if (!requests.some((r) => `${r.containerPort}/${r.proto}` === key)) {
        requests.push({
          hostIp: "",
          hostPortFrom: 0,
          hostPortTo: 0,
          containerPort: Number(p),
          proto,
          publishAll: true,
        });
      }
    }
  }
  const net = findNetwork(w.docker, mode);
  const c: Container = {
    id,
    name,
    image: opts.image,
    // `--entrypoint` replaces the image's and drops its CMD too, keeping only the arguments given.
    cmd: opts.entrypoint ? (opts.cmd ?? []) : opts.cmd && opts.cmd.length > 0 ? opts.cmd : image.cmd,
    entrypoint: opts.entrypoint ?? image.entrypoint,
    created: w.clock,
    imageId: source.local?.id ?? image.id,
    ...(findImage(opts.image)?.id !== image.id ? { base: image.id } : {}),
    status: "created",
    startedAt: 0,
    finishedAt: 0,
    exitCode: 0,
    pid: 0,
    networkMode: mode,
    networks: net ? [net.id] : [],
    ...(net ? {} : { lostNetworks: [{ name: mode }] }),
    endpoints: [],
    ...(net && opts.endpoint ? { endpointConfig: { [net.id]: opts.endpoint } } : {}),
    // Kept in HostConfig on host and none networks too, where nothing is published.
    portRequests: requests,
    publishAll: opts.publishAll,
    ports: [],
    exposed,
    extraHosts: opts.extraHosts,
    dns: opts.dns,
    ...(opts.dnsSearch?.length ? { dnsSearch: opts.dnsSearch } : {}),
    ...(opts.dnsOptions?.length ? { dnsOptions: opts.dnsOptions } : {}),
    autoRemove: opts.autoRemove,
    tty: opts.tty,
    interactive: opts.interactive,
    restartCount: 0,
    ...(opts.restartPolicy ? { restartPolicy: opts.restartPolicy } : {}),
    // A host-network container takes the host's name unless -h gives it one (its own UTS namespace).
    hostname: opts.hostname ?? (mode === "host" ? (getNetns(w, "host")?.hostname ?? "") : id.slice(0, 12)),
    ...(opts.settings || env.length > 0 ? { settings: withImageEnv(opts.settings, env) } : {}),
  };
  w = withDocker(seedLayers(w, id, source.local), (d) => ({ ...d, containers: [c, ...d.containers] }));
  w = logContainerEvent(w, c, "create");
  // Preparing its layer and config takes dockerd a while after the container is stamped
  // created (the oracle's `docker ps` right after `docker run` says CREATED "1 second ago"
  // while STATUS is "Up Less than a second").
  w = { ...w, clock: w.clock + CREATE_MS };
  return { ok: true, world: w, id };
}

/**
 * Starts a created or exited container. On failure everything it set up is undone, and
 * the daemon keeps the error in State.Error with an ExitCode of 128 ("exit unknown")
 * where nothing set one, as a refused port leaves the `docker run` it failed.
 */
export function startContainer<W extends DockerWorld>(world: W, id: string): EngineResult<W> {
  const r = startOnce(world, id);
  const c = world.docker.containers.find((x) => x.id === id);
  if (r.ok || !c || c.status === "running") return r;
  const error = r.error;
  return {
    ...r,
    world: updateContainer(r.world, id, (x) => ({ ...x, exitCode: x.exitCode || 128, startError: error })),
  };
}

function startOnce<W extends DockerWorld>(world: W, id: string): EngineResult<W> {
  const c0 = world.docker.containers.find((c) => c.id === id);
  if (!c0) return { ok: false, world, error: `No such container: ${id}` };
  if (c0.status === "running") return { ok: true, world };
  if (sharedRef(c0.networkMode) !== undefined) return startSharing(world, c0);
  let w = world;
  // 28 says which stage failed: "failed to set up container networking: ...".
  const failed = (cause: string, netfilter?: NetfilterState): EngineResult<W> => ({
    ok: false,
    world: netfilter ? updateNetns(world, "host", (ns) => ({ ...ns, netfilter })) : world,
    error: profileOf(world.docker).errors.networking(cause),
    stage: "networking",
  });
  for (const nid of [...(c0.lostNetworks ?? []).map((l) => l.id ?? l.name), ...c0.networks]) {
    if (!w.docker.networks.some((n) => n.id === nid)) return failed(`network ${nid} not found`);
  }
  const refused = startRefusal(world, c0);
  if (refused) return { ok: false, world, error: refused };
  const host0 = getNetns(w, "host");
  if (!host0) return { ok: false, world, error: "no host namespace" };
  // Setting up the sandbox and starting the task takes dockerd about this long; the
  // container's start time is stamped when it is done (so CREATED runs ahead of Up).
  w = { ...w, clock: w.clock + START_MS };
  const endpoints: Endpoint[] = [];
  const own = () => createNetns(c0.id, c0.hostname, { sysctl: sandboxSysctl(c0) });
  let ns: Plumbing = { host: host0, ctr: c0.networkMode === "host" ? host0 : own() };
  if (c0.networkMode !== "host") {
    const named = profileOf(w.docker).endpoints.ifnames === "counter" ? sandboxOrder(w.docker, c0.networks) : undefined;
    // dockerd joins the default bridge first (only it takes legacy links), then the others.
    const isDefault = (id: string) => w.docker.networks.some((n) => n.id === id && n.isDefault);
    const joins = [...c0.networks.filter(isDefault), ...c0.networks.filter((id) => !isDefault(id))];
    for (const nid of joins) {
      const index = named ? named.indexOf(nid) : endpoints.filter((e) => e.ipAddress).length;
      const r = joinNetwork(w, ns, c0, nid, index);
      if (!r.ok) return failed(r.error);
      w = logNetworkEventById(r.world, nid, "connect", c0.id);
      ns = r.ns;
      endpoints.push(r.endpoint);
    }
  } else {
    const r = joinNetwork(w, ns, c0, c0.networks[0]!, 0);
    if (r.ok) {
      w = logNetworkEventById(r.world, c0.networks[0]!, "connect", c0.id);
      endpoints.push(r.endpoint);
    }
  }
  const gw = gatewayEndpoint(w.docker, endpoints);
  // The containerd-shim, runc's short-lived processes, the container's first process (its PID
  // for `docker inspect`), and a worker it may fork (shell/lib/procs.ts); docker-proxy starts
  // before all of them (26), or once the task is created, before it runs (28).
  const late = profileOf(w.docker).proxy.afterTaskCreate;
  let pid = 0;
  if (late) {
    pid = w.nextPid + SHIM_GAP;
    w = { ...w, nextPid: pid + 1 };
  }
  const pub = programExternal(w, ns.host, c0, gw);
  if (!pub.ok) return failed(pub.error, pub.netfilter);
  w = pub.world;
  if (!late) {
    pid = w.nextPid + SHIM_GAP;
    w = { ...w, nextPid: pid + 1 };
  }
  // With --init the command is docker-init's child, one PID on: its worker one further.
  const workerPid = w.nextPid;
  w = { ...w, nextPid: workerPid + (c0.settings?.init ? 2 : 1) };
  const c: Container = {
    ...c0,
    status: "running",
    exitCode: 0, // SetRunning clears the last exit's status
    pid,
    ...(workerPid !== pid + 1 ? { workerPid } : {}),
    startedAt: w.clock,
    endpoints,
    ports: pub.ports,
    ifacesAdded: endpoints.filter((e) => e.ipAddress).length,
  };
  // A start begins the health checks again (health: starting).
  const {
    paused: _thawed,
    connections: _counted,
    upstreamTurns: _turns,
    nginxWorker: _worker,
    health: _checked,
    startError: _cleared,
    stalePorts: _stale,
    ...fresh
  } = c;
  let running = fresh;
  if (c.networkMode === "host") {
    // A host-network container's server listens in the host's own namespace, if its port is free there.
    w = commit(w, pub.host);
    const s = listenOrGiveUp(w, running, "host", imageListeners(c, pid));
    w = s.world;
    running = s.container;
  } else {
    // /etc/hosts gets a line as each endpoint joins the sandbox: on 26, in the order that
    // names the interfaces (a restarted container's eth0 is its first line).
    const named = profileOf(w.docker).endpoints.ifnames === "counter" ? sandboxOrder(w.docker, c.networks) : undefined;
    const joined = named
      ? [...endpoints].sort((a, b) => named.indexOf(a.networkId) - named.indexOf(b.networkId))
      : endpoints;
    const files = resolverFiles(w, c, joined);
    let ctr = withDefaultRoute(ns.ctr, gw);
    ctr = withResolver({ ...ctr, listeners: [...ctr.listeners, ...imageListeners(c, pid)] }, files);
    w = commit(w, pub.host, ctr, files);
  }
  w = updateContainer(w, id, () => running);
  w = startNginxConf(w, id);
  return { ok: true, world: logContainerEvent(w, running, "start") };
}

/**
 * Tears down a running container's sandbox as libnetwork does: each endpoint leaves in
 * the sandbox's order, and whichever is the gateway when it leaves has its external
 * connectivity revoked (ports, and the conntrack flows of its address) and hands the
 * role to the next, so every endpoint with a gateway is flushed in turn.
 */
function leaveAll<W extends DockerWorld>(world: W, c: Container): W {
  let w = world;
  const host = getNetns(w, "host");
  if (host) {
    let h = host;
    let ports = c.ports;
    let left = c.endpoints;
    for (let gw = gatewayEndpoint(w.docker, left); gw; gw = gatewayEndpoint(w.docker, left)) {
      const r = revokeExternal(w, h, gw, ports);
      w = r.world;
      h = r.host;
      ports = [];
      left = left.filter((e) => e !== gw);
    }
    w = commit(w, h);
  }
  for (const ep of c.endpoints) w = logNetworkEventById(detachEndpoint(w, ep), ep.networkId, "disconnect", c.id);
  return w;
}

/**
 * Stops a running container: unpublishes, frees addresses, deletes veths and the namespace.
 * `stopped`: `docker stop` asked, whose `stop` event dockerd logs before the exit's `die`.
 */
export function stopContainer<W extends DockerWorld>(world: W, id: string, exitCode = 0, stopped = false): W {
  const c = world.docker.containers.find((x) => x.id === id);
  if (!c || c.status !== "running") return world;
  let w = leaveAll(world, c);
  const netns = netnsOfContainer(c);
  // A namespace another running container shares outlives its owner (their processes hold it), left with lo.
  const shared = w.docker.containers.some(
    (x) => x.status === "running" && x.id !== c.id && netnsOfContainer(x) === c.id,
  );
  if (netns === c.id && !shared) {
    // The namespace goes; the container's writable layer (what was written or copied in) stays for its next start.
    const kept = Object.hasOwn(w.files, c.id) ? w.files[c.id]! : undefined;
    w = removeNetns(w, c.id);
    if (kept) w = { ...w, files: { ...w.files, [c.id]: kept } };
  } else {
    // The host's namespace, or the one it shares: only its own servers go.
    w = updateNetns(w, netns, (ns) => ({
      ...ns,
      listeners: ns.listeners.filter((l) => !("container" in l.app && l.app.container === c.id)),
    }));
  }
  if (Object.hasOwn(w.logs, pausedLog(c.id))) {
    const logs = { ...w.logs };
    delete logs[pausedLog(c.id)];
    w = { ...w, logs };
  }
  if (stopped) w = logContainerEvent(w, c, "stop");
  const ran = String(Math.max(0, Math.floor((w.clock - c.startedAt) / 1000)));
  w = logContainerEvent(w, c, "die", { execDuration: ran, exitCode: String(exitCode) });
  return updateContainer(w, id, (x) => {
    const { paused: _thawed, exitsAt: _due, exitsWith: _status, exitLog: _log, pendingLog: _unwritten, ...rest } = x;
    return { ...rest, status: "exited", exitCode, finishedAt: w.clock, endpoints: [], ports: [], pid: 0 };
  });
}

/** Removes a stopped (or created) container and what Docker kept for it. */
export function removeContainer<W extends DockerWorld>(world: W, id: string, volumes?: boolean): W {
  const gone = world.docker.containers.find((c) => c.id === id);
  let w = stopContainer(world, id, 137);
  if (world.mounts?.[id]) w = dropMounts(w, id);
  if (gone) w = logContainerEvent(w, gone, "destroy");
  for (const path of ["/etc/hosts", "/etc/resolv.conf", "/etc/hostname"]) w = removeFile(w, id, path);
  const files = { ...w.files };
  delete files[id];
  const logs = { ...w.logs };
  delete logs[id];
  w = { ...withDocker(w, (d) => ({ ...d, containers: d.containers.filter((c) => c.id !== id) })), files, logs };
  // `--rm` takes the container's anonymous volumes with it, as `docker rm -v` does.
  return gone?.mounts && (volumes ?? gone.autoRemove) ? dropAnonymousVolumes(w, gone) : w;
}
