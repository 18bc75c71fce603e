/**
 * Network namespaces: made, looked up, replaced and removed in a world, as pure
 * functions on plain data. Their links' operations are in link.ts, their addresses'
 * in address.ts, their routes' in route-table.ts (which keeps the main table in the
 * order the kernel's fib trie dumps it); the last two are re-exported here, as before.
 */
import { createNetfilter } from "../netfilter/state.ts";
import type { Ipv4, KernelWorld, Link, Netns } from "./types.ts";

export { addRoute, compareRoutes, delRoute, normaliseDst, routeMatches, sameRouteSlot } from "./route-table.ts";
export { hasCarrier, isContainer, onLinkAddr } from "./link-state.ts";
export { addAddress, defaultScope, delAddress, type AddressOptions } from "./address.ts";

/** Sysctls every new namespace starts with (as /proc/sys holds them). */
export const DEFAULT_SYSCTL: Readonly<Record<string, string>> = {
  "net.ipv4.ip_forward": "0",
  "net.ipv4.conf.all.forwarding": "0",
  "net.ipv4.conf.default.forwarding": "0",
  "net.ipv4.conf.all.route_localnet": "0",
  "net.ipv4.conf.all.rp_filter": "0",
  "net.ipv4.conf.default.rp_filter": "0",
  "net.ipv4.ip_local_port_range": "32768\t60999",
  "net.ipv4.ping_group_range": "1\t0",
  "net.ipv4.ip_unprivileged_port_start": "1024",
  "net.ipv4.icmp_echo_ignore_all": "0",
  "net.ipv4.tcp_syn_retries": "6",
  "net.bridge.bridge-nf-call-iptables": "1",
  "net.netfilter.nf_conntrack_tcp_timeout_established": "432000",
  "net.netfilter.nf_conntrack_tcp_timeout_time_wait": "120",
  "net.netfilter.nf_conntrack_udp_timeout": "30",
  "net.netfilter.nf_conntrack_udp_timeout_stream": "120",
};

export const LOOPBACK_MAC = "00:00:00:00:00:00";

export interface NetnsOptions {
  readonly sysctl?: Readonly<Record<string, string>>;
  readonly nameservers?: readonly Ipv4[];
  readonly hosts?: Readonly<Record<string, Ipv4>>;
}

/** A fresh namespace as the kernel makes one, with `lo` already up (as every tool here leaves it). */
export function createNetns(id: string, hostname: string, opts: NetnsOptions = {}): Netns {
  const lo: Link = {
    ifindex: 1,
    name: "lo",
    kind: "loopback",
    mac: LOOPBACK_MAC,
    mtu: 65536,
    up: true,
    qdiscAttached: true,
    txqlen: 1000,
  };
  return {
    id,
    hostname,
    links: [lo],
    addrs: [{ ifname: "lo", address: "127.0.0.1", prefixLen: 8, scope: "host" }],
    routes: [],
    sysctl: { ...DEFAULT_SYSCTL, ...opts.sysctl },
    netfilter: createNetfilter(),
    conntrack: [],
    listeners: [],
    nameservers: opts.nameservers ?? [],
    hosts: opts.hosts ?? {},
    nextIfindex: 2,
  };
}

export function getNetns(world: KernelWorld, id: string): Netns | undefined {
  return Object.hasOwn(world.netns, id) ? world.netns[id] : undefined;
}

/**
 * A copy of a record keyed by id with some entries replaced. A world of thousands of
 * containers has thousands of keys here, where V8's object spread costs about 0.7 µs a
 * key and a `for…in` copy less than half that; this runs on every change of a namespace.
 */
export function withEntries<T>(
  rec: Readonly<Record<string, T>>,
  changes: Readonly<Record<string, T>>,
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k in rec) if (Object.hasOwn(rec, k)) out[k] = rec[k]!;
  for (const k in changes) if (Object.hasOwn(changes, k)) out[k] = changes[k]!;
  return out;
}

/** Applies `fn` to one namespace; a missing namespace leaves the world as it is. */
export function updateNetns<W extends KernelWorld>(world: W, id: string, fn: (ns: Netns) => Netns): W {
  const ns = getNetns(world, id);
  if (!ns) return world;
  return { ...world, netns: withEntries(world.netns, { [id]: fn(ns) }) };
}

export function putNetns<W extends KernelWorld>(world: W, ns: Netns): W {
  return { ...world, netns: withEntries(world.netns, { [ns.id]: ns }) };
}

export function removeNetns<W extends KernelWorld>(world: W, id: string): W {
  const ns = getNetns(world, id);
  if (!ns) return world;
  // A dying namespace destroys its veths, and with them their peers elsewhere.
  let w = world;
  for (const link of ns.links) {
    if (link.kind === "veth" && link.peer && link.peer.netns !== id) {
      const peer = getNetns(w, link.peer.netns)?.links.find((l) => l.ifindex === link.peer?.ifindex);
      if (peer) w = updateNetns(w, link.peer.netns, (p) => dropLink(p, peer.name));
    }
  }
  const rest = { ...w.netns };
  delete rest[id];
  const files = { ...w.files };
  delete files[id];
  return { ...w, netns: rest, files };
}

/** The namespace without `ifname`: its addresses and routes go with it, its ports are freed. */
export function dropLink(ns: Netns, ifname: string): Netns {
  return {
    ...ns,
    links: ns.links
      .filter((l) => l.name !== ifname)
      .map((l) => {
        if (l.master !== ifname) return l;
        const { master: _drop, ...rest } = l;
        return rest;
      }),
    addrs: ns.addrs.filter((a) => a.ifname !== ifname),
    routes: ns.routes.filter((r) => r.dev !== ifname),
    ...(ns.addrs6 ? { addrs6: ns.addrs6.filter((a) => a.ifname !== ifname) } : {}),
    ...(ns.routes6 ? { routes6: ns.routes6.filter((r) => r.dev !== ifname) } : {}),
  };
}
