/**
 * ICMP redirects (ip_rt_send_redirect): a router that forwards a packet out of the link it
 * came in on, to a next hop its sender could have reached itself, tells the sender so.
 * The kernel decides it on the input route (__mkroute_input) and sends it from ip_forward,
 * before the FORWARD hook, so the redirect is traced before the packet meets FORWARD.
 */
import { inCidr } from "../../ipv4.ts";
import { readSysctl } from "../sysctl.ts";
import type { Netns, Route } from "../types.ts";
import type { Packet } from "./packet.ts";

/** Both addresses on one of the link's own prefixes (inet_addr_onlink). */
function onLink(ns: Netns, dev: string, addrs: readonly string[]): boolean {
  return ns.addrs.some((a) => a.ifname === dev && addrs.every((x) => inCidr(x, `${a.address}/${a.prefixLen}`)));
}

/** send_redirects is on for the device when it is on for all or for the device (IN_DEV_ORCONF). */
function sendsRedirects(ns: Netns, dev: string): boolean {
  const on = (k: string) => (readSysctl(ns, `net.ipv4.conf.${k}.send_redirects`) ?? "1") !== "0";
  return on("all") || on(dev);
}

/** The host redirect (type 5, code 1) a forwarded packet earns, if any: `pkt` as it arrived. */
export function redirectFor(ns: Netns, inIface: string | undefined, route: Route, pkt: Packet): Packet | undefined {
  if (inIface === undefined || route.dev !== inIface || route.type === "local") return undefined;
  // No redirect about an ICMP error.
  if (pkt.icmp && pkt.icmp.type !== 8 && pkt.icmp.type !== 0) return undefined;
  const gateway = route.via ?? pkt.dst;
  if (!onLink(ns, inIface, [pkt.src, gateway]) || !sendsRedirects(ns, inIface)) return undefined;
  const src = ns.addrs.find((a) => a.ifname === inIface && inCidr(pkt.src, `${a.address}/${a.prefixLen}`))!;
  const ports = pkt.sport !== undefined && pkt.dport !== undefined ? { sport: pkt.sport, dport: pkt.dport } : {};
  const inner = { proto: pkt.proto, src: pkt.src, dst: pkt.dst, ...ports, ttl: pkt.ttl };
  return {
    proto: "icmp",
    src: src.address,
    dst: pkt.src,
    icmp: { type: 5, code: 1, id: 0, seq: 0, inner, gateway },
    ttl: 64,
    len: Math.min(576, 28 + pkt.len),
  };
}
