/**
 * The kernel's own IGMP membership report: when a bridge first gets carrier (its first
 * port comes up) the host reports its groups to 224.0.0.22, and with conntrack running
 * that leaves an entry `conntrack -L` shows as `unknown  2 600 src=172.17.0.1
 * dst=224.0.0.22 [UNREPLIED] ...` (seen on the oracle after the first `docker run`).
 */
import { GENERIC_TIMEOUT, isLive } from "../../netfilter/conntrack.ts";
import { primaryAddress } from "../route.ts";
import type { KernelWorld } from "../types.ts";
import { tracksConnections } from "./hooks.ts";

export const IGMPV3_REPORTS = "224.0.0.22";

/** The world after `netns` sent an IGMPv3 report out of `ifname` (no change where nothing tracks it). */
export function igmpReport<W extends KernelWorld>(world: W, netns: string, ifname: string): W {
  const ns = Object.hasOwn(world.netns, netns) ? world.netns[netns]! : undefined;
  const src = ns ? primaryAddress(ns, ifname)?.address : undefined;
  if (!ns || src === undefined || !tracksConnections(ns)) return world;
  const clock = world.clock;
  const known = ns.conntrack.some((e) => e.proto === "igmp" && e.orig.src === src && isLive(e, clock));
  if (known) return world;
  // Not drawn from the world's rng: a report must not shift the ids and names drawn after it.
  const id = 0x10000 + ns.conntrack.length;
  const entry = {
    id,
    proto: "igmp" as const,
    orig: { src, dst: IGMPV3_REPORTS },
    reply: { src: IGMPV3_REPORTS, dst: src },
    seenReply: false,
    assured: false,
    timeout: GENERIC_TIMEOUT,
    updatedAt: clock,
    mark: 0,
  };
  return { ...world, netns: { ...world.netns, [netns]: { ...ns, conntrack: [...ns.conntrack, entry] } } };
}
