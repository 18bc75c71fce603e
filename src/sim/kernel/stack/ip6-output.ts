import type { Netns } from "../types.ts";
import { hasIpv6Loopback, IP6_LOOPBACK } from "../ipv6.ts";
import { neighbour6, ownsIpv6, route6 } from "../ipv6-route.ts";
import { deliver } from "./local-deliver.ts";
import type { Packet } from "./packet.ts";
import { drop, type Delivery, type Walk } from "./walk-visit.ts";

/**
 * IPv6, which the lab carries over loopback and across one link (kernel/ipv6-route.ts):
 * a packet to ::1 or another of the namespace's addresses reaches its own sockets; one to
 * a neighbour on a Docker bridge (a container on an `--ipv6` network, or the bridge's
 * gateway address) reaches that namespace. The ip6 tables are not walked (26 writes none;
 * 28's accept what stays on a bridge and skip ::1). A sender without a usable source (26's
 * gateway still in DAD: the kernel picks the uplink's link-local one, which the container
 * cannot answer) is never answered; a destination off the link has no route.
 */
export function walk6(w: Walk, ns: Netns, pkt: Packet): Delivery {
  if (pkt.dst === IP6_LOOPBACK) {
    if (hasIpv6Loopback(ns)) return deliver(w, ns.id, pkt);
    drop(w, ns.id, "no-route", `no route to ${pkt.dst}`, { code: "no-route", netns: ns.id, addr: pkt.dst });
    return { kind: "unreachable", netns: ns.id };
  }
  const st = w.st;
  const view = { ...st.world, netns: { ...st.world.netns, ...Object.fromEntries(st.dirty) } };
  const r = route6(view, ns, pkt.dst);
  if (r.kind === "local") return deliver(w, ns.id, pkt);
  if (r.kind === "none") {
    drop(w, ns.id, "no-route", `no route to ${pkt.dst}`, { code: "no-route", netns: ns.id, addr: pkt.dst });
    return { kind: "unreachable", netns: ns.id };
  }
  const far = r.src !== undefined && ownsIpv6(view, ns, pkt.src) ? neighbour6(view, ns, r.dev, r.nextHop) : undefined;
  if (far === undefined || r.nextHop !== pkt.dst) {
    const why = r.src === undefined ? `no usable source for ${pkt.dst}` : `no neighbour answers for ${r.nextHop}`;
    return drop(w, ns.id, "no-route", why, { code: "no-route", netns: ns.id, addr: pkt.dst });
  }
  return deliver(w, far, pkt);
}
