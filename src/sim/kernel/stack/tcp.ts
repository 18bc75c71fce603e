/**
 * TCP connections as a sequence of real segments through the walk: the three-way
 * handshake, data each way (one segment per message, acknowledged), and the close
 * (FIN, FIN/ACK, ACK). A connection fails the way the kernel reports it: a RST
 * (refused), silence (timeout), or no route at the sender (unreachable).
 */
import { isIpv6, v4Mapped } from "../ipv6.ts";
import { route6, type Route6Result } from "../ipv6-route.ts";
import { sourceAddressFor } from "../route.ts";
import type { Listener, Netns } from "../types.ts";
import { advanceClock, getNs, randomInt, type Socket, type WalkState } from "./context.ts";
import { routeFor } from "./fib-cache.ts";
import { answerTo, tcpSegment, type Packet } from "./packet.ts";
import { countSnmp } from "./snmp-count.ts";
import { enterTimeWait } from "./time-wait.ts";
import { keepResending, SYNACK_RETRANSMITS_MS } from "./synack-timer.ts";
import { sendPacket, type Delivery, type SendMeta } from "./walk.ts";

export interface TcpConn {
  readonly flowId: number;
  readonly process: string;
  readonly clientNs: string;
  readonly client: Socket;
  /** The server's namespace and listener, and the connection as the server sees it. */
  readonly serverNs: string;
  readonly listener: Listener;
  readonly serverView: { readonly src: string; readonly sport: number; readonly dst: string; readonly dport: number };
  readonly dst: string;
  readonly dport: number;
}

export type ConnectResult =
  | { readonly kind: "connected"; readonly conn: TcpConn }
  | { readonly kind: "refused" }
  /** No answer; `lost` is the SYN the client will send again while it waits (retransmitSyn). */
  | { readonly kind: "timeout"; readonly lost?: LostSyn }
  /** Nobody answered ARP for the next hop: after ~3 s the kernel (or the router's ICMP) says EHOSTUNREACH. */
  | { readonly kind: "no-neighbour" }
  | { readonly kind: "unreachable" };

/** A SYN that got no answer: what the client's kernel sends again on its retransmission timer. */
export interface LostSyn {
  /** The retransmissions tcpConnect already sent, up to this many ms after the first SYN. */
  readonly sentMs?: number;
  readonly netns: string;
  readonly pkt: Packet;
  readonly process: string;
  readonly flowId: number;
  /** Set when a SYN reached a listener whose SYN-ACK never came back: the server resends it on its own timer. */
  readonly synAck?: SynAckLost;
}

/** A listener's SYN-ACK that got lost on its way back, and when (ms after the first SYN) it was first sent. */
export interface SynAckLost {
  readonly netns: string;
  readonly pkt: Packet;
  readonly process: string;
  readonly atMs: number;
  /** The retransmissions due before this many ms after the first SYN were already sent. */
  readonly doneMs?: number;
}

/** Sends the server's SYN-ACK retransmissions due before `toMs` (ms after the first SYN) not sent yet. */
function resendSynAcks(st: WalkState, lost: SynAckLost, flowId: number, toMs: number): SynAckLost {
  const from = lost.doneMs ?? 0;
  if (toMs <= from) return lost;
  for (const rto of SYNACK_RETRANSMITS_MS) {
    const due = lost.atMs + rto;
    if (due < from) continue;
    if (due >= toMs) break;
    sendPacket(st, lost.netns, lost.pkt, {
      sender: lost.process,
      direction: "reply",
      label: "SYN-ACK (retransmission)",
      flowId,
    });
  }
  return { ...lost, doneMs: toMs };
}

/**
 * When the client's kernel resends an unanswered SYN, in ms after the first: Linux 6.x
 * backs off linearly first (net.ipv4.tcp_syn_linear_timeouts = 4: 1 s apart, the fifth
 * too), then doubles, and gives up at 131 s (SYN_GIVE_UP_MS). Measured on
 * the oracle as a DROP rule's counters after `curl -m N` for N from 1 to 16.
 */
const SYN_RETRANSMITS_MS = [1000, 2000, 3000, 4000, 5000, 7000, 11000, 19000, 35000, 67000];

/** When connect() gives up on unanswered SYNs (ETIMEDOUT), in ms after the first. */
export const SYN_GIVE_UP_MS = 131_072;
/** When connect() gives up on a next hop nobody answers ARP for (three probes a second apart, then EHOSTUNREACH), in ms. */
export const ARP_GIVE_UP_MS = 3072;

/**
 * The client waits `waitMs` for an answer to its SYN, resending it on the kernel's timer;
 * a retransmission due at or after `giveUpMs` is never sent (curl gave up first). Each
 * crosses the same hooks (counters, the conntrack entry in SYN_SENT) and meets the same
 * fate: a listener that got it answers again into the same void. The clock ends `waitMs` on.
 */
export function waitForSyn(st: WalkState, lost: LostSyn | undefined, waitMs: number, giveUpMs = waitMs): void {
  let at = lost?.sentMs ?? 0;
  const firstSyn = st.world.clock - at;
  let synAck = lost?.synAck;
  for (const due of lost ? SYN_RETRANSMITS_MS : []) {
    if (due <= at) continue;
    if (due >= giveUpMs) break;
    // The listener's own timer fires first at equal times: both land before the next line reads a counter.
    if (synAck) synAck = resendSynAcks(st, synAck, lost!.flowId, due + 1);
    advanceClock(st, due - at);
    at = due;
    const meta = {
      sender: lost!.process,
      direction: "original" as const,
      label: "SYN (retransmission)",
      flowId: lost!.flowId,
    };
    const d = sendPacket(st, lost!.netns, lost!.pkt, meta);
    if (d.kind === "delivered" && d.to.kind === "listener") {
      const reply = { ...tcpSegment("", 0, "", 0, ["SYN", "ACK"]), ...answerTo(d.pkt) };
      sendPacket(st, d.netns, reply, { ...meta, direction: "reply", label: "SYN-ACK", sender: d.to.listener.process });
    }
  }
  if (synAck) resendSynAcks(st, synAck, lost!.flowId, Math.min(waitMs, giveUpMs));
  advanceClock(st, Math.max(0, waitMs - at));
  // The client has given up; the listener has not, and resends on the world's clock.
  if (synAck) st.world = keepResending(st.world, synAck, firstSyn);
}

function isOurs(d: Delivery, sock: Socket): d is Extract<Delivery, { kind: "delivered" }> {
  return d.kind === "delivered" && d.to.kind === "socket" && d.to.socket === sock;
}

function portTaken(st: WalkState, netns: string, addr: string, port: number): boolean {
  for (const s of st.sockets) if (s.netns === netns && s.addr === addr && s.port === port) return true;
  return false;
}

/** A free ephemeral port (net.ipv4.ip_local_port_range 32768–60999) for a new socket. */
function ephemeralPort(st: WalkState, netns: string, addr: string): number {
  for (let i = 0; i < 64; i++) {
    const p = randomInt(st, 32768, 60999);
    if (!portTaken(st, netns, addr, p)) return p;
  }
  return 32768;
}

function removeSocket(st: WalkState, s: Socket): void {
  const i = st.sockets.indexOf(s);
  if (i >= 0) st.sockets.splice(i, 1);
}

/** connect(): the handshake from a process in `netns` to `dst:dport`. */
export function tcpConnect(
  st: WalkState,
  netns: string,
  process: string,
  dst0: string,
  dport: number,
  /** A local address the socket was bound to first (curl --interface). */
  bind?: string,
  /** How long the caller waits for the handshake: retransmissions due before then are sent here. */
  giveUpMs?: number,
): ConnectResult {
  // An IPv4-mapped destination (::ffff:127.0.0.1) leaves as IPv4; Linux connects 0.0.0.0 and :: to the host itself.
  const dst = dst0 === "0.0.0.0" ? "127.0.0.1" : dst0 === "::" ? "::1" : (v4Mapped(dst0) ?? dst0);
  const ns = getNs(st, netns);
  const route = ns && !isIpv6(dst) ? routeFor(ns, dst) : undefined;
  const src =
    bind ??
    (isIpv6(dst)
      ? ns
        ? source6(st, ns, dst)
        : dst
      : ns && route
        ? route.type === "local"
          ? dst
          : (sourceAddressFor(ns, route) ?? "0.0.0.0")
        : "0.0.0.0");
  const sport = ephemeralPort(st, netns, src);
  const client: Socket = { netns, proto: "tcp", addr: src, port: sport, process };
  st.sockets.push(client);
  const flowId = st.nextFlowId++;
  const meta = (dir: "original" | "reply", label: string, sender = process) => ({
    sender,
    direction: dir,
    label,
    flowId,
  });

  const synPkt = tcpSegment(src, sport, dst, dport, ["SYN"]);
  let lost: LostSyn = { netns, pkt: synPkt, process, flowId };
  let softError = false;
  let opened = false;
  let sinceFirst = 0;
  /** One SYN sent: the handshake's outcome, or "lost" when nothing came back. */
  const attempt = (label: string): ConnectResult | "lost" => {
    const syn = sendPacket(st, netns, synPkt, meta("original", label));
    if (syn.kind === "unreachable") return fail(st, client, "unreachable");
    // tcp_connect() counts the socket's first SYN, not its retransmissions.
    if (!opened) countSnmp(st, netns, "Tcp.ActiveOpens");
    opened = true;
    if (syn.kind === "rejected") {
      // The RST or ICMP error REJECT sends: connect() fails at once if it gets back (ECONNREFUSED, EHOSTUNREACH...).
      const ours = syn.replied !== undefined && isOurs(syn.replied, client);
      // An ICMPv6 error its own namespace sent (REJECT in OUTPUT or INPUT) is handled while
      // connect() still holds the socket, so tcp_v6_err keeps it as a soft error and the SYN is
      // resent; the error answering the resend fails connect() (the oracle: two SYNs counted for
      // one curl to [::1]). IPv4's REJECT in OUTPUT fails connect() at once (aj03).
      const looped = syn.netns === netns && isIpv6(dst);
      if (ours && looped && !softError && syn.replied?.kind === "delivered" && syn.replied.pkt.icmp) {
        softError = true;
        return "lost";
      }
      return fail(st, client, ours ? "refused" : "timeout");
    }
    if (syn.kind === "dropped") return syn.reason === "martian" ? fail(st, client, "no-neighbour") : "lost";
    if (syn.kind === "refused") {
      const rst = sendPacket(
        st,
        syn.netns,
        // tcp_v4_send_reset: a bare header, no options (40 bytes, as the oracle's counters show).
        { ...tcpSegment("", 0, "", 0, ["RST", "ACK"]), ...answerTo(syn.pkt), len: 40 },
        meta("reply", "RST", "kernel"),
      );
      return fail(st, client, isOurs(rst, client) ? "refused" : "timeout");
    }
    if (syn.to.kind !== "listener") return fail(st, client, "timeout");
    const listener = syn.to.listener;
    const seen = syn.pkt;
    const synAckPkt = { ...tcpSegment("", 0, "", 0, ["SYN", "ACK"]), ...answerTo(seen) };
    const synAck = sendPacket(st, syn.netns, synAckPkt, meta("reply", "SYN-ACK", listener.process));
    if (!isOurs(synAck, client)) {
      if (!lost.synAck)
        lost = { ...lost, synAck: { netns: syn.netns, pkt: synAckPkt, process: listener.process, atMs: sinceFirst } };
      return "lost";
    }
    const conn: TcpConn = {
      flowId,
      process,
      clientNs: netns,
      client,
      serverNs: syn.netns,
      listener,
      serverView: { src: seen.src, sport: seen.sport!, dst: seen.dst, dport: seen.dport! },
      dst,
      dport,
    };
    sendPacket(st, netns, tcpSegment(src, sport, dst, dport, ["ACK"]), meta("original", "ACK"));
    countSnmp(st, syn.netns, "Tcp.PassiveOpens");
    return { kind: "connected", conn };
  };
  const first = attempt("SYN");
  if (first !== "lost") return first;
  if (giveUpMs === undefined) return fail(st, client, "timeout", lost);
  // The kernel resends the SYN while the caller waits; a stateful rule (a limit, an nth
  // statistic) may let a later one through, and the connection is made then.
  let at = 0;
  for (const due of SYN_RETRANSMITS_MS) {
    if (due >= giveUpMs) break;
    if (lost.synAck) lost = { ...lost, synAck: resendSynAcks(st, lost.synAck, flowId, due + 1) };
    advanceClock(st, due - at);
    at = due;
    sinceFirst = due;
    const r = attempt("SYN (retransmission)");
    if (r !== "lost") return r;
  }
  if (lost.synAck) lost = { ...lost, synAck: resendSynAcks(st, lost.synAck, flowId, giveUpMs) };
  return fail(st, client, "timeout", { ...lost, sentMs: at });
}

function fail(
  st: WalkState,
  client: Socket,
  kind: "refused" | "timeout" | "unreachable" | "no-neighbour",
  lost?: LostSyn,
): ConnectResult {
  removeSocket(st, client);
  // A RST or an ICMP error ends a SYN_SENT socket in tcp_done(), which counts the failure.
  if (kind === "refused") countSnmp(st, client.netns, "Tcp.AttemptFails");
  return kind === "timeout" && lost ? { kind, lost } : { kind };
}

function fromClient(c: TcpConn, flags: readonly string[], data?: string): Packet {
  return tcpSegment(c.client.addr, c.client.port, c.dst, c.dport, flags, data);
}

function fromServer(c: TcpConn, flags: readonly string[], data?: string): Packet {
  const v = c.serverView;
  return tcpSegment(v.dst, v.dport, v.src, v.sport, flags, data);
}

function reachedServer(d: Delivery, c: TcpConn): boolean {
  return (
    d.kind === "delivered" && d.netns === c.serverNs && d.to.kind === "listener" && d.pkt.sport === c.serverView.sport
  );
}

/** The client sends `data`; true when it reached the server (which acknowledges it). */
export function clientSend(st: WalkState, c: TcpConn, data: string, label: string): boolean {
  const d = sendPacket(st, c.clientNs, fromClient(c, ["ACK", "PSH"], data), {
    sender: c.process,
    direction: "original",
    label,
    flowId: c.flowId,
  });
  if (!reachedServer(d, c)) return false;
  sendPacket(st, c.serverNs, fromServer(c, ["ACK"]), {
    sender: c.listener.process,
    direction: "reply",
    label: "ACK",
    flowId: c.flowId,
  });
  return true;
}

/** The server sends `data`; true when it reached the client (which acknowledges it). */
export function serverSend(st: WalkState, c: TcpConn, data: string, label: string): boolean {
  const d = sendPacket(st, c.serverNs, fromServer(c, ["ACK", "PSH"], data), {
    sender: c.listener.process,
    direction: "reply",
    label,
    flowId: c.flowId,
  });
  if (!isOurs(d, c.client)) return false;
  sendPacket(st, c.clientNs, fromClient(c, ["ACK"]), {
    sender: c.process,
    direction: "original",
    label: "ACK",
    flowId: c.flowId,
  });
  return true;
}

function clientMeta(c: TcpConn, label: string): SendMeta {
  return { sender: c.process, direction: "original", label, flowId: c.flowId };
}

function serverMeta(c: TcpConn, label: string): SendMeta {
  return { sender: c.listener.process, direction: "reply", label, flowId: c.flowId };
}

/** close() on both ends, the client first: FIN, FIN/ACK, ACK (conntrack ends in TIME_WAIT). */
export function tcpClose(st: WalkState, c: TcpConn, serverFirst = false): void {
  if (serverFirst) {
    sendPacket(st, c.serverNs, fromServer(c, ["ACK", "FIN"]), serverMeta(c, "FIN"));
    sendPacket(st, c.clientNs, fromClient(c, ["ACK", "FIN"]), clientMeta(c, "FIN"));
    sendPacket(st, c.serverNs, fromServer(c, ["ACK"]), serverMeta(c, "ACK"));
    const v = c.serverView;
    enterTimeWait(st, c.serverNs, { addr: v.dst, port: v.dport }, { addr: v.src, port: v.sport });
  } else {
    sendPacket(st, c.clientNs, fromClient(c, ["ACK", "FIN"]), clientMeta(c, "FIN"));
    sendPacket(st, c.serverNs, fromServer(c, ["ACK", "FIN"]), serverMeta(c, "FIN"));
    sendPacket(st, c.clientNs, fromClient(c, ["ACK"]), clientMeta(c, "ACK"));
    enterTimeWait(st, c.clientNs, c.client, { addr: c.dst, port: c.dport });
  }
  removeSocket(st, c.client);
}

/**
 * close() with SO_LINGER 0 on the server's end: a RST, and the client's connection is
 * gone at once (curl: Connection reset by peer; conntrack: CLOSE).
 */
export function tcpAbort(st: WalkState, c: TcpConn): void {
  sendPacket(st, c.serverNs, fromServer(c, ["RST", "ACK"]), serverMeta(c, "RST"));
  removeSocket(st, c.client);
}

/**
 * close() on the client's end only, as when it gives up waiting: its FIN, and the ACK the
 * server's kernel sends for it while the server process (frozen) never closes its end;
 * conntrack ends in CLOSE_WAIT.
 */
export function tcpHalfClose(st: WalkState, c: TcpConn): void {
  sendPacket(st, c.clientNs, fromClient(c, ["ACK", "FIN"]), clientMeta(c, "FIN"));
  sendPacket(st, c.serverNs, fromServer(c, ["ACK"]), serverMeta(c, "ACK"));
  removeSocket(st, c.client);
}

/**
 * The source address of an IPv6 connection (kernel/ipv6-route.ts): the destination when it
 * is the namespace's own, else the global address on the way out. Without a usable one (26's
 * bridge still in DAD) the kernel falls back on a link-local address the far end cannot
 * answer; the lab writes `::` for it and the walk drops the packet.
 */
export function source6(st: WalkState, ns: Netns, dst: string): string {
  const r = route6Of(st, ns, dst);
  return r.kind === "out" ? (r.src ?? "::") : dst;
}

/** The IPv6 route from `ns` to `dst` as the walk sees the namespaces now. */
export function route6Of(st: WalkState, ns: Netns, dst: string): Route6Result {
  return route6({ ...st.world, netns: { ...st.world.netns, ...Object.fromEntries(st.dirty) } }, ns, dst);
}
