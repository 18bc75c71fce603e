import type { Link, Netns } from "../types.ts";
import { createNetfilter } from "../../netfilter/state.ts";
import type { NetfilterState } from "../../netfilter/types.ts";
import { LIMITS } from "../../limits.ts";
import { hasIpv6Loopback, IP6_LOOPBACK } from "../ipv6.ts";
import { neighbour6, ownsIpv6, route6, type Route6Result } from "../ipv6-route.ts";
import { getNs } from "./context.ts";
import { isDrop, runHook, type Visit } from "./hooks.ts";
import { deliver } from "./local-deliver.ts";
import type { Packet } from "./packet.ts";
import { planOf } from "./tables.ts";
import { hookRefused } from "./walk.ts";
import { drop, leave, type Delivery, type SendMeta, type Walk } from "./walk-visit.ts";

/**
 * IPv6, which the lab carries over loopback and across one link (kernel/ipv6-route.ts):
 * a packet to ::1 or another of the namespace's addresses reaches its own sockets; one to
 * a neighbour on a Docker bridge (a container on an `--ipv6` network, or the bridge's
 * gateway address) reaches that namespace. On the way it passes the ip6 tables' hooks as
 * an IPv4 packet passes iptables': OUTPUT and POSTROUTING where it is sent, PREROUTING and
 * INPUT where it is taken in, and, bridged between two ports, br_netfilter's PREROUTING,
 * FORWARD and POSTROUTING with in=out=the bridge (unless bridge-nf-call-ip6tables is 0).
 * A sender without a usable source (26's gateway still in DAD: the kernel picks the
 * uplink's link-local one, which the container cannot answer) is never answered; a
 * destination off the link has no route.
 */
export function walk6(w: Walk, ns: Netns, pkt0: Packet): Delivery {
  const st = w.st;
  const view = { ...st.world, netns: { ...st.world.netns, ...Object.fromEntries(st.dirty) } };
  const routeOf = (dst: string): Route6Result =>
    dst === IP6_LOOPBACK ? (hasIpv6Loopback(ns) ? { kind: "local" } : { kind: "none" }) : route6(view, ns, dst);
  let r = routeOf(pkt0.dst);
  if (r.kind === "none") {
    drop(w, ns.id, "no-route", `no route to ${pkt0.dst}`, { code: "no-route", netns: ns.id, addr: pkt0.dst });
    return { kind: "unreachable", netns: ns.id };
  }
  const v = visit6(w, ns, w.meta);
  v.outIface = r.kind === "local" ? "lo" : r.dev;
  let res = runHook(st, v, "OUTPUT", pkt0);
  if (isDrop(res)) return hookRefused(w, v, res);
  if (res.dst !== pkt0.dst) {
    // DNAT in OUTPUT changed the destination: the kernel routes the packet again.
    r = routeOf(res.dst);
    if (r.kind === "none") {
      leave(w, v);
      drop(w, ns.id, "no-route", `no route to ${res.dst}`, { code: "no-route", netns: ns.id, addr: res.dst });
      return { kind: "unreachable", netns: ns.id };
    }
    v.outIface = r.kind === "local" ? "lo" : r.dev;
  }
  res = runHook(st, v, "POSTROUTING", res);
  if (isDrop(res)) return hookRefused(w, v, res);
  const pkt = res;
  if (r.kind === "local") {
    hop(w, ns.id, "lo", ns.id, "lo", "loopback");
    v.inIface = "lo";
    delete v.outIface;
    return localIn(w, v, pkt);
  }
  leave(w, v);
  const far = r.src !== undefined && ownsIpv6(view, ns, pkt.src) ? neighbour6(view, ns, r.dev, r.nextHop) : undefined;
  if (far === undefined || r.nextHop !== pkt.dst) {
    const why = r.src === undefined ? `no usable source for ${pkt.dst}` : `no neighbour answers for ${r.nextHop}`;
    return drop(w, ns.id, "no-route", why, { code: "no-route", netns: ns.id, addr: pkt.dst });
  }
  return across(w, ns, r.dev, far, pkt);
}

const EMPTY: NetfilterState = createNetfilter();

/** A visit of an IPv6 packet: the namespace's ip6 tables (none written: nothing but conntrack's place). */
function visit6(w: Walk, ns: Netns, meta: SendMeta | undefined, inIface?: string, macs?: Visit["macs"]): Visit {
  return {
    ns,
    plan: planOf(ns.netfilter6 ?? EMPTY),
    six: true,
    packetId: w.packetId,
    traced: false,
    traceLines: [],
    mark: 0,
    untracked: meta?.untracked === true,
    owner: meta && meta.sender !== "kernel" ? { uid: 0, gid: 0 } : undefined,
    ...(meta?.attached ? { ct: { ...meta.attached, dir: "reply" as const, attached: true } } : {}),
    ...(inIface !== undefined ? { inIface } : {}),
    ...(macs ? { macs } : {}),
  };
}

function hop(
  w: Walk,
  fromNetns: string,
  fromIface: string,
  toNetns: string,
  toIface: string,
  medium: "veth" | "bridge" | "loopback",
): void {
  w.st.events.push({ type: "hop", packetId: w.packetId, fromNetns, fromIface, toNetns, toIface, medium });
}

/** PREROUTING and INPUT of the namespace the packet is addressed to, then its socket. */
function localIn(w: Walk, v: Visit, pkt0: Packet): Delivery {
  let res = runHook(w.st, v, "PREROUTING", pkt0);
  if (isDrop(res)) return hookRefused(w, v, res);
  res = runHook(w.st, v, "INPUT", res);
  if (isDrop(res)) return hookRefused(w, v, res);
  leave(w, v);
  return deliver(w, v.ns.id, res);
}

function linkByIndex(ns: Netns | undefined, ifindex: number): Link | undefined {
  return ns?.links.find((l) => l.ifindex === ifindex);
}

/** From `dev` of `ns` to the neighbour namespace `farId` that owns the destination. */
function across(w: Walk, ns: Netns, dev: string, farId: string, pkt: Packet): Delivery {
  const st = w.st;
  if (++w.hops > LIMITS.maxPacketHops)
    return drop(w, ns.id, "ttl-exceeded", "too many hops", { code: "ttl-exceeded", netns: ns.id });
  const link = ns.links.find((l) => l.name === dev)!;
  if (link.kind === "bridge") {
    const port = ns.links.find((l) => l.master === link.name && l.peer?.netns === farId);
    const far = getNs(st, farId);
    const peer = port?.peer && linkByIndex(far, port.peer.ifindex);
    if (!far || !peer) return drop(w, ns.id, "link-down", `${dev} has no port to ${farId}`, linkDown(ns.id, dev));
    hop(w, ns.id, link.name, farId, peer.name, "bridge");
    return localIn(w, visit6(w, far, undefined, peer.name, { src: link.mac, dst: peer.mac }), pkt);
  }
  const owner = link.peer ? getNs(st, link.peer.netns) : undefined;
  const peer = link.peer && linkByIndex(owner, link.peer.ifindex);
  if (!owner || !peer) return drop(w, ns.id, "link-down", `${dev} has no carrier`, linkDown(ns.id, dev));
  hop(w, ns.id, link.name, owner.id, peer.name, "veth");
  const macs = { src: link.mac, dst: peer.mac };
  if (!peer.master) return localIn(w, visit6(w, owner, undefined, peer.name, macs), pkt);
  const bridge = owner.links.find((l) => l.name === peer.master);
  if (!bridge) return drop(w, owner.id, "link-down", `${peer.master} is down`, linkDown(owner.id, peer.master));
  if (farId === owner.id) return localIn(w, visit6(w, owner, undefined, bridge.name, macs), pkt);
  return bridged6(w, owner, bridge, farId, pkt, macs);
}

/** br_netfilter for an IPv6 frame between two ports of `bridge` (net.bridge.bridge-nf-call-ip6tables). */
function bridged6(w: Walk, owner: Netns, bridge: Link, farId: string, pkt0: Packet, macs: Visit["macs"]): Delivery {
  const st = w.st;
  const port = owner.links.find((l) => l.master === bridge.name && l.peer?.netns === farId);
  const far = getNs(st, farId);
  const peer = port?.peer && linkByIndex(far, port.peer.ifindex);
  if (!port || !far || !peer)
    return drop(w, owner.id, "martian", `no port to ${farId}`, linkDown(owner.id, bridge.name));
  let pkt = pkt0;
  st.events.push({ type: "route", packetId: w.packetId, netns: owner.id, decision: "bridge", outIface: port.name });
  if (owner.sysctl["net.bridge.bridge-nf-call-ip6tables"] !== "0") {
    const v = visit6(w, owner, undefined, bridge.name, macs);
    let res = runHook(st, v, "PREROUTING", pkt);
    if (isDrop(res)) return hookRefused(w, v, res);
    v.outIface = bridge.name;
    res = runHook(st, v, "FORWARD", res);
    if (isDrop(res)) return hookRefused(w, v, res);
    v.inIface = undefined;
    res = runHook(st, v, "POSTROUTING", res);
    if (isDrop(res)) return hookRefused(w, v, res);
    leave(w, v);
    pkt = res;
  }
  hop(w, owner.id, bridge.name, farId, peer.name, "bridge");
  return localIn(w, visit6(w, far, undefined, peer.name, { src: macs?.src ?? bridge.mac, dst: peer.mac }), pkt);
}

function linkDown(netns: string, iface: string) {
  return { code: "link-down" as const, netns, iface };
}
