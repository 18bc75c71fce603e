/**
 * Interface counters (`ip -s link`, /proc/net/dev, /sys/class/net/X/statistics), kept as
 * frames cross links. A frame counts on the link it leaves by and on the one it arrives
 * on, Ethernet header included (veths pad nothing, so an ARP frame is 42 bytes). A
 * bridge's own device counts what the host sends through it (tx, the whole frame) and
 * what it passes up to the host (rx, after eth_type_trans has pulled the header: 28 bytes
 * for ARP, the IP length for IP); a frame it forwards from port to port counts on the
 * ports alone. The walk adds to a batch per command; `worldOf` writes it to the links.
 */
import type { Link, LinkStats, Netns } from "../types.ts";
import { ETH_HEADER, type Frame } from "../link-stats.ts";

export type Delta = { rxPackets: number; rxBytes: number; txPackets: number; txBytes: number };

/** Namespace → ifindex → what this command's frames added. */
export type LinkCounts = Map<string, Map<number, Delta>>;

export function countOn(counts: LinkCounts, nsId: string, ifindex: number, tx: boolean, bytes: number): void {
  let byLink = counts.get(nsId);
  if (!byLink) counts.set(nsId, (byLink = new Map<number, Delta>()));
  let d = byLink.get(ifindex);
  if (!d) byLink.set(ifindex, (d = { rxPackets: 0, rxBytes: 0, txPackets: 0, txBytes: 0 }));
  if (tx) {
    d.txPackets++;
    d.txBytes += bytes;
  } else {
    d.rxPackets++;
    d.rxBytes += bytes;
  }
}

/** An IP packet of `len` bytes leaves `from` (in `fromNs`) and arrives on `to` (in `toNs`), a veth pair or a wire. */
export function countWire(counts: LinkCounts, fromNs: string, from: Link, toNs: string, to: Link, len: number): void {
  countOn(counts, fromNs, from.ifindex, true, len + ETH_HEADER);
  countOn(counts, toNs, to.ifindex, false, len + ETH_HEADER);
}

/** Frames of an ARP exchange (link-stats.ts's `arpExchange`, `probeFrames`), added to the batch. */
export function countFrames(counts: LinkCounts, frames: readonly Frame[]): void {
  for (const f of frames) countOn(counts, f.ns, f.ifindex, f.tx, f.bytes);
}

/** The links of `ns` with the batch's counts added (the same namespace when nothing counted there). */
export function withCounts(ns: Netns, byLink: Map<number, Delta> | undefined): Netns {
  if (!byLink || byLink.size === 0) return ns;
  const links = ns.links.map((l) => {
    const d = byLink.get(l.ifindex);
    if (!d) return l;
    const s = l.stats;
    const stats: LinkStats = {
      ...s,
      rxPackets: (s?.rxPackets ?? 0) + d.rxPackets,
      rxBytes: (s?.rxBytes ?? 0) + d.rxBytes,
      txPackets: (s?.txPackets ?? 0) + d.txPackets,
      txBytes: (s?.txBytes ?? 0) + d.txBytes,
    };
    return { ...l, stats };
  });
  return { ...ns, links };
}
