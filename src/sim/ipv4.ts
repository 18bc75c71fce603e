/** IPv4 arithmetic on dotted-quad strings: parsing, formatting, CIDR membership. */

/** An address as every tool prints it: a dotted quad. */
export type Ipv4 = string;

/**
 * The address as an unsigned 32-bit number, or null if it is not a dotted quad (four
 * parts of one to three digits, each at most 255). Every packet's route and address-type
 * lookups parse addresses, so this reads char codes rather than splitting and testing
 * each part with a regular expression.
 */
export function parseIpv4(s: string): number | null {
  let n = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return null;
      part = part * 10 + (c - 48);
    } else if (c === 46) {
      if (digits === 0 || part > 255 || ++dots > 3) return null;
      n = n * 256 + part;
      part = 0;
      digits = 0;
    } else return null;
  }
  if (dots !== 3 || digits === 0 || part > 255) return null;
  return (n * 256 + part) >>> 0;
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
  const known = CIDRS.get(s);
  if (known !== undefined || CIDRS.has(s)) return known ?? null;
  const c = readCidr(s);
  // Route and rule prefixes are few and met at every packet; a cap keeps odd input from growing it.
  if (CIDRS.size >= 4096) CIDRS.clear();
  CIDRS.set(s, c);
  return c;
}

const CIDRS = new Map<string, Cidr | null>();

function readCidr(s: string): Cidr | null {
  const [addr, len, extra] = s.split("/");
  if (extra !== undefined || addr === undefined) return null;
  const n = parseIpv4(addr);
  if (n === null) return null;
  const prefixLen = len === undefined ? 32 : /^\d{1,2}$/.test(len) ? Number(len) : NaN;
  if (!(prefixLen >= 0 && prefixLen <= 32)) return null;
  return Object.freeze({ network: (n & maskOf(prefixLen)) >>> 0, prefixLen });
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
