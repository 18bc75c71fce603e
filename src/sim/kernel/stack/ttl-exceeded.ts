/**
 * ip_forward's too_many_hops: a packet whose TTL would reach 0 here is dropped, and its
 * sender is told by an ICMP time exceeded (icmp_send), which is what traceroute reads and
 * what tcpdump shows on the link back. The error belongs to no confirmed connection.
 */
import { sourceAddressFor } from "../route.ts";
import type { Netns } from "../types.ts";
import { routeFor } from "./fib-cache.ts";
import type { Visit } from "./hooks.ts";
import type { Packet } from "./packet.ts";
import { sendPacket } from "./walk.ts";
import { drop, leave, type Delivery, type Walk } from "./walk-visit.ts";

/**
 * icmp_send's error about `pkt`: from the address the way back to its sender leaves by,
 * quoting the header as it arrived. Never about an ICMP error, nor towards no route.
 */
export function icmpError(ns: Netns, pkt: Packet, type: number, code: number): Packet | undefined {
  if (pkt.icmp && pkt.icmp.type !== 8 && pkt.icmp.type !== 0) return undefined;
  const back = routeFor(ns, pkt.src);
  const src = back ? sourceAddressFor(ns, back) : undefined;
  if (!src) return undefined;
  const ports = pkt.sport !== undefined && pkt.dport !== undefined ? { sport: pkt.sport, dport: pkt.dport } : {};
  const inner = { proto: pkt.proto, src: pkt.src, dst: pkt.dst, ...ports, ttl: pkt.ttl };
  return {
    proto: "icmp",
    src,
    dst: pkt.src,
    icmp: { type, code, id: 0, seq: 0, inner },
    ttl: 64,
    len: Math.min(576, 28 + pkt.len),
  };
}

/** The forwarded packet `pkt` has no hop left: dropped, and its sender told. */
export function tooManyHops(w: Walk, v: Visit, pkt: Packet): Delivery {
  const nsId = v.ns.id;
  leave(w, v);
  const dropped = drop(w, nsId, "ttl-exceeded", "TTL reached 0", { code: "ttl-exceeded", netns: nsId });
  const err = icmpError(v.ns, pkt, 11, 0);
  const meta = { sender: "kernel", direction: "reply", label: "ICMP time exceeded", flowId: w.meta.flowId } as const;
  if (err) sendPacket(w.st, nsId, err, { ...meta, untracked: true });
  return dropped;
}
