/**
 * The packet walk: a packet sent by a process in one namespace, followed through the
 * kernel in the real order — routing, OUTPUT, POSTROUTING, the wire (veth, bridge),
 * PREROUTING, the routing decision, then INPUT to a socket or FORWARD/POSTROUTING out
 * again (only with net.ipv4.ip_forward=1; TTL decremented). Bridged frames between two
 * ports of one bridge pass PREROUTING/FORWARD/POSTROUTING with in=out=bridge, as
 * br_netfilter does. Bounded by LIMITS.maxPacketHops and the TTL.
 */
import { LIMITS } from "../../limits.ts";
import { forwardingEnabled, loopbackSourceRefused } from "../sysctl.ts";
import type { DropCause, HopEvent } from "../../trace/events.ts";
import { routeFor, routeForFlow } from "./fib-cache.ts";
import type { Link, Netns, Route } from "../types.ts";
import { isIpv6 } from "../ipv6.ts";
import { walk6 } from "./ip6-output.ts";
import { countDatagram } from "./snmp-count.ts";
import { deliver } from "./local-deliver.ts";
import { appendLog, getNs, headersFor, traceLogName, type WalkState } from "./context.ts";
import { hookCause, noRouteBack } from "./drop-cause.ts";
import { isDrop, runHook, type DropVerdict, type Visit } from "./hooks.ts";
import { bridgePortFor, findLinkByIndex, findLinkByName, ownsAddress, type Port } from "./neighbours.ts";
import { macvlanArrival, macvlanDrop, macvlanFor, macvlanHop, macvlanHopEvent } from "./macvlan.ts";
import { noteResolution } from "./neigh-learn.ts";
import { countOn, countWire } from "./link-count.ts";
import { ETH_HEADER } from "../link-stats.ts";
import { withTtl, type Packet } from "./packet.ts";
import { discarded, redirectFor } from "./redirect.ts";
import { rejectReply } from "./reject.ts";
import { tooManyHops } from "./ttl-exceeded.ts";
import {
  arrival,
  drop,
  leave,
  martian,
  newVisit,
  noNeighbour,
  routeEvent,
  routeText,
  verdictTail,
  type Delivery,
  type SendMeta,
  type Walk,
} from "./walk-visit.ts";

export type { Attachment, Delivery, Receiver, SendMeta } from "./walk-visit.ts";

export function hookRefused(w: Walk, v: Visit, res: DropVerdict): Delivery {
  // ipt_REJECT answers every protocol from inside the rule (nf_send_reset, icmp_send), so the
  // answer is traced before the rule's own verdict line.
  const reply = res.kind === "REJECT" ? rejectReply(v, res.pkt, res.rejectWith) : undefined;
  const tail = reply ? verdictTail(v.traceLines) : [];
  leave(w, v);
  drop(
    w,
    v.ns.id,
    res.policy ? "policy" : "rule",
    `${res.table} ${res.chain}`,
    hookCause(w.st.events, w.packetId, v.ns.id, res),
  );
  if (res.kind !== "REJECT") return { kind: "dropped", netns: v.ns.id, reason: res.policy ? "policy" : "rule" };
  // No answer about an ICMP error, nor a tcp-reset for a RST.
  if (!reply) return { kind: "rejected", netns: v.ns.id, pkt: res.pkt };
  // The kernel sends the answer from inside the rule (nf_send_reset, icmp_send). A RST goes
  // out attached to the refused connection; an ICMP error finds no confirmed one to relate to.
  const ct = v.ct;
  const attached =
    reply.proto === "tcp" && ct && ct.dir === "original" && !v.untracked
      ? { entry: ct.entry, pending: ct.pending, natDst: ct.natDst, natSrc: ct.natSrc }
      : undefined;
  const replied = sendPacket(w.st, v.ns.id, reply, {
    sender: "kernel",
    direction: "reply",
    label: reply.proto === "tcp" ? "RST" : "ICMP unreachable",
    flowId: w.meta.flowId,
    ...(attached ? { attached } : { untracked: true }),
  });
  if (tail.length > 0) appendLog(w.st, traceLogName(v.ns.id), tail);
  return { kind: "rejected", netns: v.ns.id, pkt: res.pkt, replied };
}

/** Sends `pkt` from a process in namespace `netns`; returns where it ended. */
export function sendPacket(st: WalkState, netns: string, pkt: Packet, meta: SendMeta): Delivery {
  const packetId = st.nextPacketId++;
  st.packetsSent++;
  const w: Walk = { st, packetId, meta, hops: 0 };
  st.events.push({
    type: "packet",
    packetId,
    flowId: meta.flowId,
    netns,
    sender: meta.sender,
    direction: meta.direction,
    label: meta.label,
    headers: headersFor(st, pkt),
    at: st.world.clock,
    data: pkt.data,
    icmp: pkt.icmp,
  });
  if (st.packetsSent > LIMITS.maxPacketsPerCommand)
    return drop(w, netns, "rule", "too many packets for one command", { code: "too-many-packets", netns });
  const ns = getNs(st, netns);
  if (!ns) return drop(w, netns, "no-route", "no such namespace", { code: "no-route", netns, addr: pkt.dst });
  if (isIpv6(pkt.dst)) return walk6(w, ns, pkt);
  const d = localOut(w, ns, pkt, meta);
  if (pkt.proto === "udp" && meta.sender !== "kernel") countDatagram(st, netns, d);
  return d;
}

function localOut(w: Walk, ns: Netns, pkt0: Packet, meta: SendMeta): Delivery {
  let route = routeForFlow(ns, pkt0.dst, pkt0.src);
  if (!route) {
    const cause =
      w.meta.direction === "reply"
        ? noRouteBack(w.st.events, w.meta.flowId, ns.id, pkt0.dst)
        : { code: "no-route" as const, netns: ns.id, addr: pkt0.dst };
    drop(w, ns.id, "no-route", `no route to ${pkt0.dst}`, cause);
    return { kind: "unreachable", netns: ns.id };
  }
  const v = newVisit(w, ns, meta);
  v.outIface = route.type === "local" ? "lo" : route.dev;
  w.st.events.push(routeEvent(w, ns.id, "output", route, v.outIface));
  let res = runHook(w.st, v, "OUTPUT", pkt0);
  if (isDrop(res)) return hookRefused(w, v, res);
  let pkt = res;
  if (pkt.dst !== pkt0.dst) {
    // DNAT in OUTPUT changed the destination: the kernel routes the packet again.
    const again = routeFor(v.ns, pkt.dst);
    if (!again) {
      leave(w, v);
      drop(w, ns.id, "no-route", `no route to ${pkt.dst}`, {
        code: "no-route",
        netns: ns.id,
        hook: "OUTPUT",
        addr: pkt.dst,
      });
      return { kind: "unreachable", netns: ns.id };
    }
    route = again;
    v.outIface = route.type === "local" ? "lo" : route.dev;
    w.st.events.push(routeEvent(w, ns.id, "output", route, v.outIface));
    if (route.type !== "local" && loopbackSourceRefused(ns, pkt.src, route.dev)) {
      // __mkroute_output refuses the new route (EINVAL) and the nat hook drops the packet
      // before conntrack confirms it: the sender only sees its SYN go unanswered.
      leave(w, v);
      const cause = {
        code: "loopback-source" as const,
        netns: ns.id,
        hook: "OUTPUT" as const,
        iface: route.dev,
        addr: pkt.src,
      };
      return drop(w, ns.id, "no-route", `source ${pkt.src} may not leave by ${route.dev}`, cause);
    }
  }
  res = runHook(w.st, v, "POSTROUTING", pkt);
  if (isDrop(res)) return hookRefused(w, v, res);
  pkt = res;
  if (route.type === "local") return loopback(w, v, pkt);
  leave(w, v);
  return transmit(w, v.ns.id, route, pkt);
}

/** A packet to one of the namespace's own addresses goes round through `lo`, keeping its conntrack entry. */
function loopback(w: Walk, v: Visit, pkt: Packet): Delivery {
  w.st.events.push({
    type: "hop",
    packetId: w.packetId,
    fromNetns: v.ns.id,
    fromIface: "lo",
    toNetns: v.ns.id,
    toIface: "lo",
    medium: "loopback",
  });
  const lo = findLinkByName(v.ns, "lo");
  if (lo) countWire(w.st.linkCounts, v.ns.id, lo, v.ns.id, lo, pkt.len);
  v.inIface = "lo";
  delete v.outIface;
  return input(w, v, pkt, true);
}

/** Puts the packet on the wire of `route.dev`; the neighbour that answers ARP for the next hop takes it. */
function transmit(w: Walk, nsId: string, route: Route, pkt: Packet): Delivery {
  const st = w.st;
  const ns = getNs(st, nsId)!;
  if (w.meta.discarded) return discarded(w, nsId, route.dev);
  const link = findLinkByName(ns, route.dev);
  if (!link || !link.up)
    return drop(w, nsId, "link-down", `${route.dev} is down`, { code: "link-down", netns: nsId, iface: route.dev });
  const nextHop = route.via ?? pkt.dst;
  noteResolution(st, ns, link, nextHop);
  if (++w.hops > LIMITS.maxPacketHops)
    return drop(w, nsId, "ttl-exceeded", "too many hops", { code: "ttl-exceeded", netns: nsId });
  if (link.lower) {
    const hop = macvlanHop(st, nsId, link, nextHop);
    const ev = macvlanHopEvent(w, nsId, link, hop);
    if (!ev || (hop.kind !== "sibling" && hop.kind !== "wire")) return macvlanDrop(w, nsId, link, nextHop, hop);
    st.events.push(ev);
    return receive(w, hop.to.ns, hop.to.link, link.mac, pkt, nextHop);
  }
  if (link.kind === "bridge") {
    const port = bridgePortFor(st, ns, link.name, nextHop, undefined);
    if (!port) return noNeighbour(w, nsId, link.name, nextHop);
    countOn(st.linkCounts, nsId, link.ifindex, true, pkt.len + ETH_HEADER);
    return crossBridgePort(w, ns, link, port, pkt, nextHop);
  }
  if (!link.peer) return drop(w, nsId, "martian", `no neighbour on ${link.name}`, martian(nsId, link.name, nextHop));
  const peerNs = getNs(st, link.peer.netns);
  const peer = findLinkByIndex(peerNs, link.peer.ifindex);
  if (!peerNs || !peer)
    return drop(w, nsId, "link-down", `${link.name} has no carrier`, {
      code: "link-down",
      netns: nsId,
      iface: link.name,
    });
  const child = !peer.master && !ownsAddress(peerNs, nextHop) ? macvlanFor(st, peerNs, peer, nextHop) : undefined;
  if (child) {
    st.events.push(macvlanArrival(w, nsId, link, peerNs, peer, child));
    return receive(w, child.ns, child.link, link.mac, pkt, nextHop);
  }
  if (!peer.master && !ownsAddress(peerNs, nextHop)) {
    return noNeighbour(w, nsId, link.name, nextHop);
  }
  st.events.push({
    type: "hop",
    packetId: w.packetId,
    fromNetns: nsId,
    fromIface: link.name,
    toNetns: peerNs.id,
    toIface: peer.name,
    medium: link.kind === "veth" ? "veth" : "wire",
  });
  countWire(st.linkCounts, nsId, link, peerNs.id, peer, pkt.len);
  return receive(w, peerNs, peer, link.mac, pkt, nextHop);
}

/** The port of `bridge` whose far end owns `nextHop` (the ARP answer), other than `except`. */
function crossBridgePort(w: Walk, ns: Netns, bridge: Link, port: Port, pkt: Packet, nextHop: string): Delivery {
  w.st.events.push({
    type: "hop",
    packetId: w.packetId,
    fromNetns: ns.id,
    fromIface: bridge.name,
    toNetns: port.peerNs.id,
    toIface: port.peer.name,
    medium: "bridge",
  } satisfies HopEvent);
  countWire(w.st.linkCounts, ns.id, port.link, port.peerNs.id, port.peer, pkt.len);
  return receive(w, port.peerNs, port.peer, bridge.mac, pkt, nextHop);
}

/** A frame arrives on `link` of `ns` from a neighbour with MAC `srcMac`. */
function receive(w: Walk, ns: Netns, link: Link, srcMac: string, pkt: Packet, nextHop: string): Delivery {
  if (!link.up)
    return drop(w, ns.id, "link-down", `${link.name} is down`, { code: "link-down", netns: ns.id, iface: link.name });
  if (link.master) {
    const bridge = findLinkByName(ns, link.master);
    if (!bridge || !bridge.up) {
      const cause: DropCause = { code: "link-down", netns: ns.id, iface: link.master };
      return drop(w, ns.id, "link-down", `${link.master} is down`, cause);
    }
    if (!ownsAddress(ns, nextHop)) {
      const port = bridgePortFor(w.st, ns, bridge.name, nextHop, link.name);
      if (!port) return noNeighbour(w, ns.id, bridge.name, nextHop);
      return bridged(w, ns, bridge, port, srcMac, pkt, nextHop);
    }
    const v = arrival(w, ns, bridge.name, { src: srcMac, dst: bridge.mac });
    return input(w, v, pkt, false);
  }
  const v = arrival(w, ns, link.name, { src: srcMac, dst: link.mac });
  return input(w, v, pkt, false);
}

/** br_netfilter: a frame bridged between two ports passes the IP hooks with in=out=the bridge. */
function bridged(
  w: Walk,
  ns: Netns,
  bridge: Link,
  port: Port,
  srcMac: string,
  pkt0: Packet,
  nextHop: string,
): Delivery {
  const v = arrival(w, ns, bridge.name, { src: srcMac, dst: port.peer.mac });
  w.st.events.push({ type: "route", packetId: w.packetId, netns: ns.id, decision: "bridge", outIface: port.link.name });
  if (ns.sysctl["net.bridge.bridge-nf-call-iptables"] === "0") {
    leave(w, v);
    return bridgeOut(w, ns, bridge, port, pkt0, nextHop);
  }
  const res = runHook(w.st, v, "PREROUTING", pkt0);
  if (isDrop(res)) return hookRefused(w, v, res);
  return bridgeOn(w, v, bridge, port, res, nextHop);
}

/**
 * br_netfilter's FORWARD and POSTROUTING for a frame the bridge sends on: POSTROUTING gets
 * no input device (br_nf_post_routing), so the trace prints the frame's own header there.
 */
function bridgeOn(w: Walk, v: Visit, bridge: Link, port: Port, pkt: Packet, nextHop: string): Delivery {
  v.outIface = bridge.name;
  let res = runHook(w.st, v, "FORWARD", pkt);
  if (isDrop(res)) return hookRefused(w, v, res);
  v.inIface = undefined;
  v.frame = { src: v.macs?.src ?? bridge.mac, dst: port.peer.mac };
  res = runHook(w.st, v, "POSTROUTING", res);
  if (isDrop(res)) return hookRefused(w, v, res);
  leave(w, v);
  return bridgeOut(w, v.ns, bridge, port, res, nextHop);
}

function bridgeOut(w: Walk, ns: Netns, bridge: Link, port: Port, pkt: Packet, nextHop: string): Delivery {
  if (++w.hops > LIMITS.maxPacketHops)
    return drop(w, ns.id, "ttl-exceeded", "too many hops", { code: "ttl-exceeded", netns: ns.id });
  return crossBridgePort(w, getNs(w.st, ns.id)!, bridge, port, pkt, nextHop);
}

/**
 * br_netfilter's bridged_dnat: a frame for the host whose destination PREROUTING rewrote
 * (a DNAT, or a hairpin reply's un-SNAT) to an address behind the bridge it came in by is
 * bridged there, not routed: no TTL decrement, FORWARD with in=out=the bridge.
 */
function bridgedDnat(w: Walk, v: Visit, bridge: Link, pkt: Packet, nextHop: string): Delivery {
  const port = bridgePortFor(w.st, v.ns, bridge.name, nextHop, undefined);
  if (!port) {
    leave(w, v);
    return noNeighbour(w, v.ns.id, bridge.name, nextHop);
  }
  w.st.events.push({
    type: "route",
    packetId: w.packetId,
    netns: v.ns.id,
    decision: "bridge",
    outIface: port.link.name,
  });
  return bridgeOn(w, v, bridge, port, pkt, nextHop);
}

/** PREROUTING, the routing decision, then local delivery or forwarding. */
function input(w: Walk, v: Visit, pkt0: Packet, fromLoopback: boolean): Delivery {
  let res = runHook(w.st, v, "PREROUTING", pkt0);
  if (isDrop(res)) return hookRefused(w, v, res);
  let pkt = res;
  const route = fromLoopback ? undefined : routeForFlow(v.ns, pkt.dst, pkt.src, v.inIface);
  if (route && route.type !== "local" && pkt.dst !== pkt0.dst && route.dev === v.inIface && v.macs) {
    const bridge = findLinkByName(v.ns, route.dev);
    if (bridge?.kind === "bridge") return bridgedDnat(w, v, bridge, pkt, route.via ?? pkt.dst);
  }
  // br_netfilter ran PREROUTING at the bridge's own hook: only now is the frame passed up to the
  // bridge's device, which counts it without its Ethernet header (a hairpinned one never is).
  const inDev = v.macs && v.inIface ? findLinkByName(v.ns, v.inIface) : undefined;
  if (inDev?.kind === "bridge") countOn(w.st.linkCounts, v.ns.id, inDev.ifindex, false, pkt0.len);
  const local = fromLoopback || route?.type === "local";
  if (local) {
    w.st.events.push(
      route
        ? { type: "route", packetId: w.packetId, netns: v.ns.id, decision: "local", routeText: routeText(route) }
        : { type: "route", packetId: w.packetId, netns: v.ns.id, decision: "local" },
    );
    res = runHook(w.st, v, "INPUT", pkt);
    if (isDrop(res)) return hookRefused(w, v, res);
    pkt = res;
    leave(w, v);
    return deliver(w, v.ns.id, pkt);
  }
  const nsId = v.ns.id;
  if (route?.type === "broadcast") {
    leave(w, v);
    return drop(w, nsId, "martian", "broadcast", { code: "martian", netns: nsId, iface: v.inIface, addr: pkt.dst });
  }
  // The FIB is asked first (ip_route_input_slow): a destination nothing routes to is unreachable
  // whether or not the machine forwards, and that, not ip_forward, is what to fix.
  if (!route) {
    leave(w, v);
    return drop(w, nsId, "no-route", `no route to ${pkt.dst}`, { code: "no-route", netns: nsId, addr: pkt.dst });
  }
  // Forwarding is decided per input interface (IN_DEV_FORWARD), and any non-zero value means on.
  if (!forwardingEnabled(v.ns, v.inIface ?? "")) {
    leave(w, v);
    const cause: DropCause = { code: "ip-forward-off", netns: nsId, iface: v.inIface, addr: pkt.dst };
    return drop(w, nsId, "ip-forward-off", "net.ipv4.ip_forward = 0", cause);
  }
  if (pkt.ttl <= 1) return tooManyHops(w, v, pkt);
  pkt = withTtl(pkt, pkt.ttl - 1);
  v.outIface = route.dev;
  w.st.events.push(routeEvent(w, v.ns.id, "forward", route, route.dev));
  const redirect = redirectFor(v.ns, v.inIface, route, pkt);
  if (redirect) {
    // Sent from ip_forward before the FORWARD hook: its trace comes first, and it sees the namespace as it is now.
    leave(w, v);
    const meta = { sender: "kernel", direction: "reply", label: "ICMP redirect", flowId: w.meta.flowId } as const;
    sendPacket(w.st, nsId, redirect, { ...meta, untracked: true, discarded: true });
    v.ns = getNs(w.st, nsId) ?? v.ns;
  }
  res = runHook(w.st, v, "FORWARD", pkt);
  if (isDrop(res)) return hookRefused(w, v, res);
  res = runHook(w.st, v, "POSTROUTING", res);
  if (isDrop(res)) return hookRefused(w, v, res);
  leave(w, v);
  return transmit(w, v.ns.id, route, res);
}
