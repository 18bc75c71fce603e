/**
 * What the walk does not carry but tcpdump prints: TCP sequence and acknowledgement
 * numbers, windows, options and timestamps, IP ids, DNS ids. They are derived from a
 * command's packets in the order they were sent, as Linux would number them: a random
 * initial sequence number per side (here a hash of the connection, so a replay prints
 * the same ones and capturing draws nothing from the world's random source), one
 * number per byte and per SYN or FIN, timestamps that follow the world's clock.
 */
import type { IcmpQuoted, PacketEvent, TraceEvent } from "../../trace/events.ts";

export interface TcpDeco {
  readonly seq: number;
  readonly ack: number;
  readonly win: number;
  /** tcpdump's option list, without brackets; "" for none. */
  readonly options: string;
  /** Payload bytes. */
  readonly length: number;
}

export interface Deco {
  readonly ipId: number;
  readonly df: boolean;
  /** The IP packet's total length as the wire has it. */
  readonly ipLen: number;
  readonly tcp?: TcpDeco;
  readonly dnsId?: number;
  /** The world's clock (ms) when it was sent. */
  readonly at: number;
  /** An ICMP error's quoted packet: the one it answers, as decorated when it was sent. */
  readonly quoted?: { readonly event: PacketEvent; readonly deco: Deco };
}

/** A 32-bit mix of numbers (splitmix-like), stable across runs. */
export function hash32(...ns: number[]): number {
  let h = 0x9e3779b9;
  for (const n of ns) {
    h = Math.imul(h ^ (n >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

interface Side {
  isn: number;
  next: number;
  ts: number;
  ipId: number;
  lo: boolean;
}

interface Conn {
  readonly t0: number;
  client?: Side;
  server?: Side;
}

const TCP_HEADER = 32;
const IP_HEADER = 20;

function tcpFlags(p: PacketEvent): ReadonlySet<string> {
  return new Set(p.headers.flags ?? []);
}

/** Every packet of a command, decorated; `t0` is the world's clock (ms) when it started. */
export function decorate(events: readonly TraceEvent[], t0: number): Map<number, Deco> {
  const firstRoute = new Map<number, string>();
  for (const e of events)
    if (e.type === "route" && !firstRoute.has(e.packetId)) firstRoute.set(e.packetId, e.routeText ?? "");
  const out = new Map<number, Deco>();
  const conns = new Map<number, Conn>();
  const dnsQueue = new Map<number, number[]>();
  const udpIds = new Map<string, number>();
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.type !== "packet") continue;
    const h = e.headers;
    const at = e.at ?? t0;
    const seed = hash32(t0, e.flowId);
    if (h.proto === "tcp") {
      let c = conns.get(e.flowId);
      if (!c) conns.set(e.flowId, (c = { t0: at }));
      out.set(e.packetId, tcpDeco(c, e, seed, at, firstRoute.get(e.packetId) ?? ""));
    } else if (h.proto === "udp") {
      const key = `${e.flowId}:${e.direction}`;
      const n = udpIds.get(key) ?? hash32(seed, e.direction === "original" ? 1 : 2) % 60000;
      udpIds.set(key, n + 1);
      let dnsId: number | undefined;
      if (h.dport === 53 || h.sport === 53) {
        let q = dnsQueue.get(e.flowId);
        if (!q) dnsQueue.set(e.flowId, (q = []));
        if (e.direction === "original") q.push((dnsId = hash32(seed, i) & 0xffff));
        else dnsId = q.shift() ?? hash32(seed, i) & 0xffff;
      }
      out.set(e.packetId, { ipId: n & 0xffff, df: true, ipLen: h.len, at, ...(dnsId !== undefined ? { dnsId } : {}) });
    } else {
      const request = e.icmp?.type === 8;
      const quoted = e.icmp?.inner ? quotedPacket(events, i, e.icmp.inner, out) : undefined;
      out.set(e.packetId, {
        ipId: hash32(seed, i) & 0xffff,
        df: request,
        ipLen: h.len,
        at,
        ...(quoted ? { quoted } : {}),
      });
    }
  }
  return out;
}

/** The latest packet before event `i` sent as `inner` says; an ICMP error is printed rarely, so a scan back is fine. */
function quotedPacket(
  events: readonly TraceEvent[],
  i: number,
  inner: IcmpQuoted,
  decos: ReadonlyMap<number, Deco>,
): Deco["quoted"] {
  for (let j = i - 1; j >= 0; j--) {
    const e = events[j]!;
    if (e.type !== "packet") continue;
    const h = e.headers;
    if (h.proto !== inner.proto || h.src !== inner.src || h.dst !== inner.dst) continue;
    if (h.sport !== inner.sport || h.dport !== inner.dport) continue;
    const deco = decos.get(e.packetId);
    return deco ? { event: e, deco } : undefined;
  }
  return undefined;
}

function tcpDeco(c: Conn, e: PacketEvent, seed: number, at: number, route: string): Deco {
  const f = tcpFlags(e);
  const client = e.direction === "original";
  const syn = f.has("SYN");
  const rst = f.has("RST");
  const lo = route.startsWith("local ");
  const ms = at - c.t0;
  if (syn) {
    const side: Side = {
      isn: hash32(seed, client ? 11 : 12),
      next: 0,
      ts: hash32(seed, client ? 21 : 22),
      ipId: client ? hash32(seed, 31) & 0xffff : 0,
      lo,
    };
    side.next = (side.isn + 1) >>> 0;
    if (client) c.client = side;
    else c.server = side;
    const mss = lo ? 65495 : 1460;
    const win = client ? (lo ? 65495 : 64240) : lo ? 65483 : 65160;
    const peer = client ? undefined : c.client;
    const tsVal = (side.ts + ms) >>> 0;
    const tsEcr = peer ? (peer.ts + ms) >>> 0 : 0;
    const ipId = client ? side.ipId++ : 0;
    return {
      ipId,
      df: true,
      ipLen: e.headers.len,
      at,
      tcp: {
        seq: side.isn,
        ack: peer ? peer.next : 0,
        win,
        options: `mss ${mss},sackOK,TS val ${tsVal} ecr ${tsEcr},nop,wscale 10`,
        length: 0,
      },
    };
  }
  const me = client ? c.client : c.server;
  const peer = client ? c.server : c.client;
  if (rst) {
    // The kernel's answer to a SYN nothing listens for: no options, no window.
    return {
      ipId: 0,
      df: true,
      ipLen: IP_HEADER + 20,
      at,
      tcp: { seq: 0, ack: peer ? peer.next : 0, win: 0, options: "", length: 0 },
    };
  }
  const length = Math.max(0, e.headers.len - IP_HEADER - TCP_HEADER);
  const mine: Side = me ?? { isn: hash32(seed, client ? 11 : 12), next: 0, ts: hash32(seed, 21), ipId: 1, lo };
  if (!me) {
    mine.next = (mine.isn + 1) >>> 0;
    if (client) c.client = mine;
    else c.server = mine;
  }
  const seq = mine.next;
  mine.next = (mine.next + length + (f.has("FIN") ? 1 : 0)) >>> 0;
  const win = client && !(c.client?.lo ?? false) ? 63 : 64;
  const tsVal = (mine.ts + ms) >>> 0;
  const tsEcr = peer ? (peer.ts + ms) >>> 0 : 0;
  return {
    ipId: mine.ipId++ & 0xffff,
    df: true,
    ipLen: e.headers.len,
    at,
    tcp: {
      seq,
      ack: peer ? peer.next : 0,
      win,
      options: `nop,nop,TS val ${tsVal} ecr ${tsEcr}`,
      length,
    },
  };
}
