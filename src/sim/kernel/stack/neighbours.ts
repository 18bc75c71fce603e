/**
 * Links and neighbours for the walk: links by name and ifindex (indexed per links
 * array, so a host with a thousand veths is searched in O(1)), who owns an address,
 * and which bridge port's far end answers ARP for a next hop.
 */
import type { Link, Netns } from "../types.ts";
import { getNs, type WalkState } from "./context.ts";
import { isLocalFor } from "./fib-cache.ts";

export function ownsAddress(ns: Netns, addr: string): boolean {
  return isLocalFor(ns, addr);
}

interface LinkIndex {
  readonly byName: Map<string, Link>;
  readonly byIndex: Map<number, Link>;
}
/** Links by name and ifindex, per links array: a host with a thousand veths is searched in O(1). */
const linkIndexes = new WeakMap<readonly Link[], LinkIndex>();

function linkIndex(ns: Netns): LinkIndex {
  let ix = linkIndexes.get(ns.links);
  if (!ix) {
    ix = { byName: new Map(ns.links.map((l) => [l.name, l])), byIndex: new Map(ns.links.map((l) => [l.ifindex, l])) };
    linkIndexes.set(ns.links, ix);
  }
  return ix;
}

export function findLinkByName(ns: Netns, name: string): Link | undefined {
  return linkIndex(ns).byName.get(name);
}

export function findLinkByIndex(ns: Netns | undefined, ifindex: number): Link | undefined {
  return ns ? linkIndex(ns).byIndex.get(ifindex) : undefined;
}

export type Port = { link: Link; peerNs: Netns; peer: Link };

export function bridgePortFor(
  st: WalkState,
  ns: Netns,
  bridge: string,
  nextHop: string,
  except: string | undefined,
): Port | undefined {
  // The neighbour (ARP) answer is learnt once per command: addresses do not move while packets do.
  let byBridge = st.neighbours.get(ns.id);
  if (!byBridge) st.neighbours.set(ns.id, (byBridge = new Map<string, Map<string, string | null>>()));
  let answers = byBridge.get(bridge);
  if (!answers) byBridge.set(bridge, (answers = new Map<string, string | null>()));
  const known = answers.get(nextHop);
  if (known === null) return undefined;
  if (known !== undefined && known !== except) {
    const l = findLinkByName(ns, known);
    const port = l ? portOf(st, l) : undefined;
    if (port) return port;
  }
  for (const l of ns.links) {
    if (l.master !== bridge || l.name === except) continue;
    const port = portOf(st, l);
    if (port && ownsAddress(port.peerNs, nextHop)) {
      answers.set(nextHop, l.name);
      return port;
    }
  }
  if (except === undefined) answers.set(nextHop, null);
  return undefined;
}

export function portOf(st: WalkState, l: Link): Port | undefined {
  if (!l.peer || !l.up) return undefined;
  const peerNs = getNs(st, l.peer.netns);
  const peer = findLinkByIndex(peerNs, l.peer.ifindex);
  return peerNs && peer && peer.up ? { link: l, peerNs, peer } : undefined;
}
