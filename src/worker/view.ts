/**
 * What the page draws of a world, and nothing more: each machine's interfaces, addresses,
 * routes, listening sockets and the sysctl it shows, the containers and the networks.
 * Netfilter tables, conntrack, counters, files, logs, the clock and the random source stay
 * in the worker (the page asks the worker with `peek` when it shows a tool's output).
 *
 * Field names are the world's own, and every field's type a part of the world's, so a
 * World is a WorldView too (tests and the lessons' checks read either).
 *
 * Pure and memoised by identity: the core shares whatever a command left unchanged, so
 * the view of an unchanged namespace, link or container is the very object made before,
 * and view-patch.ts finds what changed without walking what did not.
 */
import type { Container, DockerNetwork, Endpoint, EngineVersion } from "../sim/docker/types.ts";
import type { Addr, Addr6, Link, Listener, Netns, Route } from "../sim/kernel/types.ts";
import type { World } from "../sim/index.ts";

/** The sysctl keys the page shows (the graph's host node, the details panel). */
export const VIEW_SYSCTLS = ["net.ipv4.ip_forward"] as const;

export type LinkView = Pick<Link, "ifindex" | "name" | "kind" | "up" | "master" | "peer" | "lower">;

export interface NetnsView {
  readonly id: string;
  readonly hostname: string;
  readonly links: readonly LinkView[];
  readonly addrs: readonly Addr[];
  /** IPv6 addresses given to links (Docker's on an `--ipv6` network); the derived link-locals are not drawn. */
  readonly addrs6?: readonly Addr6[];
  readonly routes: readonly Route[];
  readonly listeners: readonly Listener[];
  /** Only the keys of VIEW_SYSCTLS. */
  readonly sysctl: Readonly<Record<string, string>>;
}

export type ContainerView = Pick<Container, "id" | "name" | "image" | "status" | "networkMode"> & {
  readonly endpoints: readonly Pick<Endpoint, "networkId" | "ipAddress" | "gateway" | "ifname">[];
};

export type NetworkView = Pick<
  DockerNetwork,
  "id" | "name" | "driver" | "bridge" | "subnet" | "gateway" | "isDefault" | "internal"
>;

export interface DockerView {
  readonly engine: EngineVersion;
  readonly containers: readonly ContainerView[];
  readonly networks: readonly NetworkView[];
}

export interface WorldView {
  /** Every machine by namespace id, in the world's order (host, internet, then containers as made). */
  readonly netns: Readonly<Record<string, NetnsView>>;
  readonly docker: DockerView;
}

/** A memo keyed by object identity: what the core did not touch is not looked at again. */
function memo<K extends object, V>(make: (k: K) => V): (k: K) => V {
  const seen = new WeakMap<K, V>();
  return (k) => {
    let v = seen.get(k);
    if (v === undefined) {
      v = make(k);
      seen.set(k, v);
    }
    return v;
  };
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

const LINK_KEYS = ["ifindex", "name", "kind", "up", "master", "peer", "lower"] as const;
const linkView = memo((l: Link): LinkView => pick(l, LINK_KEYS));
const linksView = memo((ls: readonly Link[]): readonly LinkView[] => ls.map(linkView));

const sysctlView = memo((s: Readonly<Record<string, string>>): Readonly<Record<string, string>> => {
  const out: Record<string, string> = {};
  for (const k of VIEW_SYSCTLS) if (Object.hasOwn(s, k)) out[k] = s[k]!;
  return out;
});

const netnsView = memo((ns: Netns): NetnsView => ({
  id: ns.id,
  hostname: ns.hostname,
  links: linksView(ns.links),
  addrs: ns.addrs,
  ...(ns.addrs6 ? { addrs6: ns.addrs6 } : {}),
  routes: ns.routes,
  listeners: ns.listeners,
  sysctl: sysctlView(ns.sysctl),
}));

const ENDPOINT_KEYS = ["networkId", "ipAddress", "gateway", "ifname"] as const;
const endpointView = memo((e: Endpoint) => pick(e, ENDPOINT_KEYS));
const containerView = memo((c: Container): ContainerView => ({
  id: c.id,
  name: c.name,
  image: c.image,
  status: c.status,
  networkMode: c.networkMode,
  endpoints: c.endpoints.map(endpointView),
}));
const containersView = memo((cs: readonly Container[]) => cs.map(containerView));

const NETWORK_KEYS = ["id", "name", "driver", "bridge", "subnet", "gateway", "isDefault", "internal"] as const;
const networkView = memo((n: DockerNetwork): NetworkView => pick(n, NETWORK_KEYS));
const networksView = memo((ns: readonly DockerNetwork[]) => ns.map(networkView));

const allNetnsView = memo((all: World["netns"]): WorldView["netns"] => {
  const out: Record<string, NetnsView> = {};
  for (const id of Object.keys(all)) out[id] = netnsView(all[id]!);
  return out;
});

/** The page's view of a world. Unchanged parts of two worlds give the same objects. */
export function viewOf(world: World): WorldView {
  return {
    netns: allNetnsView(world.netns),
    docker: {
      engine: world.docker.engine,
      containers: containersView(world.docker.containers),
      networks: networksView(world.docker.networks),
    },
  };
}
