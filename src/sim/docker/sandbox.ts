/**
 * A running container's network sandbox as libnetwork keeps it: which endpoint is its
 * gateway (the default route, and where its ports are published), and what moving that
 * role does. libnetwork orders a sandbox's endpoints (epHeap.Less): endpoints on a
 * network with a gateway first, internal networks last, then by network name; the
 * first one with a gateway is the gateway endpoint. So connecting a container on
 * `bridge` to a network named `aaa` moves its default route and its published ports
 * there (oracle: d-gateway). Docker 28's `--gw-priority` ranks before all that. Revoking external connectivity also flushes the host's
 * conntrack entries whose reply side names the endpoint's address
 * (clearConntrackEntries, ConntrackNatAnyIP), as the bridge driver does.
 */
import { delRoute, addRoute } from "../kernel/netns.ts";
import type { Listener, Netns } from "../kernel/types.ts";
import type { NetfilterState } from "../netfilter/types.ts";
import { profileOf } from "./engine/index.ts";
import { applyFirewallTo, ip6Ops, writesIp6 } from "./firewall.ts";
import type { FirewallOp } from "./engine/profile-firewall.ts";
import type { ProxyProfile } from "./engine/profile.ts";
import { bridgeOptionsOf } from "./bridge-options.ts";
import { hairpinMode } from "./network-rules.ts";
import { allocatePorts, releasePorts } from "./publish.ts";
import {
  DOCKERD_PID,
  type Container,
  type DockerState,
  type DockerWorld,
  type Endpoint,
  type PortBinding,
} from "./types.ts";

/** The endpoint that gives the sandbox its default route and carries its published ports. */
export function gatewayEndpoint(docker: DockerState, endpoints: readonly Endpoint[]): Endpoint | undefined {
  let best: Endpoint | undefined;
  let bestName = "";
  for (const ep of endpoints) {
    if (ep.gateway === "" || ep.ipAddress === "") continue;
    const name = docker.networks.find((n) => n.id === ep.networkId)?.name ?? "";
    // 28's --gw-priority comes before the name: the highest wins.
    const [p, bp] = [ep.gwPriority ?? 0, best?.gwPriority ?? 0];
    if (best === undefined || p > bp || (p === bp && name < bestName)) {
      best = ep;
      bestName = name;
    }
  }
  return best;
}

/**
 * The container's default route: via the gateway endpoint's gateway, or none. Its IPv6 one
 * goes by the same endpoint when that has an IPv6 gateway (each join adds its own first).
 */
export function withDefaultRoute(ctr: Netns, gw: Endpoint | undefined): Netns {
  let n = ctr;
  for (let guard = 0; guard < 8 && n.routes.some((r) => r.dst === "default"); guard++) {
    n = delRoute(n, { dst: "default" });
  }
  if (gw?.ifname === undefined) return n;
  if (gw.ipv6?.gateway) {
    const kept = (n.routes6 ?? []).filter((r) => r.dst !== "default");
    n = { ...n, routes6: [...kept, { dst: "default", via: gw.ipv6.gateway, dev: gw.ifname, metric: 1024 }] };
  }
  return addRoute(n, { dst: "default", via: gw.gateway, dev: gw.ifname });
}

/** Without the proxy dockerd binds each host port itself (26's dummy proxy, 28's port mapper) and keeps it. */
function heldListeners(bindings: readonly PortBinding[], containerIp: string): Listener[] {
  return bindings.map((b) => ({
    proto: b.proto === "udp" ? "udp" : "tcp",
    addr: b.hostIp,
    port: b.hostPort,
    pid: DOCKERD_PID,
    process: "dockerd",
    app: { kind: "held", toAddr: containerIp, toPort: b.containerPort },
  }));
}

export type ProgramResult<W extends DockerWorld> =
  | { readonly ok: true; readonly world: W; readonly host: Netns; readonly ports: readonly PortBinding[] }
  /** `netfilter`: the host's tables as dockerd left them when a rule failed part way. */
  | { readonly ok: false; readonly error: string; readonly netfilter?: NetfilterState };

function proxyListeners(
  nextPid: number,
  bindings: readonly PortBinding[],
  containerIp: string,
  proxy: ProxyProfile,
  containerIp6: string | undefined,
): [Listener[], number] {
  let pid = nextPid;
  const out: Listener[] = [];
  for (const b of bindings) {
    // An IPv6 host address is proxied to the container's IPv6 address where it has one (its log: the gateway's).
    const toAddr = containerIp6 !== undefined && b.hostIp.includes(":") ? containerIp6 : containerIp;
    out.push({
      proto: b.proto === "udp" ? "udp" : "tcp",
      addr: b.hostIp,
      port: b.hostPort,
      pid: pid++,
      process: "docker-proxy",
      app: {
        kind: "docker-proxy",
        toAddr,
        toPort: b.containerPort,
        ...(proxy.onDialFailure === "reset" ? { onDialFailure: "reset" as const } : {}),
        ...(proxy.dialsAtAccept ? { dialsAtAccept: true as const } : {}),
      },
    });
  }
  return [out, pid];
}

/**
 * ProgramExternalConnectivity on the gateway endpoint: host ports (on the network's
 * host_binding_ipv4 when `-p` names no address), their DNAT and filter rules, and a
 * docker-proxy per binding. Works on the host's namespace, handed back to the caller.
 */
export function programExternal<W extends DockerWorld>(
  world: W,
  host: Netns,
  c: Container,
  ep: Endpoint | undefined,
): ProgramResult<W> {
  if (!ep?.ipAddress || c.portRequests.length === 0) return { ok: true, world, host, ports: [] };
  const net = world.docker.networks.find((n) => n.id === ep.networkId);
  // Only the bridge driver maps host ports: on macvlan `-p` is kept in HostConfig and published nowhere.
  if (net?.driver !== "bridge") return { ok: true, world, host, ports: [] };
  const profile = profileOf(world.docker);
  const opts = net ? bridgeOptionsOf(net, profile.driver.gatewayModes) : undefined;
  const defaultIp = opts?.hostBindingIp ?? "0.0.0.0";
  const mode = opts?.gatewayMode ?? "nat";
  const alloc = allocatePorts(
    world,
    host,
    c.portRequests,
    world.docker.config.userlandProxy,
    defaultIp,
    ep.ipAddress,
    ep.ipv6 !== undefined,
  );
  if (!alloc.ok) return { ok: false, error: profile.errors.publishFailed(c.name, ep.endpointId, alloc.error) };
  let w: W = { ...world, docker: alloc.docker };
  let h = host;
  if (w.docker.config.iptables && net?.bridge) {
    const missing = missingDockerChain(h, net.bridge, ep.ipAddress, alloc.bindings, mode);
    if (missing)
      return {
        ok: false,
        error: profile.errors.publishFailed(c.name, ep.endpointId, profile.errors.dnatFailedPrefix + missing),
      };
    const hairpin = hairpinMode(w.docker);
    const ops = alloc.bindings.flatMap((b) =>
      profile.firewall.hasRules(b) ? profile.firewall.portPublished(net.bridge!, ep.ipAddress, b, hairpin, mode) : [],
    );
    const closed = missingFilterChain(h, net.bridge, ep.ipAddress, alloc.bindings, mode, profile.errors.openPort);
    if (closed) {
      // 26 has written the DNAT by then, and leaves it: the port leads nowhere (oracle: dd12).
      const dnat = ops.map((o) =>
        o.op === "ensure" ? { ...o, calls: o.calls.filter((x) => x[1] === "nat" && x[3] === "DOCKER") } : o,
      );
      const nf = profile.errors.openPort.afterDnat ? applyFirewallTo(h.netfilter, dnat) : h.netfilter;
      return {
        ok: false,
        error: profile.errors.publishFailed(c.name, ep.endpointId, profile.errors.openPort.prefix + closed),
        netfilter: nf,
      };
    }
    h = { ...h, netfilter: applyFirewallTo(h.netfilter, ops) };
    const ops6 = ip6PortOps(w.docker, net.bridge, ep, alloc.bindings, hairpin, "add");
    if (ops6.length > 0 && h.netfilter6) h = { ...h, netfilter6: applyFirewallTo(h.netfilter6, ops6, "ip6tables") };
  }
  let ports = alloc.bindings;
  if (mode === "routed") {
    // routed is IPv4's gateway mode: an IPv4 binding maps no host port (it keeps port 0,
    // `0.0.0.0:0->80/tcp`), so nothing listens there and its port is given back. IPv6's
    // mode is still nat, so a binding on `::` keeps its port and its docker-proxy.
    const v4 = ports.filter((b) => !b.hostIp.includes(":"));
    w = { ...w, docker: releasePorts(w.docker, v4) };
    ports = ports.map((b) => (b.hostIp.includes(":") ? b : { ...b, hostPort: 0 }));
  }
  const listened = ports.filter((b) => b.hostPort !== 0);
  if (w.docker.config.userlandProxy) {
    const [proxies, nextPid] = proxyListeners(w.nextPid, listened, ep.ipAddress, profile.proxy, ep.ipv6?.address);
    w = { ...w, nextPid };
    h = { ...h, listeners: [...h.listeners, ...proxies] };
  } else {
    h = { ...h, listeners: [...h.listeners, ...heldListeners(listened, ep.ipAddress)] };
  }
  return { ok: true, world: w, host: h, ports };
}

/**
 * A learner's `iptables -t nat -X` took the DOCKER chain away: the first port's DNAT rule,
 * appended to it, fails as iptables words it (the daemon makes its chains only as it starts).
 */
function missingDockerChain(
  host: Netns,
  bridge: string,
  ip: string,
  bindings: readonly PortBinding[],
  mode: string,
): string | undefined {
  const b = bindings.find((x) => !x.hostIp.includes(":"));
  if (!b || mode === "routed" || host.netfilter.nat.chains.some((c) => c.name === "DOCKER")) return undefined;
  const dst = b.hostIp === "0.0.0.0" ? "0/0" : b.hostIp;
  const call = `iptables --wait -t nat -A DOCKER -p ${b.proto} -d ${dst} --dport ${b.hostPort} -j DNAT --to-destination ${ip}:${b.containerPort} ! -i ${bridge}`;
  return ` (iptables failed: ${call}: iptables: No chain/target/match by that name.\n (exit status 1))`;
}

/**
 * A learner's `iptables -F; iptables -X` took filter's DOCKER chain away while nat's
 * stayed: the first port's ACCEPT fails, spelt as dockerd builds it.
 */
function missingFilterChain(
  host: Netns,
  bridge: string,
  ip: string,
  bindings: readonly PortBinding[],
  mode: string,
  openPort: { readonly action: string },
): string | undefined {
  const b = bindings.find((x) => !x.hostIp.includes(":"));
  if (!b || mode !== "nat" || host.netfilter.filter.chains.some((c) => c.name === "DOCKER")) return undefined;
  const call = `iptables --wait -t filter ${openPort.action} DOCKER ! -i ${bridge} -o ${bridge} -p ${b.proto} -d ${ip} --dport ${b.containerPort} -j ACCEPT`;
  return ` (iptables failed: ${call}: iptables: No chain/target/match by that name.\n (exit status 1))`;
}

/**
 * RevokeExternalConnectivity on an endpoint that was the gateway: its ports' rules and
 * proxies go, the host ports are freed, and the host's conntrack forgets every flow
 * whose reply comes from or goes to the endpoint's address (a DNATed inbound connection
 * goes; one the container made through MASQUERADE stays, its reply names the host).
 */
export function revokeExternal<W extends DockerWorld>(
  world: W,
  host: Netns,
  ep: Endpoint | undefined,
  ports: readonly PortBinding[],
): { world: W; host: Netns } {
  if (!ep || ep.ipAddress === "") return { world, host };
  let h = host;
  const net = world.docker.networks.find((n) => n.id === ep.networkId);
  if (ports.length > 0 && world.docker.config.iptables && net?.bridge) {
    const { firewall, driver } = profileOf(world.docker);
    const hairpin = hairpinMode(world.docker);
    const mode = bridgeOptionsOf(net, driver.gatewayModes).gatewayMode;
    const ops = ports.flatMap((b) =>
      firewall.hasRules(b) ? firewall.portUnpublished(net.bridge!, ep.ipAddress, b, hairpin, mode) : [],
    );
    h = { ...h, netfilter: applyFirewallTo(h.netfilter, ops) };
    const ops6 = ip6PortOps(world.docker, net.bridge, ep, ports, hairpin, "remove");
    if (ops6.length > 0 && h.netfilter6) h = { ...h, netfilter6: applyFirewallTo(h.netfilter6, ops6, "ip6tables") };
  }
  if (ports.length > 0) {
    h = {
      ...h,
      listeners: h.listeners.filter(
        (l) =>
          !(
            (l.app.kind === "docker-proxy" || l.app.kind === "held") &&
            (l.app.toAddr === ep.ipAddress || l.app.toAddr === ep.ipv6?.address)
          ),
      ),
    };
  }
  const ip = ep.ipAddress;
  if (h.conntrack.some((e) => e.reply.src === ip || e.reply.dst === ip)) {
    h = { ...h, conntrack: h.conntrack.filter((e) => e.reply.src !== ip && e.reply.dst !== ip) };
  }
  const w: W = ports.length > 0 ? { ...world, docker: releasePorts(world.docker, ports) } : world;
  return { world: w, host: h };
}

/**
 * The ip6 tables' rules of the bindings on IPv6's any-address, for an endpoint with an
 * IPv6 address on an engine that writes them (28): DNAT and ACCEPT to the container's
 * IPv6 address, as for IPv4.
 */
function ip6PortOps(
  docker: DockerState,
  bridge: string,
  ep: Endpoint,
  bindings: readonly PortBinding[],
  hairpin: boolean,
  what: "add" | "remove",
): FirewallOp[] {
  const ip6 = ep.ipv6?.address;
  const firewall = profileOf(docker).firewall;
  if (!writesIp6(docker) || ip6 === undefined) return [];
  const ops = bindings
    .filter((b) => b.hostIp === "::")
    .flatMap((b) => {
      // Written as for IPv4's any-address (no -d), then spelt for ip6tables.
      const any = { ...b, hostIp: "0.0.0.0" };
      return what === "add"
        ? firewall.portPublished(bridge, ip6, any, hairpin)
        : firewall.portUnpublished(bridge, ip6, any, hairpin);
    });
  // 26's DNAT has no guard against link-local sources; 28's does.
  return ip6Ops(ops, ip6, firewall.ip6Rules);
}
