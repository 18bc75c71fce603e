/**
 * Docker's IPAM for an `--ipv6` network: the subnet given with `--subnet` (26 has no
 * default IPv6 pool and refuses without one; 28 takes a /64 from a ULA prefix of its own),
 * the gateway (the subnet's first address unless `--gateway` names one) and the lowest
 * free address for each endpoint, or the one `--ip6` asked for.
 */
import {
  bigToIpv6,
  cidr6Text,
  cidrs6Overlap,
  inCidr6,
  ipv6ToBig,
  nthInCidr6,
  parseCidr6,
  type Cidr6,
} from "../kernel/ipv6.ts";
import { profileOf } from "./engine/index.ts";
import type { DockerNetwork, DockerState, NetworkIpv6 } from "./types.ts";

export type Ipv6Choice =
  { readonly ok: true; readonly ipv6: NetworkIpv6 } | { readonly ok: false; readonly error: string };

const NO_POOL =
  "could not find an available, non-overlapping IPv6 address pool among the defaults to assign to the network";

/**
 * 28's default IPv6 pool: a ULA /48 (fd + a 40-bit global id the daemon draws once; the lab
 * takes it from the default bridge's random id), cut into /64s.
 */
function ulaBase(docker: DockerState): bigint {
  const id = docker.networks.find((n) => n.name === "bridge")?.id ?? "0".repeat(64);
  return (0xfdn << 120n) | (BigInt(`0x${id.slice(0, 10)}`) << 80n);
}

function usedSubnets(docker: DockerState): Cidr6[] {
  return docker.networks.flatMap((n) => {
    const c = n.ipv6 ? parseCidr6(n.ipv6.subnet) : undefined;
    return c ? [c] : [];
  });
}

/** The IPv6 side of `docker network create --ipv6 [--subnet V6] [--gateway V6]`. */
export function chooseIpv6(docker: DockerState, subnet: string | undefined, gateway: string | undefined): Ipv6Choice {
  const used = usedSubnets(docker);
  let cidr: Cidr6 | undefined;
  let fromPool = false;
  if (subnet !== undefined) {
    cidr = parseCidr6(subnet);
    if (!cidr)
      return { ok: false, error: `invalid network config:\ninvalid subnet ${subnet}: invalid CIDR block notation` };
    if (used.some((u) => cidrs6Overlap(u, cidr!))) return { ok: false, error: profileOf(docker).errors.poolOverlap };
  } else {
    if (!profileOf(docker).ipv6.ulaPool) return { ok: false, error: NO_POOL };
    const base = ulaBase(docker);
    for (let i = 0n; i < 256n && !cidr; i++) {
      const c = { network: base | (i << 64n), prefixLen: 64 };
      if (!used.some((u) => cidrs6Overlap(u, c))) cidr = c;
    }
    if (!cidr) return { ok: false, error: NO_POOL };
    fromPool = true;
  }
  if (gateway !== undefined && (ipv6ToBig(gateway) === undefined || !inCidr6(cidr, gateway)))
    return { ok: false, error: `invalid network config:\ninvalid gateway ${gateway}` };
  return {
    ok: true,
    ipv6: {
      subnet: cidr6Text(cidr),
      gateway: gateway !== undefined ? bigToIpv6(ipv6ToBig(gateway)!) : nthInCidr6(cidr, 1n),
      ...(gateway !== undefined ? { userGateway: true } : {}),
      ...(fromPool ? { fromPool: true } : {}),
      allocated: [],
    },
  };
}

/** The lowest free address of the network's IPv6 subnet (not the subnet's own, nor the gateway). */
export function allocateIpv6(net: NetworkIpv6): string | undefined {
  const c = parseCidr6(net.subnet);
  if (!c) return undefined;
  const taken = new Set([net.gateway, ...net.allocated]);
  const size = c.prefixLen >= 128 ? 1n : 1n << BigInt(128 - c.prefixLen);
  for (let i = 1n; i < 65536n && i < size; i++) {
    const a = nthInCidr6(c, i);
    if (!taken.has(a)) return a;
  }
  return undefined;
}

/** Why `--ip6 ADDR` cannot be had on this network, or undefined when it can. */
export function ip6Refused(net: DockerNetwork, addr: string): string | undefined {
  const v6 = net.ipv6;
  if (!v6) return undefined;
  const c = parseCidr6(v6.subnet)!;
  const n = ipv6ToBig(addr);
  if (n === undefined || !inCidr6(c, addr)) return `no configured subnet or ip-range contain the IP address ${addr}`;
  const a = bigToIpv6(n);
  if (n === c.network || a === v6.gateway || v6.allocated.includes(a)) return "Address already in use";
  return undefined;
}

/** The canonical spelling of an IPv6 address (`fd00:db8:0::77` → `fd00:db8::77`). */
export function canonIpv6(addr: string): string {
  const n = ipv6ToBig(addr);
  return n === undefined ? addr : bigToIpv6(n);
}
