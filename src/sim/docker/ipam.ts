/**
 * Docker's default IPAM: subnets from the local address pools (172.17-31.0.0/16,
 * then 192.168.0.0/16 in /20s), skipping any that overlap a network in use; and
 * addresses inside a subnet, always the lowest free one (not serial), so an
 * address freed by a stopped container is the next one handed out.
 */
import { formatIpv4, maskOf, parseCidr, parseIpv4 } from "../ipv4.ts";
import type { DockerNetwork } from "./types.ts";

function* defaultPools(): Generator<string> {
  for (let b = 17; b <= 31; b++) yield `172.${b}.0.0/16`;
  for (let c = 0; c < 256; c += 16) yield `192.168.${c}.0/20`;
}

export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  if (!x || !y) return false;
  const len = Math.min(x.prefixLen, y.prefixLen);
  const m = maskOf(len);
  return (x.network & m) >>> 0 === (y.network & m) >>> 0;
}

/** The next default pool that no existing network overlaps, or undefined when all are used. */
export function nextPool(networks: readonly DockerNetwork[]): string | undefined {
  for (const pool of defaultPools()) {
    if (!networks.some((n) => n.subnet !== undefined && cidrsOverlap(n.subnet, pool))) return pool;
  }
  return undefined;
}

/** The first usable address of a subnet: the default gateway. */
export function firstHost(subnet: string): string {
  const c = parseCidr(subnet)!;
  return formatIpv4(c.network + 1);
}

/** The lowest free address (not the network, broadcast or gateway address), or undefined when full. */
export function allocateAddress(net: DockerNetwork): string | undefined {
  const c = parseCidr(net.subnet ?? "");
  if (!c) return undefined;
  const size = 2 ** (32 - c.prefixLen);
  const taken = new Set([...net.allocated, net.gateway ?? ""]);
  // Bounded by the subnet's size and, in practice, by the few containers a lab runs.
  for (let i = 1; i < size - 1 && i < 65536; i++) {
    const a = formatIpv4((c.network + i) >>> 0);
    if (!taken.has(a)) return a;
  }
  return undefined;
}

/** Docker's MAC for an IPv4 endpoint: 02:42 followed by the address's four bytes. */
export function macOfIp(ip: string): string {
  const n = parseIpv4(ip) ?? 0;
  const bytes = [0x02, 0x42, n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  return bytes.map((b) => b.toString(16).padStart(2, "0")).join(":");
}
