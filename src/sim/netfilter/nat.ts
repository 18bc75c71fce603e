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

const natTargets = new Map<string, NatTarget>();

/** `parseNatTarget`, kept per spec (a rule's target text is parsed again for every new connection). */
export function natTargetOf(spec: string): NatTarget {
  let t = natTargets.get(spec);
  if (t === undefined) {
    if (natTargets.size > 10_000) natTargets.clear();
    natTargets.set(spec, (t = parseNatTarget(spec)));
  }
  return t;
}

export function parseNatTarget(spec: string): NatTarget {
  // ip6tables writes an IPv6 address in brackets: `[fd00::2]:80`, `[fd00::2]`, or bare.
  const v6 = /^\[([^\]]*)\](?::(.*))?$/.exec(spec) ?? (spec.split(":").length > 2 ? [spec, spec, undefined] : null);
  const [addrPart = "", portPart] = v6 ? [v6[1], v6[2]] : spec.split(":");
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

/**
 * The destination rewrite conntrack owes this packet (DNAT, or un-SNAT of a reply), if any.
 * The packet's final form is the inverse of the other direction's tuple: its destination
 * is that tuple's source (read in place, as this runs for every tracked packet).
 */
export function dstManip<H extends NatHeaders>(h: H, e: ConntrackEntry, dir: CtDirection): H | undefined {
  const t = dir === "original" ? e.reply : e.orig;
  const dst = t.src;
  const dport = t.icmp ? undefined : (t.sport ?? 0);
  if (dst === h.dst && (dport === undefined || h.dport === undefined || dport === h.dport)) return undefined;
  return h.dport !== undefined && dport !== undefined ? { ...h, dst, dport } : { ...h, dst };
}

/** The source rewrite conntrack owes this packet (SNAT/MASQUERADE, or un-DNAT of a reply), if any. */
export function srcManip<H extends NatHeaders>(h: H, e: ConntrackEntry, dir: CtDirection): H | undefined {
  const t = dir === "original" ? e.reply : e.orig;
  const src = t.dst;
  const sport = t.icmp ? undefined : (t.dport ?? 0);
  if (src === h.src && (sport === undefined || h.sport === undefined || sport === h.sport)) return undefined;
  return h.sport !== undefined && sport !== undefined ? { ...h, src, sport } : { ...h, src };
}
