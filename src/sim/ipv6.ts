/**
 * IPv6 addresses as the tools print them, and prefixes as 128-bit numbers: shared by the
 * kernel, netfilter (ip6tables' addresses) and the Docker engine (its IPv6 IPAM).
 */
export function formatIpv6(groups: readonly number[]): string {
  // Compress the longest run of two or more zero groups.
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(":");
  return hex.slice(0, best).join(":") + "::" + hex.slice(best + bestLen).join(":");
}

/** The eight 16-bit groups of an IPv6 address (undefined when it is not one). */
export function ipv6Groups(addr: string): number[] | undefined {
  const halves = addr.split("::");
  if (halves.length > 2) return undefined;
  const part = (h: string) => (h === "" ? [] : h.split(":").map((g) => parseInt(g, 16)));
  const head = part(halves[0]!);
  const tail = halves.length === 2 ? part(halves[1]!) : [];
  const fill = 8 - head.length - tail.length;
  if (fill < 0 || (halves.length === 1 && fill !== 0)) return undefined;
  const groups = [...head, ...Array<number>(fill).fill(0), ...tail];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

/** An IPv6 address as a 128-bit number (undefined when it is not one). */
export function ipv6ToBig(addr: string): bigint | undefined {
  const g = ipv6Groups(addr);
  return g ? g.reduce((n, x) => (n << 16n) | BigInt(x), 0n) : undefined;
}

export function bigToIpv6(n: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((n >> BigInt(i * 16)) & 0xffffn));
  return formatIpv6(groups);
}

export interface Cidr6 {
  readonly network: bigint;
  readonly prefixLen: number;
}

function mask6(len: number): bigint {
  return len === 0 ? 0n : ((1n << BigInt(len)) - 1n) << BigInt(128 - len);
}

/** `fd00:db8::/64` (the host bits cleared), or undefined when it is not an IPv6 CIDR. */
export function parseCidr6(text: string): Cidr6 | undefined {
  const m = /^([0-9A-Fa-f:]+)\/(\d{1,3})$/.exec(text);
  if (!m || Number(m[2]) > 128) return undefined;
  const n = ipv6ToBig(m[1]!);
  return n === undefined ? undefined : { network: n & mask6(Number(m[2])), prefixLen: Number(m[2]) };
}

export function cidr6Text(c: Cidr6): string {
  return `${bigToIpv6(c.network)}/${c.prefixLen}`;
}

export function inCidr6(c: Cidr6, addr: string): boolean {
  const n = ipv6ToBig(addr);
  return n !== undefined && (n & mask6(c.prefixLen)) === c.network;
}

export function cidrs6Overlap(a: Cidr6, b: Cidr6): boolean {
  const m = mask6(Math.min(a.prefixLen, b.prefixLen));
  return (a.network & m) === (b.network & m);
}

/** The address `offset` into a prefix (1 is the gateway Docker takes). */
export function nthInCidr6(c: Cidr6, offset: bigint): string {
  return bigToIpv6(c.network + offset);
}
