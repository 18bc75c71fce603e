/** IPv4 arithmetic on dotted-quad strings: parsing, formatting, CIDR membership. */

/** An address as every tool prints it: a dotted quad. */
export type Ipv4 = string;

/** The address as an unsigned 32-bit number, or null if it is not a dotted quad. */
export function parseIpv4(s: string): number | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n >>> 0;
}

export function formatIpv4(n: number): Ipv4 {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

export function maskOf(prefixLen: number): number {
  return prefixLen === 0 ? 0 : (0xffffffff << (32 - prefixLen)) >>> 0;
}

export interface Cidr {
  readonly network: number;
  readonly prefixLen: number;
}

/** `172.17.0.0/16`, or a bare address (taken as /32). Host bits are cleared, as the kernel does. */
export function parseCidr(s: string): Cidr | null {
  const [addr, len, extra] = s.split("/");
  if (extra !== undefined || addr === undefined) return null;
  const n = parseIpv4(addr);
  if (n === null) return null;
  const prefixLen = len === undefined ? 32 : /^\d{1,2}$/.test(len) ? Number(len) : NaN;
  if (!(prefixLen >= 0 && prefixLen <= 32)) return null;
  return { network: (n & maskOf(prefixLen)) >>> 0, prefixLen };
}

export function formatCidr(c: Cidr): string {
  return `${formatIpv4(c.network)}/${c.prefixLen}`;
}

export function inCidr(addr: Ipv4 | number, cidr: Cidr | string): boolean {
  const a = typeof addr === "number" ? addr : parseIpv4(addr);
  const c = typeof cidr === "string" ? parseCidr(cidr) : cidr;
  if (a === null || c === null) return false;
  return (a & maskOf(c.prefixLen)) >>> 0 === c.network;
}

/** The broadcast address of `addr/prefixLen`. */
export function broadcastOf(addr: Ipv4, prefixLen: number): Ipv4 {
  const a = parseIpv4(addr) ?? 0;
  return formatIpv4((a | ~maskOf(prefixLen)) >>> 0);
}

/** The network of `addr/prefixLen` in CIDR form, e.g. `172.17.0.0/16`. */
export function networkOf(addr: Ipv4, prefixLen: number): string {
  const a = parseIpv4(addr) ?? 0;
  return `${formatIpv4((a & maskOf(prefixLen)) >>> 0)}/${prefixLen}`;
}
