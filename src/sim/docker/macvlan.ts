/**
 * The macvlan and ipvlan drivers (libnetwork's drivers/macvlan and drivers/ipvlan): a
 * network is a link of the host (`-o parent=`) and the subnet of the LAN behind it; each
 * endpoint is a link made on that parent and moved into the container, which so sits on
 * the LAN beside the host and is reached at its own address. There is no bridge, no
 * iptables rule and no published port, and the kernel keeps a macvlan's frames from its
 * parent's own host. The lab's host kernel is the oracle's: it has no ipvlan module and
 * no dummy links, so ipvlan endpoints and parent-less networks fail as they do there.
 */
import { parseCidr } from "../ipv4.ts";
import { addAddress, getNetns } from "../kernel/netns.ts";
import { addLink, allocIfindex, findLink, setLinkUp } from "../kernel/link.ts";
import type { MacvlanMode } from "../kernel/types.ts";
import { HOST_MACHINE } from "../machines/host.ts";
import type { JoinResult, Plumbing } from "./endpoint.ts";
import { broadcastAddr, claimIpv4 } from "./endpoint-address.ts";
import { profileOf } from "./engine/index.ts";
import type { Container, DockerNetwork, DockerWorld, Endpoint, NetworkDriver } from "./types.ts";

export type VlanDriver = "macvlan" | "ipvlan";

export function isVlanDriver(d: string): d is VlanDriver {
  return d === "macvlan" || d === "ipvlan";
}

/** Each driver's mode option, the modes it takes and the one it defaults to. */
const MODES: Readonly<Record<VlanDriver, { key: string; all: readonly string[]; dflt: string; dummy: string }>> = {
  macvlan: { key: "macvlan_mode", all: ["bridge", "private", "vepa", "passthru"], dflt: "bridge", dummy: "dm" },
  ipvlan: { key: "ipvlan_mode", all: ["l2", "l3", "l3s"], dflt: "l2", dummy: "di" },
};

const EOPNOTSUPP = "operation not supported";

function missing(kind: string): boolean {
  return HOST_MACHINE.missingLinkKinds?.includes(kind) ?? false;
}

/**
 * What the driver's CreateNetwork refuses, in its order: a mode it does not know, the
 * loopback as parent, (26) a parent another network of the driver already uses, then a
 * parent that is not there: without `-o parent` it would make a dummy link; a name with
 * a dot names a VLAN subinterface it would make on the part before the dot.
 */
export function vlanRefusal(
  world: DockerWorld,
  driver: VlanDriver,
  options: Readonly<Record<string, string>>,
): string | undefined {
  const m = MODES[driver];
  const mode = options[m.key];
  if (mode !== undefined && mode !== "" && !m.all.includes(mode))
    return `requested ${driver} mode '${mode}' is not valid, '${m.dflt}' mode is the ${driver} driver default`;
  const flag = driver === "ipvlan" ? options.ipvlan_flag : undefined;
  if (flag !== undefined && flag !== "" && !["bridge", "private", "vepa"].includes(flag))
    return `requested ipvlan flag '${flag}' is not valid, 'bridge' is the ipvlan driver default`;
  const parent = options.parent ?? "";
  if (parent === "lo") return `loopback interface is not a valid ${driver} parent link`;
  if (parent !== "" && profileOf(world.docker).driver.oneNetworkPerParent) {
    const other = world.docker.networks.find((n) => n.driver === driver && n.parent === parent);
    if (other) return `network ${m.dummy}-${other.id.slice(0, 12)} is already using parent interface ${parent}`;
  }
  const host = getNetns(world, "host");
  if (parent !== "" && host && findLink(host, parent)) return undefined;
  if (parent === "") return missing("dummy") ? EOPNOTSUPP : "the lab makes no dummy parent links";
  return vlanLinkRefusal(world, parent);
}

/** createVlanLink: `NAME.VID` on an existing NAME; anything else is not a subinterface name. */
function vlanLinkRefusal(world: DockerWorld, parent: string): string {
  if (!parent.includes(".")) return `invalid subinterface vlan name ${parent}, example formatting is eth0.10`;
  const parts = parent.split(".");
  if (parts.length !== 2)
    return `required interface name format is: name.vlan_id, ex. eth0.10 for vlan 10, instead received: ${parent}`;
  const [master, vid] = parts as [string, string];
  if (!/^[+-]?\d+$/.test(vid)) return `unable to parse a valid vlan id from: ${vid} (ex. eth0.10 for vlan 10)`;
  const n = Number(vid);
  if (n > 4094 || n < 1) return `vlan id must be between 1-4094, received: ${n}`;
  const host = getNetns(world, "host");
  if (!host || !findLink(host, master)) return `-o parent interface was not found on the host: ${master}`;
  return `failed to create ${parent} vlan link: ${EOPNOTSUPP}`;
}

function modeOf(net: DockerNetwork): MacvlanMode {
  const m = net.options.macvlan_mode;
  return m === "private" || m === "vepa" || m === "passthru" ? m : "bridge";
}

/**
 * Joins a macvlan network: the link is made on the parent in the host (taking the host's
 * next index) and moved into the sandbox as `ethN`, keeping its index; the address is the
 * IPAM's, the default route (unless `--internal`) the sandbox's business as for a bridge.
 */
export function joinVlan<W extends DockerWorld>(
  world: W,
  ns: Plumbing,
  c: Container,
  net: DockerNetwork & { readonly driver: NetworkDriver },
  endpointId: string,
  index: number,
): JoinResult<W> {
  if (net.driver === "ipvlan" && missing("ipvlan"))
    return { ok: false, error: `failed to create the ipvlan port: ${EOPNOTSUPP}` };
  const parent = net.parent !== undefined ? findLink(ns.host, net.parent) : undefined;
  if (!parent) return { ok: false, error: `the requested parent interface ${net.parent ?? ""} was not found` };
  const cfg = c.endpointConfig?.[net.id];
  const claimed = claimIpv4(world, net, cfg);
  if (!claimed.ok) return claimed;
  let w = claimed.world;
  const ip = claimed.ip;
  const prefixLen = net.subnet ? parseCidr(net.subnet)!.prefixLen : 0;
  const [made, rng] = profileOf(w.docker).macs.endpoint(ip, w.rng);
  w = { ...w, rng };
  const asked = c.settings?.macAddress;
  const mac = asked !== undefined && net.id === c.networks[0] ? asked.toLowerCase() : made;
  const ifname = `eth${index}`;
  const [ifindex, nextIfindex] = allocIfindex(ns.host);
  const host = { ...ns.host, nextIfindex };
  let [ctr] = addLink(ns.ctr, {
    name: ifname,
    kind: "macvlan",
    mac,
    ifindex,
    lower: { netns: ns.host.id, ifindex: parent.ifindex, mode: modeOf(net) },
  });
  if (ip !== "") ctr = addAddress(ctr, ifname, `${ip}/${prefixLen}`, { broadcast: broadcastAddr(ip, prefixLen) });
  ctr = setLinkUp(ctr, ifname, true);
  ctr = { ...ctr, sysctl: { ...ctr.sysctl, [`net.ipv6.conf.${ifname}.disable_ipv6`]: "1" } };
  const endpoint: Endpoint = {
    networkId: net.id,
    endpointId,
    ipAddress: ip,
    prefixLen,
    gateway: net.internal ? "" : (net.gateway ?? ""),
    mac,
    ifname,
    aliases: [...(cfg?.aliases ?? []), c.name, c.id.slice(0, 12)],
    ...(cfg?.gwPriority ? { gwPriority: cfg.gwPriority } : {}),
  };
  return { ok: true, world: w, ns: { host, ctr }, endpoint };
}
