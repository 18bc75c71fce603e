/**
 * Docker networks: the predefined `bridge`, `host` and `none`, and user-defined
 * bridges (`br-<first 12 of id>`) with their Linux bridge in the host namespace and
 * the iptables rules dockerd writes for them. Errors are the daemon's own texts.
 */
import { logNetworkEvent } from "./events.ts";
import type { KernelWorld } from "../kernel/types.ts";
import { broadcastOf, parseCidr } from "../ipv4.ts";
import { addAddress, getNetns, updateNetns } from "../kernel/netns.ts";
import { delAddress } from "../kernel/address.ts";
import { addBridge, findLink, removeLink, setLinkUp, setMtu } from "../kernel/link.ts";
import { igmpReport } from "../kernel/stack/igmp.ts";
import { BRIDGE_UP_STATS } from "../kernel/link-stats.ts";
import { addAddress6, parseCidr6 } from "../kernel/ipv6.ts";
import { nextHex } from "../rng.ts";
import { profileOf } from "./engine/index.ts";
import { bridgeOptionsOf, mtuOf, parseBridgeOptions } from "./bridge-options.ts";
import { applyFirewall, applyFirewall6, ip6Ops, writesIp6 } from "./firewall.ts";
import { cidrsOverlap, withAddress } from "./ipam.ts";
import { validateIpamConfig, type IpamConfigRequest } from "./ipam-config.ts";
import { choosePool, gatewayOf, gatewayTaken } from "./network-pool.ts";
import { chooseIpv6 } from "./ipam6.ts";
import { isVlanDriver, vlanRefusal } from "./macvlan.ts";
import { bridgeRules6Of, bridgeRulesOf, hairpinMode, networkSetupFailure, programNetwork } from "./network-rules.ts";
import type { DockerNetwork, DockerState, DockerWorld, NetworkIpv6 } from "./types.ts";

/** A refusal may say it came from setting up the container's networking (28 does that after runc's task). */
export type EngineResult<W extends DockerWorld = DockerWorld> =
  | { readonly ok: true; readonly world: W }
  | { readonly ok: false; readonly world: W; readonly error: string; readonly stage?: "networking" };

export function withDocker<W extends DockerWorld>(world: W, fn: (d: DockerState) => DockerState): W {
  return { ...world, docker: fn(world.docker) };
}

export function newId<W extends KernelWorld>(world: W): [string, W] {
  const [id, rng] = nextHex(world.rng, 64);
  return [id, { ...world, rng }];
}

/** Finds a network by full id, name, or unique id prefix, as the daemon resolves one. */
export function findNetwork(docker: DockerState, ref: string): DockerNetwork | undefined {
  return (
    docker.networks.find((n) => n.id === ref) ??
    docker.networks.find((n) => n.name === ref) ??
    (ref.length > 0 ? docker.networks.filter((n) => n.id.startsWith(ref)) : []).find((_, __, all) => all.length === 1)
  );
}

/** Creates the Linux bridge with its gateway address, up (NO-CARRIER until a port joins). */
export function ensureBridge<W extends DockerWorld>(world: W, net: DockerNetwork): W {
  const host = getNetns(world, "host");
  if (!host || !net.bridge || (!(net.subnet && net.gateway) && !net.ipv6)) return world;
  const existing = findLink(host, net.bridge);
  if (existing) {
    // libnetwork's setupDeviceUp runs for a bridge it finds too: one a learner set down comes back up.
    const w = keepGatewayAddress(world, net);
    return existing.up ? w : updateNetns(w, "host", (ns) => setLinkUp(ns, net.bridge!, true));
  }
  const [mac, rng] = profileOf(world.docker).macs.bridge(world.rng);
  const prefixLen = net.subnet ? parseCidr(net.subnet)!.prefixLen : 0;
  let w: W = { ...world, rng };
  const mtu = mtuOf(net);
  w = updateNetns(w, "host", (ns) => {
    let n = addBridge(ns, net.bridge!, mac);
    if (mtu !== 1500) n = setMtu(n, net.bridge!, mtu);
    // inhibit_ipv4 (and an isolated gateway) keep the gateway's address off the host: no route there either.
    const o = bridgeOptionsOf(net, profileOf(world.docker).driver.gatewayModes);
    if (!o.inhibitIpv4 && o.gatewayMode !== "isolated" && net.gateway)
      n = addAddress(n, net.bridge!, `${net.gateway}/${prefixLen}`, {
        broadcast: broadcastOf(net.gateway, prefixLen),
      });
    if (net.ipv6) {
      const six = profileOf(world.docker).ipv6;
      const len = parseCidr6(net.ipv6.subnet)!.prefixLen;
      const nodad = six.bridgeNodad ? { nodad: true } : {};
      n = addAddress6(n, { ifname: net.bridge!, address: net.ipv6.gateway, prefixLen: len, ...nodad });
      if (six.bridgeLinkLocal) n = addAddress6(n, { ifname: net.bridge!, address: six.bridgeLinkLocal, prefixLen: 64 });
      // IPv6 forwarding goes on with the first --ipv6 network.
      n = {
        ...n,
        sysctl: { ...n.sysctl, "net.ipv6.conf.all.forwarding": "1", "net.ipv6.conf.default.forwarding": "1" },
      };
    }
    n = setLinkUp(n, net.bridge!, true);
    // Up without a port, it has no carrier: the two IGMP reports the kernel sends then are dropped.
    return { ...n, links: n.links.map((l) => (l.name === net.bridge ? { ...l, stats: BRIDGE_UP_STATS } : l)) };
  });
  // An interface coming up reports its multicast groups (IGMPv3 to 224.0.0.22); the
  // host's conntrack keeps that packet's entry (`unknown  2 ... dst=224.0.0.22`).
  return igmpReport(w, "host", net.bridge);
}

/**
 * A bridge that outlived its daemon gets its gateway address back on the next start: libnetwork's
 * setupBridgeIPv4 replaces whatever first IPv4 address the link has (or none, after `ip addr del`).
 */
function keepGatewayAddress<W extends DockerWorld>(world: W, net: DockerNetwork): W {
  const o = bridgeOptionsOf(net, profileOf(world.docker).driver.gatewayModes);
  if (o.inhibitIpv4 || o.gatewayMode === "isolated" || !net.gateway || !net.subnet) return world;
  const prefixLen = parseCidr(net.subnet)!.prefixLen;
  const ns = getNetns(world, "host")!;
  const first = ns.addrs.find((a) => a.ifname === net.bridge);
  if (first?.address === net.gateway && first.prefixLen === prefixLen) return world;
  return updateNetns(world, "host", (n) => {
    const bare = first ? delAddress(n, net.bridge!, `${first.address}/${first.prefixLen}`) : n;
    return addAddress(bare, net.bridge!, `${net.gateway}/${prefixLen}`, {
      broadcast: broadcastOf(net.gateway!, prefixLen),
    });
  });
}

/** The `com.docker.network.enable_ipv4` option as a boolean, when it reads as one. */
function options4(options: Readonly<Record<string, string>> | undefined): boolean | undefined {
  const v = options?.["com.docker.network.enable_ipv4"];
  return v === undefined ? undefined : ["0", "f", "F", "FALSE", "false", "False"].includes(v) ? false : undefined;
}

/** The kernel's limit on an interface name (IFNAMSIZ - 1). */
const IFNAMSIZ_1 = 15;

/** The bridge a new network would use, or why the driver refuses it. */
function bridgeFor<W extends DockerWorld>(
  world: W,
  id: string,
  options: Readonly<Record<string, string>>,
  internal: boolean,
): { ok: true; bridge: string; mtu: number } | { ok: false; error: string; leftover?: string } {
  const parsed = parseBridgeOptions(options, profileOf(world.docker).driver.gatewayModes);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  if (parsed.options.gatewayMode === "isolated" && !internal)
    return { ok: false, error: "gateway mode 'isolated' can only be used for an internal network" };
  const bridge = parsed.options.bridgeName ?? `br-${id.slice(0, 12)}`;
  const holder = world.docker.networks.find((n) => n.bridge === bridge);
  if (holder) {
    return {
      ok: false,
      error: `cannot create network ${id} (${bridge}): conflicts with network ${holder.id} (${bridge}): networks have same bridge name`,
    };
  }
  const existing = getNetns(world, "host")?.links.find((l) => l.name === bridge);
  if (existing && existing.kind !== "bridge")
    return { ok: false, error: `existing interface ${bridge} is not a bridge` };
  // The kernel refuses a longer name (ERANGE) and a link MTU above 65535 (EINVAL); the
  // latter only once the bridge exists, which dockerd then leaves behind, down.
  if (bridge.length > IFNAMSIZ_1) return { ok: false, error: "numerical result out of range" };
  if (parsed.options.mtu > 65535) return { ok: false, error: "invalid argument", leftover: bridge };
  return { ok: true, bridge, mtu: parsed.options.mtu };
}

export interface CreateNetworkOptions {
  readonly driver?: string;
  readonly subnet?: string;
  readonly gateway?: string;
  /** `--ip-range` of the IPv4 subnet. */
  readonly ipRange?: string;
  /** `--aux-address` of the IPv4 subnet: kept back from the containers. */
  readonly auxAddresses?: Readonly<Record<string, string>>;
  /** Every `--subnet` with its range and gateway, as the CLI paired them: what the daemon validates. */
  readonly ipam?: readonly IpamConfigRequest[];
  readonly internal?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
  readonly options?: Readonly<Record<string, string>>;
  /** `--ipv4=false` (28): the network would have no IPv4 side. */
  readonly enableIpv4?: boolean;
  /** `--ipv6`, with the IPv6 `--subnet` and `--gateway` when given. */
  readonly ipv6?: boolean;
  readonly subnet6?: string;
  readonly gateway6?: string;
}

export function createNetwork<W extends DockerWorld>(
  world: W,
  name: string,
  opts: CreateNetworkOptions,
): EngineResult<W> {
  const docker = world.docker;
  const driver = opts.driver ?? "bridge";
  if (name === "bridge" || name === "host" || name === "none") {
    return { ok: false, world, error: `operation is not permitted on predefined ${name} network` };
  }
  if (docker.networks.some((n) => n.name === name)) {
    return { ok: false, world, error: `network with name ${name} already exists` };
  }
  // 28 reads EnableIPv4 from the request, or from the enable_ipv4 option (oracle: am04 on 28).
  const v4Option = profileOf(docker).inspect.enableIPv4 ? options4(opts.options) : undefined;
  const v4 = opts.enableIpv4 !== false && v4Option !== false;
  if (!v4 && !opts.ipv6) return { ok: false, world, error: "IPv4 or IPv6 must be enabled" };
  if (driver === "overlay") {
    return {
      ok: false,
      world,
      error: `This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.`,
    };
  }
  // The predefined host and none are the only networks of their drivers.
  if (driver === "host" || driver === "null")
    return { ok: false, world, error: `only one instance of "${driver}" network is allowed` };
  if (driver !== "bridge" && !isVlanDriver(driver)) return { ok: false, world, error: `plugin "${driver}" not found` };
  const ipam = opts.ipam ?? (opts.subnet !== undefined ? [{ ...opts, subnet: opts.subnet }] : []);
  const invalid = validateIpamConfig(ipam);
  if (invalid !== undefined) return { ok: false, world, error: invalid };
  let subnet = v4 ? opts.subnet : undefined;
  if (!v4) {
    // An IPv6-only network takes no IPv4 pool.
  } else if (subnet !== undefined) {
    if (docker.networks.some((n) => n.subnet !== undefined && cidrsOverlap(n.subnet, subnet!))) {
      return { ok: false, world, error: profileOf(docker).errors.poolOverlap };
    }
  } else {
    subnet = choosePool(docker);
    if (!subnet) {
      return {
        ok: false,
        world,
        error: profileOf(docker).errors.poolsExhausted,
      };
    }
  }
  if (driver === "bridge" && ipam.filter((c) => !c.subnet.includes(":")).length > 1)
    return { ok: false, world, error: "bridge driver doesn't support multiple subnets" };
  // The IPAM has handed a default pool out by now: the driver's refusals below come after.
  const chosen = subnet;
  const picked = <X extends W>(x: X): X =>
    chosen !== undefined && opts.subnet === undefined ? withDocker(x, (d) => ({ ...d, poolCursor: chosen })) : x;
  const gateway = subnet === undefined ? undefined : (opts.gateway ?? gatewayOf(subnet, opts.ipRange));
  const taken = subnet === undefined ? undefined : gatewayTaken(subnet, gateway!);
  if (taken !== undefined) return { ok: false, world, error: taken };
  let ipv6: NetworkIpv6 | undefined;
  if (opts.ipv6) {
    const v6 = chooseIpv6(docker, opts.subnet6, opts.gateway6);
    if (!v6.ok) {
      const leak = opts.subnet === undefined && profileOf(docker).ipv6.leaksPoolOnIpv6Failure;
      const kept =
        leak && subnet !== undefined
          ? withDocker(world, (d) => ({ ...d, leakedPools: [...(d.leakedPools ?? []), subnet] }))
          : world;
      return { ok: false, world: picked(kept), error: v6.error };
    }
    ipv6 = v6.ipv6;
  }
  if (isVlanDriver(driver)) {
    // The driver's own refusals come once the IPAM has the pools (the lab gives its endpoints no IPv6).
    const refused = vlanRefusal(world, driver, opts.options ?? {});
    if (refused !== undefined) return { ok: false, world: picked(world), error: refused };
    const [id, w0] = newId(world);
    const net: DockerNetwork = {
      ...networkRecord(id, name, world.clock, opts, subnet, gateway),
      driver,
      ...(opts.options?.parent ? { parent: opts.options.parent } : {}),
    };
    const made = withDocker(picked(w0), (d) => ({ ...d, networks: [...d.networks, net] }));
    return { ok: true, world: logNetworkEvent(made, net, "create") };
  }
  const [id, w0] = newId(world);
  const options = opts.options ?? {};
  const br = bridgeFor(w0, id, options, opts.internal === true);
  if (!br.ok) {
    if (br.leftover === undefined || findLink(getNetns(w0, "host")!, br.leftover))
      return { ok: false, world: picked(world), error: br.error };
    const [mac, rng] = profileOf(w0.docker).macs.bridge(w0.rng);
    const left = updateNetns({ ...w0, rng }, "host", (ns) => addBridge(ns, br.leftover!, mac));
    return { ok: false, world: picked(left), error: br.error };
  }
  const net: DockerNetwork = {
    ...networkRecord(id, name, world.clock, opts, subnet, gateway),
    bridge: br.bridge,
    ...(ipv6 ? { ipv6 } : {}),
  };
  const failed = networkSetupFailure(picked(w0), net);
  if (failed) return { ok: false, world: failed.world, error: failed.error };
  let w = withDocker(picked(w0), (d) => ({ ...d, networks: [...d.networks, net] }));
  w = ensureBridge(w, net);
  w = programNetwork(w, net);
  return { ok: true, world: logNetworkEvent(w, net, "create") };
}

/** Whether the IPv4 `--subnet` came before the IPv6 one (the daemon keeps the request's order). */
function v4BeforeV6(ipam: readonly IpamConfigRequest[] | undefined): boolean {
  const i4 = ipam?.findIndex((c) => !c.subnet.includes(":")) ?? -1;
  const i6 = ipam?.findIndex((c) => c.subnet.includes(":")) ?? -1;
  return i4 >= 0 && i6 > i4;
}

/** What every driver's network keeps of the request: its IPAM config, options and labels. */
function networkRecord(
  id: string,
  name: string,
  created: number,
  opts: CreateNetworkOptions,
  subnet: string | undefined,
  gateway: string | undefined,
): DockerNetwork {
  return {
    id,
    name,
    driver: "bridge",
    created,
    ...(subnet !== undefined ? { subnet, gateway } : {}),
    ...(opts.subnet !== undefined ? { userSubnet: true } : {}),
    ...(opts.gateway !== undefined ? { userGateway: true } : {}),
    ...(opts.ipRange !== undefined ? { ipRange: opts.ipRange } : {}),
    ...(!opts.ipv6 && opts.subnet6 !== undefined ? { unusedSubnet6: opts.subnet6 } : {}),
    ...(v4BeforeV6(opts.ipam) ? { ipamV4First: true } : {}),
    ...(opts.auxAddresses !== undefined ? { auxAddresses: opts.auxAddresses } : {}),
    // The auxiliary addresses are allocated with the network and never given back.
    allocated: Object.values(opts.auxAddresses ?? {}).reduce<string[]>((a, ip) => withAddress(a, ip), []),
    isDefault: false,
    ...(opts.internal ? { internal: true } : {}),
    options: opts.options ?? {},
    labels: opts.labels ?? {},
  };
}

/** The network's endpoints are gone; removes its rules, its bridge and the network. */
export function removeNetwork<W extends DockerWorld>(world: W, net: DockerNetwork): EngineResult<W> {
  if (net.name === "bridge" || net.name === "host" || net.name === "none") {
    return { ok: false, world, error: `${net.name} is a pre-defined network and cannot be removed` };
  }
  const attached = world.docker.containers.filter((c) => c.networks.includes(net.id) && c.status === "running");
  if (attached.length > 0) {
    const running = attached.map((c) => ({ name: c.name, id: c.id.slice(0, 12) }));
    return { ok: false, world, error: profileOf(world.docker).errors.networkInUse(net.name, net.id, running) };
  }
  let w = world;
  const rules = bridgeRulesOf(net, w.docker);
  if (w.docker.config.iptables && rules) {
    const firewall = profileOf(w.docker).firewall;
    w = applyFirewall(w, firewall.networkRemoved(rules, hairpinMode(w.docker)));
    const six = bridgeRules6Of(net, w.docker);
    if (six && writesIp6(w.docker)) w = applyFirewall6(w, ip6Ops(firewall.networkRemoved(six, hairpinMode(w.docker))));
    else if (rules && firewall.isolation6 && writesIp6(w.docker))
      w = applyFirewall6(w, firewall.isolation6(rules, "delete"));
  }
  if (net.bridge) w = removeLink(w, "host", net.bridge);
  w = logNetworkEvent(w, net, "destroy");
  w = withDocker(w, (d) => ({
    ...d,
    networks: d.networks.filter((n) => n.id !== net.id),
    containers: d.containers.map((c) =>
      c.networks.includes(net.id)
        ? {
            ...c,
            networks: c.networks.filter((x) => x !== net.id),
            lostNetworks: [...(c.lostNetworks ?? []), { id: net.id, name: net.name }],
          }
        : c,
    ),
  }));
  return { ok: true, world: w };
}

/** Drops the bridge of a network whose daemon chose not to keep it (unused today; kept for prune). */
export function unusedNetworks(docker: DockerState): DockerNetwork[] {
  return docker.networks.filter(
    (n) => !["bridge", "host", "none"].includes(n.name) && !docker.containers.some((c) => c.networks.includes(n.id)),
  );
}

export function updateNetwork<W extends DockerWorld>(world: W, id: string, fn: (n: DockerNetwork) => DockerNetwork): W {
  return withDocker(world, (d) => ({ ...d, networks: d.networks.map((n) => (n.id === id ? fn(n) : n)) }));
}
