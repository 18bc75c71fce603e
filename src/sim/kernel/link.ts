/**
 * Links of a namespace: the operations `ip link` and the Docker engine perform (add,
 * veth pairs, bridges and their ports, mtu, mac, rename, up and down, delete, move
 * to another namespace), as pure functions on plain data. Invariants kept here:
 * ifindex unique per namespace and never reused; a veth's peer points back at it
 * (removing one end removes both, as the kernel does); taking a link down flushes
 * its routes, bringing it up restores its connected routes.
 */
import { addConnectedRoute } from "./address.ts";
import { dropLink, getNetns, putNetns, updateNetns } from "./netns.ts";
import type { KernelWorld, Link, LinkKind, Netns } from "./types.ts";

export function findLink(ns: Netns, ifname: string): Link | undefined {
  return ns.links.find((l) => l.name === ifname);
}

export function findLinkByIndex(ns: Netns, ifindex: number): Link | undefined {
  return ns.links.find((l) => l.ifindex === ifindex);
}

export interface LinkSpec {
  readonly name: string;
  readonly kind: LinkKind;
  readonly mac: string;
  readonly mtu?: number;
  readonly up?: boolean;
  readonly master?: string;
  readonly peer?: { readonly netns: string; readonly ifindex: number };
  readonly lower?: Link["lower"];
  /** Keep this ifindex (a link moved in from another namespace keeps its own when it is free). */
  readonly ifindex?: number;
  readonly txqlen?: number;
}

/**
 * The kernel's ifindex allocator: a wanted index is kept when it is free (a link moved
 * in from another namespace keeps its own); otherwise the per-namespace counter hands
 * out the next free one. Returns the index and the counter's next value.
 */
export function allocIfindex(ns: Netns, wanted?: number, alsoTaken: readonly number[] = []): [number, number] {
  // Links are kept sorted by ifindex: past the highest one, every index is free (the common case, in O(1)).
  const highest = ns.links.length > 0 ? ns.links[ns.links.length - 1]!.ifindex : 0;
  const past = (i: number) => i > highest && !alsoTaken.includes(i);
  if (wanted !== undefined && wanted > 0 && past(wanted)) return [wanted, ns.nextIfindex];
  if (wanted === undefined && past(ns.nextIfindex)) return [ns.nextIfindex, ns.nextIfindex + 1];
  const taken = new Set([...ns.links.map((l) => l.ifindex), ...alsoTaken]);
  if (wanted !== undefined && wanted > 0 && !taken.has(wanted)) return [wanted, ns.nextIfindex];
  let i = ns.nextIfindex;
  while (taken.has(i)) i++; // bounded: at most one step per existing link
  return [i, i + 1];
}

/** Adds a link (down unless `spec.up`); the caller checks the name is free. */
export function addLink(ns: Netns, spec: LinkSpec): [Netns, Link] {
  const [ifindex, nextIfindex] = allocIfindex(ns, spec.ifindex);
  const link: Link = {
    ifindex,
    name: spec.name,
    kind: spec.kind,
    mac: spec.mac,
    mtu: spec.mtu ?? (spec.kind === "loopback" ? 65536 : 1500),
    up: spec.up ?? false,
    ...(spec.master !== undefined ? { master: spec.master } : {}),
    ...(spec.peer !== undefined ? { peer: spec.peer } : {}),
    ...(spec.lower !== undefined ? { lower: spec.lower } : {}),
    ...(spec.txqlen ? { txqlen: spec.txqlen } : {}),
  };
  const last = ns.links[ns.links.length - 1];
  const links =
    last === undefined || last.ifindex < ifindex
      ? [...ns.links, link]
      : [...ns.links, link].sort((a, b) => a.ifindex - b.ifindex);
  return [{ ...ns, links, nextIfindex }, link];
}

export interface VethEnd {
  readonly netns: string;
  readonly name: string;
  readonly mac: string;
  readonly mtu?: number;
  readonly ifindex?: number;
  /** `ip link add` gives a veth a queue of 1000; Docker's netlink calls give none. */
  readonly txqlen?: number;
}

export interface VethOptions {
  /**
   * Where the pair is created before either end is moved (Docker creates both ends
   * in the host, then moves one into the container). Both indexes then come from
   * this namespace's counter, the peer end `b` first as veth_newlink registers it,
   * and each end keeps its index in its destination when it is free there.
   */
  readonly createdIn?: string;
}

/**
 * A veth pair created in namespace `a` (as Docker creates it in the host) with end `eb`
 * moved into `b`: both indexes come from `a`'s counter, `b`'s end first, and each end
 * keeps its index where it is free. Works on the two namespaces themselves, so that an
 * engine building a container writes the world's namespace record once.
 */
export function addVethPairBetween(
  a: Netns,
  b: Netns,
  ea: Omit<VethEnd, "netns">,
  eb: Omit<VethEnd, "netns">,
  opts: { readonly peerMadeInB?: boolean } = {},
): [Netns, Netns] {
  if (opts.peerMadeInB) {
    // The pair is made with its far end inside `b` (IFLA_NET_NS_FD): each end takes its own
    // namespace's next index, and `a` spends none on the other.
    const [withB0, endB0] = addLink(b, { ...eb, kind: "veth" });
    const [withA0, endA0] = addLink(a, { ...ea, kind: "veth", peer: { netns: b.id, ifindex: endB0.ifindex } });
    const links = withB0.links.map((l) => (l === endB0 ? { ...l, peer: { netns: a.id, ifindex: endA0.ifindex } } : l));
    return [withA0, { ...withB0, links }];
  }
  const [ib, c1] = allocIfindex(a);
  const [ia, c2] = allocIfindex({ ...a, nextIfindex: c1 }, undefined, [ib]);
  const [withB, endB] = addLink(b, { ...eb, kind: "veth", ifindex: eb.ifindex ?? ib });
  const [withA, endA] = addLink(
    { ...a, nextIfindex: c2 },
    { ...ea, kind: "veth", ifindex: ea.ifindex ?? ia, peer: { netns: b.id, ifindex: endB.ifindex } },
  );
  const bLinks = withB.links.map((l) => (l === endB ? { ...l, peer: { netns: a.id, ifindex: endA.ifindex } } : l));
  return [withA, { ...withB, links: bLinks }];
}

/** Creates both ends of a veth pair, each pointing at the other; both start down. */
export function addVethPair<W extends KernelWorld>(world: W, a: VethEnd, b: VethEnd, opts: VethOptions = {}): W {
  const nsA = getNetns(world, a.netns);
  const nsB0 = getNetns(world, b.netns);
  if (!nsA || !nsB0) return world;
  let w = world;
  let wantA = a.ifindex;
  let wantB = b.ifindex;
  const origin = opts.createdIn !== undefined ? getNetns(world, opts.createdIn) : undefined;
  if (origin && wantA === undefined && wantB === undefined) {
    const [ib, c1] = allocIfindex(origin);
    const [ia, c2] = allocIfindex({ ...origin, nextIfindex: c1 }, undefined, [ib]);
    wantA = ia;
    wantB = ib;
    w = updateNetns(w, origin.id, (n) => ({ ...n, nextIfindex: c2 }));
  }
  const nsB = getNetns(w, b.netns)!;
  const [withB, endB] = addLink(nsB, { ...b, kind: "veth", ...(wantB !== undefined ? { ifindex: wantB } : {}) });
  w = putNetns(w, withB);
  const nsA2 = getNetns(w, a.netns)!;
  const [withA, endA] = addLink(nsA2, {
    ...a,
    kind: "veth",
    ...(wantA !== undefined ? { ifindex: wantA } : {}),
    peer: { netns: b.netns, ifindex: endB.ifindex },
  });
  w = putNetns(w, withA);
  return updateNetns(w, b.netns, (n) => ({
    ...n,
    links: n.links.map((l) =>
      l.ifindex === endB.ifindex ? { ...l, peer: { netns: a.netns, ifindex: endA.ifindex } } : l,
    ),
  }));
}

/** A Linux bridge, down and without ports, as `ip link add NAME type bridge` makes it. */
export function addBridge(ns: Netns, name: string, mac: string): Netns {
  return addLink(ns, { name, kind: "bridge", mac })[0];
}

function mapLink(ns: Netns, ifname: string, fn: (l: Link) => Link): Netns {
  // Names are unique in a namespace: copy the array once and replace the one link.
  const i = ns.links.findIndex((l) => l.name === ifname);
  if (i < 0) return ns;
  const links = ns.links.slice();
  links[i] = fn(links[i]!);
  return { ...ns, links };
}

/** Enslaves `ifname` to `bridge` (or frees it with `undefined`). */
export function setMaster(ns: Netns, ifname: string, bridge: string | undefined): Netns {
  const next = mapLink(ns, ifname, (l) => {
    if (bridge === undefined) {
      const { master: _drop, ...rest } = l;
      return rest;
    }
    return { ...l, master: bridge };
  });
  if (bridge === undefined) return next;
  const cleared = mapLink(next, bridge, (l) => {
    const { noPortsYet: _gone, ...rest } = l;
    return rest;
  });
  return markAddrconf(cleared, bridge);
}

/** A bridge that is up and has a port gets (and keeps) its IPv6 link-local address. */
function markAddrconf(ns: Netns, bridge: string): Netns {
  const br = findLink(ns, bridge);
  if (!br || br.kind !== "bridge" || !br.up || br.addrconf || !ns.links.some((l) => l.master === bridge)) return ns;
  // Its fe80::/64 route then comes after the joining port's (the newest): `ip -6 route` keeps that order.
  const after = Math.max(...ns.links.filter((l) => l.master === bridge).map((l) => l.ifindex));
  return mapLink(ns, bridge, (l) => ({ ...l, addrconf: true, addrconfAfter: after }));
}

export function setMtu(ns: Netns, ifname: string, mtu: number): Netns {
  return mapLink(ns, ifname, (l) => ({ ...l, mtu }));
}

export function setMac(ns: Netns, ifname: string, mac: string): Netns {
  return mapLink(ns, ifname, (l) => ({ ...l, mac }));
}

/** Renames a link; its addresses, routes and bridge ports follow the new name. */
export function renameLink(ns: Netns, from: string, to: string): Netns {
  const rename = (n: string) => (n === from ? to : n);
  return {
    ...ns,
    links: ns.links.map((l) => ({
      ...l,
      name: rename(l.name),
      ...(l.master !== undefined ? { master: rename(l.master) } : {}),
    })),
    addrs: ns.addrs.map((a) => ({ ...a, ifname: rename(a.ifname) })),
    routes: ns.routes.map((r) => ({ ...r, dev: rename(r.dev) })),
    ...(ns.addrs6 ? { addrs6: ns.addrs6.map((a) => ({ ...a, ifname: rename(a.ifname) })) } : {}),
    ...(ns.routes6 ? { routes6: ns.routes6.map((r) => ({ ...r, dev: rename(r.dev) })) } : {}),
  };
}

/**
 * Administrative state. Down flushes every route through the link (static ones
 * too, as the kernel does); up restores only the connected routes of its addresses.
 */
export function setLinkUp(ns: Netns, ifname: string, up: boolean): Netns {
  const link = findLink(ns, ifname);
  if (!link || link.up === up) return ns;
  let next = mapLink(ns, ifname, (l) => {
    if (up) return { ...l, up, qdiscAttached: true };
    // Going down drops the link's IPv6 addresses (addrconf_ifdown).
    const { addrconf: _gone, addrconfAfter: _after, ...rest } = l;
    return { ...rest, up };
  });
  if (up && link.kind === "bridge") next = markAddrconf(next, ifname);
  // The kernel gives loopback its address the first time it comes up (inetdev_event).
  if (up && link.kind === "loopback" && !next.addrs.some((a) => a.ifname === ifname))
    next = { ...next, addrs: [{ ifname, address: "127.0.0.1", prefixLen: 8, scope: "host" }, ...next.addrs] };
  if (!up) return { ...next, routes: next.routes.filter((r) => r.dev !== ifname) };
  for (const a of next.addrs) {
    if (a.ifname === ifname) next = addConnectedRoute(next, a);
  }
  return next;
}

/** `ip link del`: a veth takes its peer with it; a bridge frees its ports. */
export function removeLink<W extends KernelWorld>(world: W, netns: string, ifname: string): W {
  const ns = getNetns(world, netns);
  const link = ns && findLink(ns, ifname);
  if (!link) return world;
  let w = updateNetns(world, netns, (n) => dropLink(n, ifname));
  if (link.kind === "veth" && link.peer) {
    const { netns: peerNs, ifindex } = link.peer;
    const peer = getNetns(w, peerNs)?.links.find((l) => l.ifindex === ifindex);
    if (peer) w = updateNetns(w, peerNs, (n) => dropLink(n, peer.name));
  }
  return w;
}

/** Moves a link into another namespace (`ip link set X netns Y`), keeping its ifindex when free there. */
export function moveLink<W extends KernelWorld>(
  world: W,
  from: string,
  ifname: string,
  to: string,
  newName?: string,
): W {
  const src = getNetns(world, from);
  const link = src && findLink(src, ifname);
  const dstNs = getNetns(world, to);
  if (!link || !dstNs || from === to) return world;
  // Moving takes the link down and drops its addresses and routes, as the kernel does.
  let w = updateNetns(world, from, (n) => dropLink(n, ifname));
  const [moved, added] = addLink(getNetns(w, to)!, {
    name: newName ?? link.name,
    kind: link.kind,
    mac: link.mac,
    mtu: link.mtu,
    ifindex: link.ifindex,
    ...(link.peer ? { peer: link.peer } : {}),
    ...(link.txqlen ? { txqlen: link.txqlen } : {}),
  });
  w = putNetns(w, moved);
  if (link.peer) {
    const { netns: peerNs, ifindex } = link.peer;
    w = updateNetns(w, peerNs, (n) => ({
      ...n,
      links: n.links.map((l) => (l.ifindex === ifindex ? { ...l, peer: { netns: to, ifindex: added.ifindex } } : l)),
    }));
  }
  return w;
}
