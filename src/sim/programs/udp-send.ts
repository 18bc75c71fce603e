/**
 * One datagram from a process, as bash's `> /dev/udp/HOST/PORT` sends what a command
 * writes: a socket connected to HOST:PORT from an ephemeral port, one write, closed.
 * Nothing listening there: that kernel answers ICMP port unreachable, which conntrack
 * relates to the datagram's flow and takes back (un-NATed) to the sender; bash never
 * reads it, so the write has still succeeded; a socket bash keeps open (`exec 3<>/dev/udp/…`)
 * holds the error for its next send (a REJECT's error too, if its code is one a connected
 * socket hears). A UDP docker-proxy sends what it receives on to
 * its container from the host's side of the bridge (oracle, session an05), and keeps the
 * container's refusal to itself.
 */
import { sourceAddressFor } from "../kernel/route.ts";
import { createWalkState, getNs, randomInt, worldOf, type Socket, type WalkState } from "../kernel/stack/context.ts";
import { routeFor } from "../kernel/stack/fib-cache.ts";
import { byteLength, udpDatagram, type Packet } from "../kernel/stack/packet.ts";
import { sendPacket } from "../kernel/stack/walk.ts";
import { udpSocketError } from "../kernel/stack/icmp-errno.ts";
import type { TraceEvent } from "../trace/events.ts";
import type { KernelWorld } from "../kernel/types.ts";

export interface Sent<W extends KernelWorld> {
  readonly world: W;
  readonly events: readonly TraceEvent[];
  /** Why the socket could not send (errno text), as bash reports it. */
  readonly error?: string;
  /** The socket's local port. */
  readonly sport?: number;
  /** An ICMP error came back to the socket: its next send fails with this errno's text. */
  readonly pending?: string;
}

interface Outcome {
  error?: string;
  sport?: number;
  pending?: string;
}

/** The label of a datagram whose bytes a program wrote itself, not a DNS message the lab composed. */
export const RAW_DATAGRAM = "UDP datagram";

export function sendDatagram<W extends KernelWorld>(
  world: W,
  netns: string,
  process: string,
  dst: string,
  dport: number,
  data: string,
  /** The port of a socket already bound (one the shell keeps open). */
  sport?: number,
): Sent<W> {
  const st = createWalkState(world);
  const out: Outcome = {};
  datagram(st, netns, process, dst, dport, data, 0, out, sport);
  if (out.error !== undefined) return { world, events: [], error: out.error };
  return {
    world: worldOf(st),
    events: st.events,
    ...(out.sport !== undefined ? { sport: out.sport } : {}),
    ...(out.pending !== undefined ? { pending: out.pending } : {}),
  };
}

/** One datagram on its way; a UDP docker-proxy that receives it sends it on to its container, from the host. */
function datagram(
  st: WalkState,
  netns: string,
  process: string,
  dst: string,
  dport: number,
  data: string,
  depth: number,
  out: Outcome,
  sport?: number,
): void {
  const ns = getNs(st, netns);
  const route = ns ? routeFor(ns, dst) : undefined;
  if (!ns || !route) {
    if (depth === 0) out.error = "Network is unreachable";
    return;
  }
  const src = route.type === "local" ? dst : (sourceAddressFor(ns, route) ?? "0.0.0.0");
  const sock: Socket = { netns, proto: "udp", addr: src, port: sport ?? randomInt(st, 32768, 60999), process };
  if (depth === 0) out.sport = sock.port;
  st.sockets.push(sock);
  const flowId = st.nextFlowId++;
  const pkt = udpDatagram(src, sock.port, dst, dport, data, byteLength(data));
  const d = sendPacket(st, netns, pkt, { sender: process, direction: "original", label: RAW_DATAGRAM, flowId });
  if (d.kind === "delivered" && d.to.kind === "listener" && depth < 2) {
    const app = d.to.listener.app;
    if (app.kind === "docker-proxy" && app.toAddr !== "")
      datagram(st, d.netns, "docker-proxy", app.toAddr, app.toPort, data, depth + 1, {});
    return;
  }
  // A REJECT's ICMP error: the socket keeps the errno its code maps to, if it is told at all.
  if (d.kind === "rejected") {
    const back = d.replied;
    if (back?.kind === "delivered" && back.to.kind === "socket" && back.to.socket === sock)
      out.pending = udpSocketError(back.pkt.icmp);
    return;
  }
  if (d.kind === "refused") {
    const got = d.pkt;
    const error: Packet = {
      proto: "icmp",
      src: got.dst,
      dst: got.src,
      icmp: {
        type: 3,
        code: 3,
        id: 0,
        seq: 0,
        inner: { proto: "udp", src: got.src, dst: got.dst, sport: got.sport, dport: got.dport },
      },
      ttl: 64,
      len: Math.min(576, 28 + got.len),
    };
    const back = sendPacket(st, d.netns, error, {
      sender: "kernel",
      direction: "reply",
      label: "ICMP port unreachable",
      flowId,
    });
    if (back.kind === "delivered" && back.to.kind === "socket" && back.to.socket === sock)
      out.pending = "Connection refused";
  }
}
