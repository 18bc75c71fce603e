/**
 * ICMP redirects (ip_rt_send_redirect): a router that forwards a packet out of the link it
 * came in on, to a next hop its sender could have reached itself, tells the sender so.
 * The kernel decides it on the input route (__mkroute_input) and sends it from ip_forward,
 * before the FORWARD hook, so the redirect is traced before the packet meets FORWARD.
 * On the oracle's kernel the redirect then never leaves: /proc/net/snmp counts it
 * (Icmp OutRedirects, Ip OutRequests) and discards it (Ip OutDiscards, no OutTransmits),
 * xtables-monitor traces it in raw OUTPUT, and tcpdump on the link never sees it, with or
 * without conntrack (NOTRACK). So it passes OUTPUT and POSTROUTING here and stops there.
 */
import { inCidr } from "../../ipv4.ts";
import { readSysctl } from "../sysctl.ts";
import type { Netns, Route } from "../types.ts";
import type { Packet } from "./packet.ts";
import { drop, type Delivery, type Walk } from "./walk-visit.ts";

/** Both addresses on one of the link's own prefixes (inet_addr_onlink). */
function onLink(ns: Netns, dev: string, addrs: readonly string[]): boolean {
  return ns.addrs.some((a) => a.ifname === dev && addrs.every((x) => inCidr(x, `${a.address}/${a.prefixLen}`)));
}

/** send_redirects is on for the device when it is on for all or for the device (IN_DEV_ORCONF). */
function sendsRedirects(ns: Netns, dev: string): boolean {
  const on = (k: string) => (readSysctl(ns, `net.ipv4.conf.${k}.send_redirects`) ?? "1") !== "0";
  return on("all") || on(dev);
}

/**
 * Whether a packet from `src` to `dst` arriving on `inIface` earns its sender a redirect
 * (RTCF_DOREDIRECT, which `ip route get … iif` shows as `<redirect>`): it leaves by the same
 * link, to a next hop on the sender's own prefix there, and send_redirects is on.
 */
export function earnsRedirect(ns: Netns, inIface: string, route: Route, src: string, dst: string): boolean {
  if (route.dev !== inIface || route.type !== undefined) return false;
  return onLink(ns, inIface, [src, route.via ?? dst]) && sendsRedirects(ns, inIface);
}

/** The host redirect (type 5, code 1) a forwarded packet earns, if any. */
export function redirectFor(ns: Netns, inIface: string | undefined, route: Route, pkt: Packet): Packet | undefined {
  if (inIface === undefined || !earnsRedirect(ns, inIface, route, pkt.src, pkt.dst)) return undefined;
  // No redirect about an ICMP error.
  if (pkt.icmp && pkt.icmp.type !== 8 && pkt.icmp.type !== 0) return undefined;
  const src = ns.addrs.find((a) => a.ifname === inIface && inCidr(pkt.src, `${a.address}/${a.prefixLen}`))!;
  const ports = pkt.sport !== undefined && pkt.dport !== undefined ? { sport: pkt.sport, dport: pkt.dport } : {};
  const inner = { proto: pkt.proto, src: pkt.src, dst: pkt.dst, ...ports, ttl: pkt.ttl };
  return {
    proto: "icmp",
    src: src.address,
    dst: pkt.src,
    icmp: { type: 5, code: 1, id: 0, seq: 0, inner },
    ttl: 64,
    len: Math.min(576, 28 + pkt.len),
  };
}

/** Where a redirect ends: made, through the hooks, discarded before `dev`'s wire. */
export function discarded(w: Walk, nsId: string, dev: string): Delivery {
  return drop(w, nsId, "discarded", `discarded before ${dev}`, { code: "discarded", netns: nsId, iface: dev });
}
