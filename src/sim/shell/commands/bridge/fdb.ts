/**
 * A bridge's forwarding database as the kernel dumps it (`bridge fdb`, `brctl
 * showmacs`): per device in ifindex order, the multicast addresses it listens on
 * (`self permanent`), each bridge's and port's own MAC (`master … permanent`), and
 * the MACs a port has learned. A bridge learns a container's MAC from the frames
 * it sends, so the lab counts it learned while conntrack on the host remembers
 * traffic to or from the container's address, or from the ARP announcements the
 * container's link sent when it came up (Docker 28), and forgets it after the
 * bridge's ageing time (300 s) without any.
 */
import type { Link, Netns } from "../../../kernel/types.ts";
import type { World } from "../../../world.ts";
import { ipv6AddrsOf, viewLink } from "../ip/ip-links.ts";

export interface FdbEntry {
  readonly mac: string;
  readonly dev: string;
  /** The bridge the entry belongs to (`master`), or undefined for the device's own (`self`). */
  readonly master?: string;
  readonly permanent: boolean;
  /** Seconds since a learned entry was last refreshed. */
  readonly age: number;
}

/** The bridge's ageing time (Docker leaves Linux's default). */
const AGEING_MS = 300_000;

/** The solicited-node multicast MAC of the link's IPv6 link-local address. */
function solicited(mac: string): string {
  return `33:33:ff:${mac.split(":").slice(3).join(":")}`;
}

function hasLinkLocal(world: World, ns: Netns, l: Link): boolean {
  return ipv6AddrsOf(ns, viewLink(world, ns, l)).some((a) => a.scope === "link");
}

/** When the host's conntrack last saw `addr`, or undefined. */
function lastSeen(ns: Netns, addrs: readonly string[]): number | undefined {
  let at: number | undefined;
  for (const e of ns.conntrack) {
    const t = [e.orig.src, e.orig.dst, e.reply.src, e.reply.dst];
    if (addrs.some((a) => t.includes(a)) && (at === undefined || e.updatedAt > at)) at = e.updatedAt;
  }
  return at;
}

/** The last of a link's announcements sent by `now`, or undefined. */
function lastAnnounced(l: Link, now: number): number | undefined {
  const a = l.announced;
  if (!a || now < a.at) return undefined;
  const sent = Math.min(a.count - 1, Math.floor((now - a.at) / a.everyMs));
  return a.at + sent * a.everyMs;
}

/** The MACs learned on a bridge port: the container (or other peer) at its far end. */
function learned(world: World, ns: Netns, port: Link): FdbEntry[] {
  if (!port.peer || !port.master) return [];
  const peerNs = world.netns[port.peer.netns];
  const peer = peerNs?.links.find((l) => l.ifindex === port.peer?.ifindex);
  if (!peerNs || !peer) return [];
  const addrs = peerNs.addrs.filter((a) => a.ifname === peer.name).map((a) => a.address);
  const seen = lastSeen(ns, addrs);
  const told = lastAnnounced(peer, world.clock);
  const at = seen === undefined ? told : told === undefined ? seen : Math.max(seen, told);
  if (at === undefined || world.clock - at > AGEING_MS) return [];
  return [{ mac: peer.mac, dev: port.name, master: port.master, permanent: false, age: (world.clock - at) / 1000 }];
}

/** Every entry of the namespace's forwarding databases, in the order `bridge fdb` prints them. */
export function fdbEntries(world: World, ns: Netns): FdbEntry[] {
  const out: FdbEntry[] = [];
  const self = (mac: string, dev: string): FdbEntry => ({ mac, dev, permanent: true, age: 0 });
  for (const l of [...ns.links].sort((a, b) => a.ifindex - b.ifindex)) {
    if (l.kind === "loopback" || !l.up) continue;
    const v6 = hasLinkLocal(world, ns, l);
    if (l.kind === "bridge") {
      out.push(self("33:33:00:00:00:01", l.name), self("01:00:5e:00:00:6a", l.name));
      out.push(self("33:33:00:00:00:6a", l.name), self("01:00:5e:00:00:01", l.name));
      if (v6) out.push(self(solicited(l.mac), l.name));
      out.push({ mac: l.mac, dev: l.name, master: l.name, permanent: true, age: 0 });
      continue;
    }
    if (l.master) {
      out.push(...learned(world, ns, l));
      out.push({ mac: l.mac, dev: l.name, master: l.master, permanent: true, age: 0 });
    }
    out.push(self("33:33:00:00:00:01", l.name), self("01:00:5e:00:00:01", l.name));
    if (v6) out.push(self(solicited(l.mac), l.name));
  }
  return out;
}

/** The bridge a device belongs to for `bridge fdb show br B`: itself for a bridge, its master for a port. */
export function bridgeOf(ns: Netns, dev: string): string | undefined {
  const l = ns.links.find((x) => x.name === dev);
  return l?.kind === "bridge" ? l.name : l?.master;
}
