/**
 * What the link-listing tools derive from a link: its flags, operational state,
 * peer naming, netnsid and IPv6 link-local address. Shared by `ip` (iproute2 and
 * busybox) and `ifconfig` (net-tools and busybox), so they never disagree.
 */
import { getNetns, hasCarrier, isContainer } from "../../../kernel/netns.ts";
import type { Link, Netns } from "../../../kernel/types.ts";
import type { World } from "../../../world.ts";

export interface LinkView {
  readonly link: Link;
  readonly up: boolean;
  /** IFF_RUNNING / LOWER_UP. */
  readonly running: boolean;
  /** iproute2's operstate word. */
  readonly state: "UP" | "DOWN" | "UNKNOWN" | "LOWERLAYERDOWN";
}

export function viewLink(world: World, ns: Netns, link: Link): LinkView {
  const running = link.up && hasCarrier(world, ns.id, link);
  let state: LinkView["state"];
  if (link.kind === "loopback" || (link.kind === "bridge" && link.up && link.noPortsYet)) state = "UNKNOWN";
  else if (!link.up) state = "DOWN";
  else if (running) state = "UP";
  else if (link.kind === "veth") state = "LOWERLAYERDOWN";
  else state = "DOWN";
  return { link, up: link.up, running, state };
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

/** The modified EUI-64 link-local address of a MAC, compressed as `ip` prints IPv6. */
export function linkLocalOf(mac: string): string {
  const b = mac.split(":").map((x) => parseInt(x, 16));
  const bytes = [b[0]! ^ 2, b[1]!, b[2]!, 0xff, 0xfe, b[3]!, b[4]!, b[5]!];
  const groups = [0xfe80, 0, 0, 0];
  for (let i = 0; i < 8; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  return formatIpv6(groups);
}

export function formatIpv6(groups: readonly number[]): string {
  // Compress the longest run of two or more zero groups.
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(":");
  return hex.slice(0, best).join(":") + "::" + hex.slice(best + bestLen).join(":");
}

/**
 * The IPv6 addresses `ip addr` shows: ::1 on lo; a link-local on a running link
 * (Docker turns IPv6 off on a container's eth0, so containers show only ::1).
 */
export function ipv6AddrsOf(ns: Netns, v: LinkView): { address: string; prefixLen: number; scope: "host" | "link" }[] {
  if (v.link.kind === "loopback") return v.up ? [{ address: "::1", prefixLen: 128, scope: "host" }] : [];
  if (isContainer(ns.id) || !(v.running || (v.up && v.link.addrconf))) return [];
  return [{ address: linkLocalOf(v.link.mac), prefixLen: 64, scope: "link" }];
}

/** Links ordered as the kernel dumps them: by ifindex. */
export function linksInOrder(ns: Netns): readonly Link[] {
  return [...ns.links].sort((a, b) => a.ifindex - b.ifindex);
}

/** Links by name, as net-tools and busybox ifconfig list them. */
export function linksByName(ns: Netns): readonly Link[] {
  return [...ns.links].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
