/**
 * The neighbour (ARP) table of each namespace, as plain data in the world. The walk
 * learns entries the way the kernel does when it resolves a next hop (the asker learns
 * the answer's MAC, REACHABLE; the one asked learns the asker's from the request,
 * STALE); an entry's state then follows from the lab's clock, the NUD machine of
 * net/core/neighbour.c with Linux's defaults: REACHABLE for base_reachable_time
 * (30 s), then STALE; a STALE entry used again goes to DELAY, and delay_first_probe_time
 * (5 s) later the probe's answer makes it REACHABLE again. A next hop nobody answers is
 * INCOMPLETE while the kernel asks (mcast_solicit 3 × retrans_time 1 s), then FAILED.
 * Entries go with their link: the kernel flushes a link's neighbours when it goes down
 * or away or loses its carrier, and the lab does the same by reading only entries whose
 * link is still there with a carrier (matched by name and ifindex, so a new link of the
 * same name starts empty).
 */
import { parseIpv4 } from "../ipv4.ts";
import { hasCarrier } from "./link-state.ts";
import type { Ipv4, KernelWorld, Link, NeighBase, Neighbour, Netns } from "./types.ts";

export const REACHABLE_MS = 30_000;
export const DELAY_MS = 5_000;
export const INCOMPLETE_MS = 3_000;

export type { NeighBase, Neighbour } from "./types.ts";

export type NudState = "REACHABLE" | "STALE" | "DELAY" | "INCOMPLETE" | "FAILED" | "PERMANENT";

/** The state `ip neigh` shows at `clock`. */
export function nudState(n: Neighbour, clock: number): NudState {
  const age = clock - n.at;
  switch (n.base) {
    case "permanent":
      return "PERMANENT";
    case "stale":
      return "STALE";
    case "reachable":
      return age < REACHABLE_MS ? "REACHABLE" : "STALE";
    case "delay":
      if (age < DELAY_MS) return "DELAY";
      return age < DELAY_MS + REACHABLE_MS ? "REACHABLE" : "STALE";
    case "incomplete":
      return age < INCOMPLETE_MS ? "INCOMPLETE" : "FAILED";
  }
}

/** NUD_VALID: the entry has an address to send to. */
export function isValid(state: NudState): boolean {
  return state !== "INCOMPLETE" && state !== "FAILED";
}

/** The kernel flushes a link's neighbours when it goes down or loses its carrier (neigh_carrier_down). */
function linkHolds(world: KernelWorld, ns: Netns, n: Neighbour): boolean {
  for (const l of ns.links) if (l.ifindex === n.ifindex) return l.name === n.dev && hasCarrier(world, ns.id, l);
  return false;
}

/**
 * The namespace's entries that still stand (their link there with a carrier). The kernel
 * lists them in its hash table's order, random per boot; the lab lists them by address,
 * the same order for `ip neigh`, `arp` and /proc/net/arp, as the kernel's are the same.
 */
export function neighboursOf(world: KernelWorld, ns: Netns): readonly Neighbour[] {
  const all = world.neigh?.[ns.id];
  if (!all || all.length === 0) return [];
  return all.filter((n) => linkHolds(world, ns, n)).sort(byAddress);
}

function byAddress(a: Neighbour, b: Neighbour): number {
  return (parseIpv4(a.addr) ?? 0) - (parseIpv4(b.addr) ?? 0) || (a.dev < b.dev ? -1 : a.dev > b.dev ? 1 : 0);
}

/** The world with `ns`'s table replaced (entries of vanished links and namespaces dropped). */
export function withNeighbours<W extends KernelWorld>(world: W, nsId: string, table: readonly Neighbour[]): W {
  return { ...world, neigh: pruneTables({ ...world.neigh, [nsId]: table }, world) };
}

/** Drops the tables of namespaces that are gone and the entries of links that are. */
export function pruneTables(
  tables: Readonly<Record<string, readonly Neighbour[]>>,
  world: KernelWorld,
): Record<string, readonly Neighbour[]> {
  const out: Record<string, readonly Neighbour[]> = {};
  for (const [id, table] of Object.entries(tables)) {
    const ns = Object.hasOwn(world.netns, id) ? world.netns[id] : undefined;
    if (!ns) continue;
    const kept = table.filter((n) => linkHolds(world, ns, n));
    if (kept.length > 0) out[id] = kept;
  }
  return out;
}

/** The entry for `addr` on `link` in `table`, its index, or -1. */
export function indexOf(table: readonly Neighbour[], link: Link, addr: Ipv4): number {
  for (let i = 0; i < table.length; i++) {
    const n = table[i]!;
    if (n.ifindex === link.ifindex && n.addr === addr && n.dev === link.name) return i;
  }
  return -1;
}

/**
 * The asker's side of a resolution at `clock`: a missing or failed entry is asked for
 * (REACHABLE on the answer, INCOMPLETE when none comes), a STALE one goes to DELAY, a
 * usable one stays. Returns the new entry, or undefined when it is unchanged, and
 * whether an ARP request went out (the one asked then learns the asker).
 */
export function resolve(
  prev: Neighbour | undefined,
  link: Link,
  addr: Ipv4,
  mac: string | undefined,
  clock: number,
): { entry: Neighbour | undefined; asked: boolean } {
  const state = prev ? nudState(prev, clock) : undefined;
  if (state === undefined || !isValid(state) || (mac !== undefined && prev?.mac !== undefined && prev.mac !== mac)) {
    // __neigh_event_send starts the count at ucast_probes (3); the first solicitation makes it 4.
    const probes = mac === undefined ? 6 : 4;
    const base: NeighBase = mac === undefined ? "incomplete" : "reachable";
    const entry: Neighbour = { addr, dev: link.name, ifindex: link.ifindex, base, at: clock, probes };
    return { entry: mac === undefined ? entry : { ...entry, mac }, asked: true };
  }
  if (state === "STALE") return { entry: { ...prev!, base: "delay", at: clock }, asked: false };
  return { entry: undefined, asked: false };
}

/**
 * The asked side: an ARP request for one of its addresses creates (or re-addresses) the
 * entry of the asker as STALE (arp_process → neigh_event_ns); a valid entry with the same
 * MAC is left as it is.
 */
export function learnFromRequest(
  prev: Neighbour | undefined,
  link: Link,
  addr: Ipv4,
  mac: string,
  clock: number,
): Neighbour | undefined {
  if (prev && prev.mac === mac && isValid(nudState(prev, clock))) return undefined;
  return { addr, dev: link.name, ifindex: link.ifindex, mac, base: "stale", at: clock, probes: 0 };
}
