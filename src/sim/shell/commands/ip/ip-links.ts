/**
 * What the link-listing tools derive from a link: its flags, operational state,
 * peer naming, netnsid and IPv6 link-local address. Shared by `ip` (iproute2 and
 * busybox) and `ifconfig` (net-tools and busybox), so they never disagree.
 */
import { getNetns, hasCarrier } from "../../../kernel/netns.ts";
import { ipv6AddrsOfLink, type Ipv6Addr } from "../../../kernel/ipv6.ts";
export { formatIpv6, linkLocalOf } from "../../../kernel/ipv6.ts";
import type { Link, LinkStats, Netns } from "../../../kernel/types.ts";
import { linkStats } from "../../../kernel/link-stats.ts";
import type { World } from "../../../world.ts";

export interface LinkView {
  readonly link: Link;
  readonly up: boolean;
  /** IFF_RUNNING / LOWER_UP. */
  readonly running: boolean;
  /** iproute2's operstate word. */
  readonly state: "UP" | "DOWN" | "UNKNOWN" | "LOWERLAYERDOWN";
  /** The lab's clock when viewed (whether IPv6 duplicate address detection is still running). */
  readonly now: number;
  /** Its counters at that moment. */
  readonly stats: LinkStats;
}

export function viewLink(world: World, ns: Netns, link: Link): LinkView {
  const running = link.up && hasCarrier(world, ns.id, link);
  let state: LinkView["state"];
  // Loopback's operstate is UNKNOWN once up (no carrier to speak of), DOWN before (a new namespace's).
  if ((link.kind === "loopback" && link.up) || (link.kind === "bridge" && link.up && link.noPortsYet))
    state = "UNKNOWN";
  else if (!link.up) state = "DOWN";
  else if (running) state = "UP";
  else if (link.kind === "veth") state = "LOWERLAYERDOWN";
  else state = "DOWN";
  return { link, up: link.up, running, state, now: world.clock, stats: linkStats(world, ns.id, link) };
}

/** The namespaces other than the viewer, in creation order, for netnsid numbering. */
function others(world: World, viewer: string): string[] {
  return Object.keys(world.netns).filter((id) => id !== viewer);
}

/**
 * The id the viewer's namespace gives a peer namespace (`link-netnsid N`). As on the
 * oracle: seen from the host, the internet is 1 and containers follow from 2; seen
 * from anywhere else, the host is 0.
 */
export function netnsIdOf(world: World, viewer: string, target: string): number {
  if (viewer === "host") {
    if (target === "internet") return 1;
    return (
      2 +
      others(world, viewer)
        .filter((id) => id !== "internet")
        .indexOf(target)
    );
  }
  if (target === "host") return 0;
  return (
    1 +
    others(world, viewer)
      .filter((id) => id !== "host")
      .indexOf(target)
  );
}

/** The peer end of a veth, wherever it lives. */
export function peerOf(world: World, link: Link): { ns: Netns; link: Link } | undefined {
  if (!link.peer) return undefined;
  const ns = getNetns(world, link.peer.netns);
  const peer = ns?.links.find((l) => l.ifindex === link.peer?.ifindex);
  return ns && peer ? { ns, link: peer } : undefined;
}

/** The IPv6 addresses `ip addr` shows on a link (kernel/ipv6.ts decides). */
export function ipv6AddrsOf(ns: Netns, v: LinkView): Ipv6Addr[] {
  return ipv6AddrsOfLink(ns, v.link, v.running, v.now);
}

/** Links ordered as the kernel dumps them: by ifindex. */
export function linksInOrder(ns: Netns): readonly Link[] {
  return [...ns.links].sort((a, b) => a.ifindex - b.ifindex);
}

/** Links by name, as net-tools and busybox ifconfig list them. */
export function linksByName(ns: Netns): readonly Link[] {
  return [...ns.links].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
