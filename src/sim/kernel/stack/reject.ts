/**
 * What REJECT sends back in the kernel's name: a RST (nf_send_reset), addressed as the
 * rule saw the refused packet, or an ICMP destination-unreachable (icmp_send) carrying
 * that packet's header as its sender sent it.
 */
import { sourceAddressFor } from "../route.ts";
import { inCidr6, parseCidr6 } from "../ipv6.ts";
import { routeFor } from "./fib-cache.ts";
import type { Visit } from "./hooks.ts";
import { tcpSegment, type Packet } from "./packet.ts";
import type { IcmpQuoted } from "../../trace/events.ts";

/** ICMP codes of REJECT's --reject-with (type 3, destination unreachable). */
const REJECT_CODES: Readonly<Record<string, number>> = {
  "icmp-net-unreachable": 0,
  "icmp-host-unreachable": 1,
  "icmp-proto-unreachable": 2,
  "icmp-port-unreachable": 3,
  "icmp-net-prohibited": 9,
  "icmp-host-prohibited": 10,
  "icmp-admin-prohibited": 13,
};

/**
 * What REJECT sends back (ipt_REJECT: nf_send_reset / icmp_send): a RST, or an ICMP
 * destination-unreachable carrying the rejected header. Both belong to the rejected
 * connection, so they are addressed as its sender sent it (the conntrack original).
 */
export function rejectReply(v: Visit, pkt: Packet, rejectWith = "icmp-port-unreachable"): Packet | undefined {
  const o = v.ct?.entry.orig;
  const sent = o
    ? { proto: pkt.proto, src: o.src, dst: o.dst, sport: o.sport, dport: o.dport }
    : { proto: pkt.proto, src: pkt.src, dst: pkt.dst, sport: pkt.sport, dport: pkt.dport };
  if (rejectWith === "tcp-reset") {
    if (pkt.proto !== "tcp" || pkt.flags?.includes("RST")) return undefined;
    const ack = pkt.flags?.includes("ACK") ? ["RST"] : ["RST", "ACK"];
    // Addressed as the rule saw the packet; conntrack's reverse NAT puts it right on the way out.
    return { ...tcpSegment(pkt.dst, pkt.dport ?? 0, pkt.src, pkt.sport ?? 0, ack), len: 40 };
  }
  // No ICMP error about an ICMP error.
  if (pkt.icmp && pkt.icmp.type !== 8 && pkt.icmp.type !== 0) return undefined;
  if (v.six) return icmp6Unreachable(v, pkt, sent, rejectWith);
  const local = routeFor(v.ns, pkt.dst)?.type === "local";
  const out = routeFor(v.ns, sent.src);
  const src = local ? pkt.dst : out ? (sourceAddressFor(v.ns, out) ?? pkt.dst) : pkt.dst;
  const code = REJECT_CODES[rejectWith] ?? 3;
  return {
    proto: "icmp",
    src,
    dst: sent.src,
    icmp: { type: 3, code, id: 0, seq: 0, inner: { ...sent, ttl: pkt.ttl } },
    ttl: 64,
    len: Math.min(576, 28 + pkt.len),
  };
}

/** ICMPv6 destination-unreachable codes of ip6tables' REJECT (type 1; its default is port-unreachable). */
const REJECT6_CODES: Readonly<Record<string, number>> = {
  "icmp6-no-route": 0,
  "no-route": 0,
  "icmp6-adm-prohibited": 1,
  "adm-prohibited": 1,
  "icmp6-addr-unreachable": 3,
  "addr-unreach": 3,
  "icmp6-port-unreachable": 4,
  "port-unreach": 4,
};

/**
 * ip6t_REJECT's icmpv6_send: from the refused destination when it is the namespace's own,
 * else from the namespace's address on the sender's prefix (the router answering).
 */
function icmp6Unreachable(v: Visit, pkt: Packet, sent: Omit<IcmpQuoted, "ttl">, rejectWith: string): Packet {
  const own = (v.ns.addrs6 ?? []).find((a) => a.address === pkt.dst);
  const onLink = (v.ns.addrs6 ?? []).find((a) => {
    const c = parseCidr6(`${a.address}/${a.prefixLen}`);
    return c !== undefined && inCidr6(c, sent.src);
  });
  const src = pkt.dst === "::1" || own ? pkt.dst : (onLink?.address ?? pkt.dst);
  return {
    proto: "icmp",
    src,
    dst: sent.src,
    icmp: { type: 1, code: REJECT6_CODES[rejectWith] ?? 4, id: 0, seq: 0, inner: { ...sent, ttl: pkt.ttl } },
    ttl: 64,
    len: Math.min(1280, 48 + pkt.len),
  };
}
