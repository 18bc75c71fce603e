/**
 * The default network `bridge` (docker0) as the daemon's settings shape it. dockerd
 * builds it anew on every start: its subnet from daemon.json's `bip`, else the first
 * pool (`default-address-pools` or the built-in ones) no other network holds, and its
 * driver options from `icc`, `ip-masq`, `ip` and `mtu`. When a restart changes any of
 * these, docker0 keeps its link (and ifindex) but trades its address, and the old
 * subnet's rules give way to the new one's, as the oracle's restarts show.
 */
import { delAddress, addAddress } from "../kernel/address.ts";
import { getNetns, updateNetns } from "../kernel/netns.ts";
import { setMtu } from "../kernel/link.ts";
import { broadcastOf, formatIpv4, inCidr, maskOf, parseCidr, parseIpv4, type Cidr } from "../ipv4.ts";
import { DRIVER_MTU, mtuOf } from "./bridge-options.ts";
import { profileOf } from "./engine/index.ts";
import { applyFirewall } from "./firewall.ts";
import { firstHost, nextPool } from "./ipam.ts";
import { newId, withDocker } from "./network.ts";
import { bridgeRulesOf } from "./network-rules.ts";
import type { DaemonConfig, DockerNetwork, DockerWorld } from "./types.ts";

export interface DefaultBridgeShape {
  readonly subnet: string;
  readonly gateway: string;
  readonly options: Readonly<Record<string, string>>;
}

const DEFAULT_OPTIONS: Readonly<Record<string, string>> = {
  "com.docker.network.bridge.default_bridge": "true",
  "com.docker.network.bridge.enable_icc": "true",
  "com.docker.network.bridge.enable_ip_masquerade": "true",
  "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
  "com.docker.network.bridge.name": "docker0",
  [DRIVER_MTU]: "1500",
};

/**
 * What docker0 should be under CONFIG beside OTHERS (every network but the default bridge).
 * Without `bip`, the default bridge keeps the subnet it has unless `default-address-pools`
 * leave it out: a `bip` or a pool taken away stays (oracle: cz01, cz02), while docker0
 * moves to new pools that do not hold its subnet (cz02).
 */
export function defaultBridgeShape(
  config: DaemonConfig,
  others: readonly DockerNetwork[],
  existing?: { readonly subnet: string; readonly gateway: string },
): DefaultBridgeShape | undefined {
  const options = { ...DEFAULT_OPTIONS, ...config.bridgeOptions };
  const bip = config.bip ? parseCidr(config.bip) : null;
  const address = config.bip ? parseIpv4(config.bip.split("/")[0]!) : null;
  if (bip && address !== null) {
    const network = (address & maskOf(bip.prefixLen)) >>> 0;
    return { subnet: `${formatIpv4(network)}/${bip.prefixLen}`, gateway: formatIpv4(address), options };
  }
  const held = existing && parseCidr(existing.subnet);
  const pools = config.addressPools;
  if (existing && held && (!pools || pools.some((p) => withinPool(held, p.base))))
    return { subnet: existing.subnet, gateway: existing.gateway, options };
  const subnet = nextPool(others, [], config.addressPools);
  return subnet ? { subnet, gateway: firstHost(subnet), options } : undefined;
}

function withinPool(subnet: Cidr, base: string): boolean {
  const b = parseCidr(base);
  return b !== null && subnet.prefixLen >= b.prefixLen && inCidr(subnet.network, b);
}

function sameShape(net: DockerNetwork, shape: DefaultBridgeShape): boolean {
  const keys = new Set([...Object.keys(net.options), ...Object.keys(shape.options)]);
  return (
    net.subnet === shape.subnet &&
    net.gateway === shape.gateway &&
    [...keys].every((k) => net.options[k] === shape.options[k])
  );
}

/**
 * Brings an existing default bridge in line with the daemon's settings. OLD is the
 * configuration its rules were written under (the hairpin rules depend on it).
 */
export function reshapeDefaultBridge<W extends DockerWorld>(world: W, old: DaemonConfig): W {
  const net = world.docker.networks.find((n) => n.isDefault && n.bridge);
  if (!net) return world;
  const held = net.subnet && net.gateway ? { subnet: net.subnet, gateway: net.gateway } : undefined;
  const shape = defaultBridgeShape(
    world.docker.config,
    world.docker.networks.filter((n) => n !== net),
    held,
  );
  if (!shape || sameShape(net, shape)) return world;
  let w = world;
  const oldRules = bridgeRulesOf(net, world.docker);
  if (old.iptables && world.docker.chainsReady && oldRules)
    w = applyFirewall(w, profileOf(w.docker).firewall.networkRemoved(oldRules, !old.userlandProxy));
  const next: DockerNetwork = {
    ...net,
    subnet: shape.subnet,
    gateway: shape.gateway,
    options: shape.options,
    ...(shape.subnet !== net.subnet ? { allocated: [] } : {}),
  };
  const host = getNetns(w, "host");
  if (host && net.bridge && net.subnet && net.gateway) {
    const oldLen = parseCidr(net.subnet)!.prefixLen;
    const newLen = parseCidr(shape.subnet)!.prefixLen;
    w = updateNetns(w, "host", (ns) => {
      let n = ns;
      if (net.subnet !== shape.subnet || net.gateway !== shape.gateway) {
        n = delAddress(n, net.bridge!, `${net.gateway}/${oldLen}`);
        n = addAddress(n, net.bridge!, `${shape.gateway}/${newLen}`, {
          broadcast: broadcastOf(shape.gateway, newLen),
        });
      }
      return mtuOf(next) !== mtuOf(net) ? setMtu(n, net.bridge!, mtuOf(next)) : n;
    });
  }
  return withDocker(w, (d) => ({ ...d, networks: d.networks.map((n) => (n.id === net.id ? next : n)) }));
}

/** The three networks every daemon has, created on its first start. */
export function predefinedNetworks<W extends DockerWorld>(world: W): W {
  if (world.docker.networks.length > 0) return world;
  let w = world;
  const nets: DockerNetwork[] = [];
  const shape = defaultBridgeShape(world.docker.config, []) ?? {
    subnet: "172.17.0.0/16",
    gateway: "172.17.0.1",
    options: DEFAULT_OPTIONS,
  };
  for (const [name, driver] of [
    ["bridge", "bridge"],
    ["host", "host"],
    ["none", "null"],
  ] as const) {
    let id: string;
    [id, w] = newId(w);
    const base = { id, name, driver, created: w.clock, allocated: [], labels: {} };
    nets.push(
      name === "bridge"
        ? { ...base, bridge: "docker0", ...shape, isDefault: true }
        : { ...base, isDefault: false, options: {} },
    );
  }
  return withDocker(w, (d) => ({ ...d, networks: nets }));
}
