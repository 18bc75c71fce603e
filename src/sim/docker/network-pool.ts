/**
 * The subnet and gateway the daemon gives a new network of any driver: a default pool
 * when no `--subnet` was given, and the pool's (or range's) first address as gateway.
 */
import { formatIpv4, parseCidr, parseIpv4 } from "../ipv4.ts";
import { profileOf } from "./engine/index.ts";
import { cidrsOverlap, DEFAULT_ADDRESS_POOLS, firstHost, nextPool, poolSubnets } from "./ipam.ts";
import { poolBounds } from "./ipam-config.ts";
import type { DockerState } from "./types.ts";

/**
 * The subnet of a network created without --subnet: the first free default pool, except
 * that 26 starts looking after the pool it handed out last (IpamProfile.roundRobinPools).
 */
export function choosePool(docker: DockerState): string | undefined {
  const leaked = docker.leakedPools ?? [];
  const pools = docker.config.addressPools;
  const cursor = docker.poolCursor;
  const first = () => nextPool(docker.networks, leaked, pools);
  if (!profileOf(docker).ipam.roundRobinPools || cursor === undefined) return first();
  // The pools after the cursor, in their order, as nextPool judges them; past the last one
  // (or when daemon.json's pools no longer hold the cursor) the search starts at the top.
  let past = false;
  for (const pool of poolSubnets(pools ?? DEFAULT_ADDRESS_POOLS)) {
    if (!past) {
      past = pool === cursor;
      continue;
    }
    if (leaked.includes(pool)) continue;
    if (!docker.networks.some((n) => n.subnet !== undefined && cidrsOverlap(n.subnet, pool))) return pool;
  }
  return first();
}

/** The gateway the daemon picks: the pool's first address (the range's, when there is one). */
export function gatewayOf(subnet: string, ipRange: string | undefined): string {
  const b = ipRange !== undefined ? poolBounds(subnet, ipRange) : undefined;
  return b ? formatIpv4(b[0] >>> 0) : firstHost(subnet);
}

/** The subnet's own network and broadcast addresses are reserved: a gateway there cannot be had. */
export function gatewayTaken(subnet: string, gateway: string): string | undefined {
  const c = parseCidr(subnet);
  const g = parseIpv4(gateway);
  if (!c || g === null || c.prefixLen > 30) return undefined;
  const reserved = g === c.network || g === c.network + 2 ** (32 - c.prefixLen) - 1;
  return reserved ? `failed to allocate gateway (${gateway}): Address already in use` : undefined;
}
