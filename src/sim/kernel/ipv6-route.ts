/**
 * IPv6 routing as far as the lab carries it: a namespace's own addresses, and the
 * neighbours on one link (a Docker bridge and its containers on an `--ipv6` network).
 * The packet walk (stack/walk.ts) delivers such packets across the link without the
 * ip6 tables: the rules Docker 28 writes there accept what stays on a bridge, and
 * Docker 26 writes none. Forwarding between links is not carried.
 */
import { inCidr6, ipv6AddrsOfLink, parseCidr6, type Ipv6Addr } from "./ipv6.ts";
import { hasCarrier } from "./link-state.ts";
import type { KernelWorld, Link, Netns } from "./types.ts";

function addrsOf(world: KernelWorld, ns: Netns, link: Link): Ipv6Addr[] {
  const running = link.up && hasCarrier(world, ns.id, link);
  return ipv6AddrsOfLink(ns, link, running, world.clock);
}

/** Whether `addr` is one of the namespace's usable (not tentative) IPv6 addresses. */
export function ownsIpv6(world: KernelWorld, ns: Netns, addr: string): boolean {
  return ns.links.some((l) => addrsOf(world, ns, l).some((a) => a.address === addr && !a.tentative));
}

export type Route6Result =
  | { readonly kind: "local" }
  /** Out of `dev` to `nextHop` (the destination itself when on-link), from `src` (undefined: no usable source). */
  | { readonly kind: "out"; readonly dev: string; readonly nextHop: string; readonly src: string | undefined }
  | { readonly kind: "none" };

/** The route an IPv6 packet from `ns` to `dst` takes: its prefix routes first, then a default route. */
export function route6(world: KernelWorld, ns: Netns, dst: string): Route6Result {
  if (ownsIpv6(world, ns, dst)) return { kind: "local" };
  const source = (dev: string) => {
    const link = ns.links.find((l) => l.name === dev);
    const a = link && addrsOf(world, ns, link).find((x) => x.scope === "global" && !x.tentative);
    return a?.address;
  };
  for (const a of ns.addrs6 ?? []) {
    const link = ns.links.find((l) => l.name === a.ifname);
    const c = parseCidr6(`${a.address}/${a.prefixLen}`);
    if (link?.up && c && c.prefixLen < 128 && !a.address.startsWith("fe80:") && inCidr6(c, dst))
      return { kind: "out", dev: a.ifname, nextHop: dst, src: source(a.ifname) };
  }
  const def = (ns.routes6 ?? []).find((r) => r.dst === "default" && r.via !== undefined);
  if (def?.via && ns.links.some((l) => l.name === def.dev && l.up))
    return { kind: "out", dev: def.dev, nextHop: def.via, src: source(def.dev) };
  return { kind: "none" };
}

/**
 * The namespace on the far side of `dev` that owns `addr`: a bridge's ports reach their
 * veth peers; a veth reaches its peer and, when that is a bridge port, the bridge's
 * owner and the other ports' peers.
 */
export function neighbour6(world: KernelWorld, ns: Netns, dev: string, addr: string): string | undefined {
  const link = ns.links.find((l) => l.name === dev);
  if (!link) return undefined;
  const segment: { ns: Netns; bridge?: string }[] = [];
  const nsOf = (id: string) => (Object.hasOwn(world.netns, id) ? world.netns[id] : undefined);
  const portsOf = (owner: Netns, bridge: string) => {
    for (const port of owner.links) {
      if (port.master !== bridge || !port.peer) continue;
      const far = nsOf(port.peer.netns);
      if (far && far.id !== ns.id) segment.push({ ns: far });
    }
  };
  if (link.kind === "bridge") portsOf(ns, link.name);
  else if (link.kind === "veth" && link.peer) {
    const owner = nsOf(link.peer.netns);
    const peer = owner?.links.find((l) => l.ifindex === link.peer?.ifindex);
    if (owner && peer?.master) {
      segment.push({ ns: owner });
      portsOf(owner, peer.master);
    } else if (owner) segment.push({ ns: owner });
  }
  return segment.find((s) => ownsIpv6(world, s.ns, addr))?.ns.id;
}
