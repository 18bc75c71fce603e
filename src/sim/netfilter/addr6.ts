/** ip6tables' `-s`/`-d` against an IPv6 packet's addresses (CIDRs parsed once, cached per string). */
import { inCidr6, parseCidr6, type Cidr6 } from "../ipv6.ts";

const cidr6Cache = new Map<string, Cidr6 | null>();
function cidr6(s: string): Cidr6 | null {
  let c = cidr6Cache.get(s);
  if (c === undefined) {
    c = parseCidr6(s.includes("/") ? s : `${s}/128`) ?? null;
    if (cidr6Cache.size > 10_000) cidr6Cache.clear();
    cidr6Cache.set(s, c);
  }
  return c;
}

/** An ip6tables `-s`/`-d`: whether an IPv6 address is inside it (an IPv4 one never is). */
export function within6(addr: string, spec: string): boolean {
  const c = cidr6(spec);
  return c !== null && addr.includes(":") && inCidr6(c, addr);
}
