/**
 * NAT bindings: what a DNAT/SNAT/MASQUERADE verdict does to a new connection's
 * expected reply tuple, and how conntrack rewrites every later packet from that
 * tuple. Destination rewrites happen where the nat table's PREROUTING/OUTPUT hooks
 * sit; source rewrites at POSTROUTING/INPUT — so a reply is un-DNATed only after
 * FORWARD, as the real kernel does.
 */
import type { ConntrackEntry, Tuple } from "./conntrack-types.ts";
import { replyTupleTaken, type CtDirection } from "./conntrack.ts";

/** `172.17.0.2:80`, `172.17.0.2`, `10.0.0.1-10.0.0.9:1000-2000`: the first address and port of the range. */
export interface NatTarget {
  readonly addr?: string;
  readonly port?: number;
}

export function parseNatTarget(spec: string): NatTarget {
  const [addrPart = "", portPart] = spec.split(":");
  const addr = addrPart.split("-")[0];
  const port = portPart === undefined ? undefined : Number(portPart.split("-")[0]);
  return {
    ...(addr ? { addr } : {}),
    ...(port !== undefined && Number.isInteger(port) && port > 0 ? { port } : {}),
  };
}

/** Headers NAT may rewrite. */
export interface NatHeaders {
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
}

/** The entry after a DNAT binding: replies will come from the new destination. */
export function bindDnat(e: ConntrackEntry, target: NatTarget): ConntrackEntry {
  const reply: Tuple = {
    ...e.reply,
    src: target.addr ?? e.reply.src,
    ...(target.port !== undefined && e.reply.sport !== undefined ? { sport: target.port } : {}),
  };
  return { ...e, reply };
}

/**
 * The entry after an SNAT/MASQUERADE binding to `addr`: replies will be addressed to it.
 * The source port is kept unless another connection already expects replies on it; then
 * the next free port up is taken, as nf_nat's port search does.
 */
export function bindSnat(
  e: ConntrackEntry,
  table: readonly ConntrackEntry[],
  addr: string,
  clock: number,
  port?: number,
): ConntrackEntry {
  let reply: Tuple = {
    ...e.reply,
    dst: addr,
    ...(port !== undefined && e.reply.dport !== undefined ? { dport: port } : {}),
  };
  if (reply.dport !== undefined) {
    let p = reply.dport;
    for (let tries = 0; tries < 64_512 && replyTupleTaken(table, reply, clock); tries++) {
      p = p >= 65_535 ? 1024 : p + 1;
      reply = { ...reply, dport: p };
    }
  }
  return { ...e, reply };
}

/** What the packet must look like once all NAT of its direction is applied. */
function finalTuple(e: ConntrackEntry, dir: CtDirection): Tuple {
  const t = dir === "original" ? e.reply : e.orig;
  // The final form of a packet is the inverse of the other direction's tuple.
  return t.icmp
    ? { src: t.dst, dst: t.src, icmp: t.icmp }
    : { src: t.dst, dst: t.src, sport: t.dport ?? 0, dport: t.sport ?? 0 };
}

/** The destination rewrite conntrack owes this packet (DNAT, or un-SNAT of a reply), if any. */
export function dstManip<H extends NatHeaders>(h: H, e: ConntrackEntry, dir: CtDirection): H | undefined {
  const f = finalTuple(e, dir);
  if (f.dst === h.dst && (f.dport === undefined || h.dport === undefined || f.dport === h.dport)) return undefined;
  return { ...h, dst: f.dst, ...(h.dport !== undefined && f.dport !== undefined ? { dport: f.dport } : {}) };
}

/** The source rewrite conntrack owes this packet (SNAT/MASQUERADE, or un-DNAT of a reply), if any. */
export function srcManip<H extends NatHeaders>(h: H, e: ConntrackEntry, dir: CtDirection): H | undefined {
  const f = finalTuple(e, dir);
  if (f.src === h.src && (f.sport === undefined || h.sport === undefined || f.sport === h.sport)) return undefined;
  return { ...h, src: f.src, ...(h.sport !== undefined && f.sport !== undefined ? { sport: f.sport } : {}) };
}
