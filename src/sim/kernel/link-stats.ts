/**
 * A link's counters as the tools read them, and the ARP frames behind some of them. The
 * walk writes what a command's packets add (stack/link-count.ts); what the neighbour
 * machine sends later on its own clock is derived here when read: a DELAY entry not
 * confirmed within delay_first_probe_time is probed with a unicast ARP request, which
 * its neighbour answers (the oracle's docker0 counts the pair 5 s after a container's
 * pings to it, not before).
 */
import { findLink } from "./link.ts";
import { DELAY_MS } from "./neigh.ts";
import type { KernelWorld, Link, LinkStats, Neighbour, Netns } from "./types.ts";

export const ETH_HEADER = 14;
/** An ARP packet for IPv4 over Ethernet: what a bridge passes up once the header is pulled. */
export const ARP_LEN = 28;

export const ZERO_STATS: LinkStats = { rxPackets: 0, rxBytes: 0, txPackets: 0, txBytes: 0 };

/**
 * A bridge brought up before any port joins has no carrier, and the two IGMP membership
 * reports the kernel sends for it then (the report and its retransmission) are dropped:
 * the oracle's docker0 and a new network's bridge both show `dropped 2` in TX.
 */
export const BRIDGE_UP_STATS: LinkStats = { ...ZERO_STATS, txDropped: 2 };

/**
 * IFLA_CARRIER_CHANGES (`ip -s -s link`'s transns): a bridge loses its carrier when made
 * (no port), gains it with its first port and loses it with its last.
 */
export function carrierChanges(link: Link, carrier: boolean): number {
  // veth_newlink() turns both ends' carrier off, and the second end's veth_open() turns
  // both on: a pair in use has counted 2. (A pair taken down and up again counts each
  // flap on the real kernel; the lab keeps no such history.)
  if (link.kind === "veth") return carrier ? 2 : 1;
  if (link.kind !== "bridge") return 0;
  if (!link.addrconf && !carrier) return 1;
  return carrier ? 2 : 3;
}

export type NsLookup = (id: string) => Netns | undefined;

/** One frame counted on one link: sent (tx) or received, with the bytes it counts for there. */
export interface Frame {
  readonly ns: string;
  readonly ifindex: number;
  readonly tx: boolean;
  readonly bytes: number;
}

type End = { readonly ns: Netns; readonly link: Link };

function peerOf(lookup: NsLookup, l: Link): End | undefined {
  if (!l.peer) return undefined;
  const ns = lookup(l.peer.netns);
  const link = ns?.links.find((x) => x.ifindex === l.peer!.ifindex);
  return ns && link ? { ns, link } : undefined;
}

const same = (a: End, b: End) => a.ns.id === b.ns.id && a.link.ifindex === b.link.ifindex;

/**
 * The frames one ARP frame from `from` makes: to every port of a bridge it floods to
 * (`target` "broadcast"), or along the one path to `target`. A bridge passes a broadcast
 * up to its own device too.
 */
function send(lookup: NsLookup, from: End, target: End | "broadcast", out: Frame[], at?: number): void {
  const frame = (e: End, tx: boolean, bytes = ARP_LEN + ETH_HEADER) =>
    out.push({ ns: e.ns.id, ifindex: e.link.ifindex, tx, bytes });
  const ports = (ns: Netns, bridge: Link, except: Link | undefined) => {
    for (const q of ns.links) {
      if (q.master !== bridge.name || q === except || !q.up) continue;
      const far = peerOf(lookup, q);
      if (!far || !far.link.up) continue;
      // A container plugged in after the frame went (its own announcement later) never saw it.
      if (at !== undefined && far.link.announced && far.link.announced.at > at) continue;
      if (target !== "broadcast" && !same(far, target)) continue;
      frame({ ns, link: q }, true);
      frame(far, false);
    }
  };
  frame(from, true);
  if (from.link.kind === "bridge") return ports(from.ns, from.link, undefined);
  const p = peerOf(lookup, from.link);
  if (!p || !p.link.up) return;
  frame(p, false);
  if (!p.link.master) return;
  const bridge = findLink(p.ns, p.link.master);
  if (!bridge || !bridge.up) return;
  const toBridge = target === "broadcast" || same(target, { ns: p.ns, link: bridge });
  if (toBridge) frame({ ns: p.ns, link: bridge }, false, ARP_LEN);
  if (target === "broadcast" || !toBridge) ports(p.ns, bridge, p.link);
}

/**
 * An ARP request from `out` of `asker` and its answer from `answer` (none when nobody
 * has the address): broadcast when resolving, unicast to the known neighbour when probing.
 */
export function arpExchange(
  lookup: NsLookup,
  asker: Netns,
  out: Link,
  answer: End | undefined,
  probe = false,
): Frame[] {
  const frames: Frame[] = [];
  const from = { ns: asker, link: out };
  send(lookup, from, probe && answer ? answer : "broadcast", frames);
  if (answer) send(lookup, answer, from, frames);
  return frames;
}

/** Who has `mac` on the wire of `link`: the far end of a veth, the bridge it is plugged into or one of that bridge's ports. */
export function endWithMac(lookup: NsLookup, ns: Netns, link: Link, mac: string): End | undefined {
  const inBridge = (bns: Netns, bridge: Link): End | undefined => {
    if (bridge.mac === mac) return { ns: bns, link: bridge };
    for (const q of bns.links) {
      if (q.master !== bridge.name) continue;
      const far = peerOf(lookup, q);
      if (far && far.link.mac === mac) return far;
    }
    return undefined;
  };
  if (link.kind === "bridge") return inBridge(ns, link);
  const p = peerOf(lookup, link);
  if (!p) return undefined;
  if (p.link.mac === mac) return p;
  const bridge = p.link.master ? findLink(p.ns, p.link.master) : undefined;
  return bridge ? inBridge(p.ns, bridge) : undefined;
}

/** Whether the probe of a DELAY entry has gone out by `clock` (it is then answered, and the entry is REACHABLE). */
export function probeDue(n: Neighbour, clock: number): boolean {
  return n.base === "delay" && n.mac !== undefined && clock >= n.at + DELAY_MS;
}

/** The frames of the probe a DELAY entry of `ns` sent. */
export function probeFrames(lookup: NsLookup, ns: Netns, n: Neighbour): Frame[] {
  const link = ns.links.find((l) => l.ifindex === n.ifindex && l.name === n.dev);
  if (!link || n.mac === undefined) return [];
  const answer = endWithMac(lookup, ns, link, n.mac);
  return answer ? arpExchange(lookup, ns, link, answer, true) : [];
}

/** The gratuitous ARPs a link has sent by `clock` since it came up (Docker 28 announces a container's address). */
function announcements(lookup: NsLookup, ns: Netns, link: Link, clock: number): Frame[] {
  const a = link.announced;
  if (!a || clock < a.at) return [];
  const sent = Math.min(a.count, Math.floor((clock - a.at) / a.everyMs) + 1);
  const frames: Frame[] = [];
  for (let i = 0; i < sent; i++) send(lookup, { ns, link }, "broadcast", frames, a.at + i * a.everyMs);
  return frames;
}

/**
 * `link`'s counters at the world's clock: what frames added, with what the kernel sent on
 * its own since (probes of DELAY entries, announcements), wherever they crossed this link.
 */
export function linkStats(world: KernelWorld, nsId: string, link: Link): LinkStats {
  const lookup: NsLookup = (id) => (Object.hasOwn(world.netns, id) ? world.netns[id] : undefined);
  let r = link.stats ?? ZERO_STATS;
  const add = (frames: readonly Frame[]) => {
    for (const f of frames) {
      if (f.ns !== nsId || f.ifindex !== link.ifindex) continue;
      r = f.tx
        ? { ...r, txPackets: r.txPackets + 1, txBytes: r.txBytes + f.bytes }
        : { ...r, rxPackets: r.rxPackets + 1, rxBytes: r.rxBytes + f.bytes };
    }
  };
  for (const [id, table] of Object.entries(world.neigh ?? {})) {
    const ns = lookup(id);
    if (!ns) continue;
    for (const n of table) if (probeDue(n, world.clock)) add(probeFrames(lookup, ns, n));
  }
  for (const ns of Object.values(world.netns))
    for (const l of ns.links) if (l.announced) add(announcements(lookup, ns, l, world.clock));
  return r;
}
