/**
 * ip_local_deliver's end of the walk: a packet that passed INPUT (or never left the
 * namespace) reaches a socket, a listener or the kernel itself. Kept apart from walk.ts
 * because nothing here walks further, so both IPv4 and IPv6 paths can end here.
 */
import type { DropCause } from "../../trace/events.ts";
import { findListener, findSocket, getNs } from "./context.ts";
import type { Packet } from "./packet.ts";
import { drop, type Delivery, type Walk } from "./walk-visit.ts";

export function deliver(w: Walk, nsId: string, pkt: Packet): Delivery {
  const st = w.st;
  const ns = getNs(st, nsId)!;
  if (pkt.proto === "icmp") {
    const inner = pkt.icmp?.inner;
    if (inner) {
      // An ICMP error goes to the socket that sent the packet it carries.
      const s = findSocket(st, nsId, inner.proto, inner.src, inner.proto === "icmp" ? -1 : (inner.sport ?? 0));
      if (!s) {
        const cause: DropCause = { code: "no-listener", netns: nsId, proto: "icmp", addr: pkt.dst };
        return drop(w, nsId, "no-listener", "no socket for this ICMP error", cause);
      }
      st.events.push({ type: "deliver", packetId: w.packetId, netns: nsId, process: s.process, addr: pkt.dst });
      return { kind: "delivered", netns: nsId, pkt, to: { kind: "socket", socket: s } };
    }
    if (pkt.icmp?.type === 8) {
      // icmp_echo: with icmp_echo_ignore_all set the request is taken and never answered.
      if (ns.sysctl["net.ipv4.icmp_echo_ignore_all"] === "1") {
        const cause: DropCause = { code: "echo-ignored", netns: nsId, addr: pkt.dst };
        return drop(w, nsId, "echo-ignored", "net.ipv4.icmp_echo_ignore_all is 1", cause);
      }
      st.events.push({ type: "deliver", packetId: w.packetId, netns: nsId, process: "kernel", addr: pkt.dst });
      return { kind: "delivered", netns: nsId, pkt, to: { kind: "kernel" } };
    }
    const s = findSocket(st, nsId, "icmp", pkt.dst, pkt.icmp?.id ?? -1);
    if (!s) {
      const cause: DropCause = { code: "no-listener", netns: nsId, proto: "icmp", addr: pkt.dst };
      return drop(w, nsId, "no-listener", "no socket for this ICMP message", cause);
    }
    st.events.push({ type: "deliver", packetId: w.packetId, netns: nsId, process: s.process, addr: pkt.dst });
    return { kind: "delivered", netns: nsId, pkt, to: { kind: "socket", socket: s } };
  }
  const port = pkt.dport ?? 0;
  const s = findSocket(st, nsId, pkt.proto, pkt.dst, port);
  if (s) {
    st.events.push({ type: "deliver", packetId: w.packetId, netns: nsId, process: s.process, addr: pkt.dst, port });
    return { kind: "delivered", netns: nsId, pkt, to: { kind: "socket", socket: s } };
  }
  const l = findListener(ns, pkt.proto, pkt.dst, port);
  if (l) {
    st.events.push({ type: "deliver", packetId: w.packetId, netns: nsId, process: l.process, addr: pkt.dst, port });
    return { kind: "delivered", netns: nsId, pkt, to: { kind: "listener", listener: l } };
  }
  const cause: DropCause = { code: "no-listener", netns: nsId, proto: pkt.proto, addr: pkt.dst, port };
  drop(w, nsId, "no-listener", `nothing listens on ${pkt.proto} ${pkt.dst}:${port}`, cause);
  return { kind: "refused", netns: nsId, pkt };
}
