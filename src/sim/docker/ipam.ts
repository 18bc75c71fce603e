/**
 * Docker's default IPAM: subnets from the local address pools (172.17-31.0.0/16,
 * then 192.168.0.0/16 in /20s, or daemon.json's `default-address-pools`), skipping any that overlap a network in use; and
 * addresses inside a subnet, always the lowest free one (not serial), so an
 * address freed by a stopped container is the next one handed out.
 */
import { formatIpv4, maskOf, parseCidr, parseIpv4 } from "../ipv4.ts";
import { poolBounds } from "./ipam-config.ts";
import type { AddressPool, DockerNetwork } from "./types.ts";

/** dockerd's built-in pools when daemon.json names none. */
export const DEFAULT_ADDRESS_POOLS: readonly AddressPool[] = [
  { base: "172.17.0.0/16", size: 16 },
  { base: "172.18.0.0/16", size: 16 },
  { base: "172.19.0.0/16", size: 16 },
  { base: "172.20.0.0/14", size: 16 },
  { base: "172.24.0.0/14", size: 16 },
  { base: "172.28.0.0/14", size: 16 },
  { base: "192.168.0.0/16", size: 20 },
];

/** Every subnet the pools hold, pool by pool, lowest first. Lazy: a /8 in /24s is 65536 of them. */
export function* poolSubnets(pools: readonly AddressPool[]): Generator<string> {
  for (const pool of pools) {
    const c = parseCidr(pool.base);
    if (!c || pool.size < c.prefixLen || pool.size > 32) continue;
    const count = 2 ** (pool.size - c.prefixLen);
    const step = 2 ** (32 - pool.size);
    for (let i = 0; i < count; i++) yield `${formatIpv4((c.network + i * step) >>> 0)}/${pool.size}`;
  }
}

export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  if (!x || !y) return false;
  const len = Math.min(x.prefixLen, y.prefixLen);
  const m = maskOf(len);
  return (x.network & m) >>> 0 === (y.network & m) >>> 0;
}

/** The next pool subnet that no existing network overlaps, or undefined when all are used. */
export function nextPool(
  networks: readonly DockerNetwork[],
  leaked: readonly string[] = [],
  pools: readonly AddressPool[] = DEFAULT_ADDRESS_POOLS,
): string | undefined {
  for (const pool of poolSubnets(pools)) {
    if (leaked.includes(pool)) continue;
    if (!networks.some((n) => n.subnet !== undefined && cidrsOverlap(n.subnet, pool))) return pool;
  }
  return undefined;
}

/** The first usable address of a subnet: the default gateway. */
export function firstHost(subnet: string): string {
  const c = parseCidr(subnet)!;
  return formatIpv4(c.network + 1);
}

/**
 * The lowest free address of the pool (the `--ip-range`, else the subnet, less the
 * subnet's network and broadcast addresses and the gateway), or undefined when full.
 * `allocated` is kept in address order (withAddress) and may hold addresses outside
 * the range (`--ip`), so the first gap is found by bisection on the count of taken
 * addresses from the pool's first one up to x, which is x's offset exactly while
 * there is no gap below x.
 */
export function allocateAddress(net: DockerNetwork): string | undefined {
  const bounds = poolBounds(net.subnet ?? "", net.ipRange);
  if (!bounds) return undefined;
  const [first, end] = bounds;
  const last = Math.min(end, first + 65534);
  const gw = parseIpv4(net.gateway ?? "");
  const nums = net.allocated;
  const atOrBelow = (x: number): number => {
    let lo = 0;
    let hi = nums.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((parseIpv4(nums[mid]!) ?? 0) >>> 0 <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const before = atOrBelow(first - 1);
  const takenUpTo = (x: number): number =>
    atOrBelow(x) - before + (gw !== null && gw >>> 0 >= first && gw >>> 0 <= x ? 1 : 0);
  // The smallest x whose addresses first..x are not all taken.
  let lo = first;
  let hi = last + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (takenUpTo(mid) < mid - first + 1) hi = mid;
    else lo = mid + 1;
  }
  return lo <= last ? formatIpv4(lo >>> 0) : undefined;
}

/** `allocated` with `ip` added, kept in address order. */
export function withAddress(allocated: readonly string[], ip: string): string[] {
  const n = parseIpv4(ip) ?? 0;
  let i = allocated.length;
  while (i > 0 && (parseIpv4(allocated[i - 1]!) ?? 0) > n) i--;
  return [...allocated.slice(0, i), ip, ...allocated.slice(i)];
}

/** Docker's MAC for an IPv4 endpoint: 02:42 followed by the address's four bytes. */
export function macOfIp(ip: string): string {
  const n = parseIpv4(ip) ?? 0;
  const bytes = [0x02, 0x42, n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  return bytes.map((b) => b.toString(16).padStart(2, "0")).join(":");
}
