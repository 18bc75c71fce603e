/**
 * Where a macvlan's frames go (drivers/net/macvlan.c). A macvlan hangs off a lower link
 * and shares its wire: what it sends leaves by that wire, unless (in bridge mode) a
 * sibling on the same lower link owns the address, when the kernel hands the frame
 * across directly; what arrives on the lower link for a macvlan's address goes to that
 * macvlan, before the lower link's own namespace sees it. The lower link's own host is
 * never reached: its frames go out to the wire, and nothing on a veth wire sends them
 * back (private and vepa siblings are as far apart, with no switch to reflect them).
 */
import type { HopEvent } from "../../trace/events.ts";
import type { Link, Netns } from "../types.ts";
import { getNs, type WalkState } from "./context.ts";
import { findLinkByIndex, ownsAddress } from "./neighbours.ts";
import { drop, noNeighbour, type Delivery, type Walk } from "./walk-visit.ts";

export interface MacvlanEnd {
  readonly ns: Netns;
  readonly link: Link;
}

/** The macvlans on each lower link (`netns|ifindex`), per set of namespaces: links do not change while packets move. */
const childrenCache = new WeakMap<object, Map<string, readonly { netns: string; ifindex: number }[]>>();

function childrenOf(st: WalkState, lowerNs: string, lowerIndex: number): MacvlanEnd[] {
  let byLower = childrenCache.get(st.world.netns);
  if (!byLower) {
    byLower = new Map();
    for (const ns of Object.values(st.world.netns)) {
      for (const l of ns.links) {
        if (!l.lower) continue;
        const key = `${l.lower.netns}|${l.lower.ifindex}`;
        byLower.set(key, [...(byLower.get(key) ?? []), { netns: ns.id, ifindex: l.ifindex }]);
      }
    }
    childrenCache.set(st.world.netns, byLower);
  }
  const out: MacvlanEnd[] = [];
  for (const c of byLower.get(`${lowerNs}|${lowerIndex}`) ?? []) {
    const ns = getNs(st, c.netns);
    const link = findLinkByIndex(ns, c.ifindex);
    if (ns && link?.up) out.push({ ns, link });
  }
  return out;
}

/** The macvlan on `lower` (of `lowerNs`) that owns `addr`: a frame arriving there for it is its. */
export function macvlanFor(st: WalkState, lowerNs: Netns, lower: Link, addr: string): MacvlanEnd | undefined {
  return childrenOf(st, lowerNs.id, lower.ifindex).find((c) => ownsAddress(c.ns, addr));
}

export type MacvlanHop =
  | { readonly kind: "sibling"; readonly to: MacvlanEnd }
  | { readonly kind: "wire"; readonly to: MacvlanEnd; readonly lowerNs: Netns; readonly lower: Link }
  | { readonly kind: "down"; readonly netns: string; readonly iface: string }
  | { readonly kind: "none" };

/** Where a frame the macvlan `link` (of namespace `nsId`) sends to `nextHop` goes. */
export function macvlanHop(st: WalkState, nsId: string, link: Link, nextHop: string): MacvlanHop {
  const low = link.lower!;
  const lowerNs = getNs(st, low.netns);
  const lower = findLinkByIndex(lowerNs, low.ifindex);
  if (!lowerNs || !lower || !lower.up) return { kind: "down", netns: low.netns, iface: lower?.name ?? "" };
  const sibling = childrenOf(st, lowerNs.id, lower.ifindex).find(
    (c) => !(c.ns.id === nsId && c.link.ifindex === link.ifindex) && ownsAddress(c.ns, nextHop),
  );
  if (sibling) {
    const bridged = low.mode === "bridge" && sibling.link.lower?.mode === "bridge";
    return bridged ? { kind: "sibling", to: sibling } : { kind: "none" };
  }
  if (!lower.peer) return { kind: "none" };
  const farNs = getNs(st, lower.peer.netns);
  const far = findLinkByIndex(farNs, lower.peer.ifindex);
  if (!farNs || !far || !far.up || far.master || !ownsAddress(farNs, nextHop)) return { kind: "none" };
  return { kind: "wire", to: { ns: farNs, link: far }, lowerNs, lower };
}

/** The hop a macvlan frame makes; one that crosses the wire names the lower link it crossed (tcpdump sees it there). */
export function macvlanHopEvent(w: Walk, fromNs: string, from: Link, hop: MacvlanHop): HopEvent | undefined {
  if (hop.kind !== "sibling" && hop.kind !== "wire") return undefined;
  return {
    type: "hop",
    packetId: w.packetId,
    fromNetns: fromNs,
    fromIface: from.name,
    toNetns: hop.to.ns.id,
    toIface: hop.to.link.name,
    medium: "wire",
    ...(hop.kind === "wire" ? { lower: { netns: hop.lowerNs.id, iface: hop.lower.name, dir: "Out" as const } } : {}),
  };
}

/** A frame from the wire for a macvlan on the far link `lower`: the macvlan takes it before that link's namespace sees it. */
export function macvlanArrival(
  w: Walk,
  fromNs: string,
  from: Link,
  lowerNs: Netns,
  lower: Link,
  to: MacvlanEnd,
): HopEvent {
  return {
    type: "hop",
    packetId: w.packetId,
    fromNetns: fromNs,
    fromIface: from.name,
    toNetns: to.ns.id,
    toIface: to.link.name,
    medium: "wire",
    lower: { netns: lowerNs.id, iface: lower.name, dir: "In" },
  };
}

/** A macvlan frame nobody takes: its lower link is down, or no neighbour it may reach answers ARP. */
export function macvlanDrop(w: Walk, nsId: string, link: Link, nextHop: string, hop: MacvlanHop): Delivery {
  if (hop.kind === "down")
    return drop(w, nsId, "link-down", `${hop.iface} is down`, {
      code: "link-down",
      netns: hop.netns,
      iface: hop.iface,
    });
  return noNeighbour(w, nsId, link.name, nextHop);
}
