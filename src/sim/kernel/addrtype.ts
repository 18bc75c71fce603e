/**
 * An address's type as the kernel's inet_addr_type sees it, which is what the
 * iptables `addrtype` match (`--dst-type LOCAL`) tests: 0/8 and 255.255.255.255 are
 * BROADCAST, 224/4 MULTICAST, then whatever the local table says, else UNICAST.
 */
import type { AddrType } from "../netfilter/types.ts";
import { parseIpv4 } from "../ipv4.ts";
import { localTable } from "./route.ts";
import type { Ipv4, Netns } from "./types.ts";
import { maskOf, parseCidr } from "../ipv4.ts";

export function addrTypeOf(ns: Netns, addr: Ipv4): AddrType {
  if (addr.includes(":")) return addrType6(ns, addr);
  const a = parseIpv4(addr);
  if (a === null) return "UNSPEC";
  if (a >>> 24 === 0 || a === 0xffffffff) return "BROADCAST";
  if (a >>> 28 === 0xe) return "MULTICAST";
  let best: { len: number; type: AddrType } | undefined;
  for (const r of localTable(ns)) {
    const c = parseCidr(r.dst);
    if (!c || (a & maskOf(c.prefixLen)) >>> 0 !== c.network) continue;
    if (!best || c.prefixLen > best.len)
      best = { len: c.prefixLen, type: r.type === "broadcast" ? "BROADCAST" : "LOCAL" };
  }
  return best?.type ?? "UNICAST";
}

/** Whether a packet to `addr` is delivered to this namespace (the local table holds it). */
export function isLocalAddress(ns: Netns, addr: Ipv4): boolean {
  return addrTypeOf(ns, addr) === "LOCAL";
}

/** IPv6's address types as the addrtype match sees them: ::1 and the namespace's own addresses are LOCAL. */
function addrType6(ns: Netns, addr: string): AddrType {
  if (addr === "::1" || (ns.addrs6 ?? []).some((a) => a.address === addr)) return "LOCAL";
  if (/^ff/i.test(addr)) return "MULTICAST";
  return addr === "::" ? "UNSPEC" : "UNICAST";
}
