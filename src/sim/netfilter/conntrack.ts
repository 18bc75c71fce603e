/**
 * The connection tracker: finding a packet's entry (in either direction), creating
 * one for a connection's first packet, the TCP/UDP/ICMP state machines and timeouts,
 * expiry against `world.clock`, and the `conntrack -L` line of an entry.
 * Invariant: entries are immutable; every change returns a new entry or table.
 */
import type { ConntrackEntry, TcpState, Tuple } from "./conntrack-types.ts";

/** Headers as conntrack reads them. */
export interface CtPacket {
  readonly proto: "tcp" | "udp" | "icmp";
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  readonly flags?: readonly string[];
  /** ICMP echo: type (8 request, 0 reply), code, id. */
  readonly icmp?: { readonly type: number; readonly code: number; readonly id: number };
}

export type CtDirection = "original" | "reply";

/** Linux's default timeouts, in seconds (nf_conntrack_proto_{tcp,udp,icmp}.c). */
export const TCP_TIMEOUTS: Readonly<Record<TcpState, number>> = {
  SYN_SENT: 120,
  SYN_RECV: 60,
  ESTABLISHED: 432_000,
  FIN_WAIT: 120,
  CLOSE_WAIT: 60,
  LAST_ACK: 30,
  TIME_WAIT: 120,
  CLOSE: 10,
};
export const UDP_TIMEOUT = 30;
export const UDP_STREAM_TIMEOUT = 120;
export const ICMP_TIMEOUT = 30;
/** nf_conntrack_proto_udp: a flow counts as a stream once packets pass 2 s after the first reply. */
const UDP_STREAM_AFTER_MS = 2000;

/** The timeouts a namespace's sysctls set (`net.netfilter.nf_conntrack_*_timeout*`); the defaults above otherwise. */
export interface CtTimeouts {
  readonly tcp: Readonly<Record<TcpState, number>>;
  readonly udp: number;
  readonly udpStream: number;
  readonly icmp: number;
}

export const DEFAULT_TIMEOUTS: CtTimeouts = {
  tcp: TCP_TIMEOUTS,
  udp: UDP_TIMEOUT,
  udpStream: UDP_STREAM_TIMEOUT,
  icmp: ICMP_TIMEOUT,
};

const timeoutsCache = new WeakMap<object, CtTimeouts>();

/** The timeouts of a namespace, read from its sysctl values (they are per namespace, as in Linux). */
export function timeoutsOf(sysctl: Readonly<Record<string, string>>): CtTimeouts {
  const hit = timeoutsCache.get(sysctl);
  if (hit) return hit;
  const read = (name: string, dflt: number) => {
    const v = sysctl[`net.netfilter.nf_conntrack_${name}`];
    return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v.trim()) : dflt;
  };
  const tcp = {} as Record<TcpState, number>;
  for (const st of Object.keys(TCP_TIMEOUTS) as TcpState[])
    tcp[st] = read(`tcp_timeout_${st.toLowerCase()}`, TCP_TIMEOUTS[st]);
  const t: CtTimeouts = {
    tcp,
    udp: read("udp_timeout", UDP_TIMEOUT),
    udpStream: read("udp_timeout_stream", UDP_STREAM_TIMEOUT),
    icmp: read("icmp_timeout", ICMP_TIMEOUT),
  };
  timeoutsCache.set(sysctl, t);
  return t;
}

export function tupleOf(p: CtPacket): Tuple {
  if (p.proto === "icmp") return { src: p.src, dst: p.dst, ...(p.icmp ? { icmp: p.icmp } : {}) };
  return { src: p.src, dst: p.dst, sport: p.sport ?? 0, dport: p.dport ?? 0 };
}

/** The tuple a reply to `t` carries before any NAT: addresses and ports swapped, echo → echo-reply. */
export function invertTuple(t: Tuple): Tuple {
  if (t.icmp) {
    const type = t.icmp.type === 8 ? 0 : t.icmp.type === 0 ? 8 : t.icmp.type;
    return { src: t.dst, dst: t.src, icmp: { type, code: t.icmp.code, id: t.icmp.id } };
  }
  return { src: t.dst, dst: t.src, sport: t.dport ?? 0, dport: t.sport ?? 0 };
}

function sameTuple(a: Tuple, b: Tuple): boolean {
  if (a.src !== b.src || a.dst !== b.dst) return false;
  if (a.icmp || b.icmp) return !!a.icmp && !!b.icmp && a.icmp.id === b.icmp.id && a.icmp.type === b.icmp.type;
  return a.sport === b.sport && a.dport === b.dport;
}

/** Whole seconds left before the entry expires at `clock`, rounded down as the kernel prints them. */
export function remaining(e: ConntrackEntry, clock: number): number {
  return Math.floor((e.timeout * 1000 - (clock - e.updatedAt)) / 1000);
}

export function isLive(e: ConntrackEntry, clock: number): boolean {
  return clock - e.updatedAt < e.timeout * 1000;
}

/** The table without the entries that have timed out (what the kernel's GC would have removed). */
export function expire(table: readonly ConntrackEntry[], clock: number): readonly ConntrackEntry[] {
  for (let i = 0; i < table.length; i++) {
    if (!isLive(table[i]!, clock)) return table.filter((e) => isLive(e, clock));
  }
  return table;
}

export interface CtLookup {
  readonly entry: ConntrackEntry;
  readonly index: number;
  readonly direction: CtDirection;
}

export function lookup(table: readonly ConntrackEntry[], p: CtPacket, clock: number): CtLookup | undefined {
  for (let i = 0; i < table.length; i++) {
    const e = table[i]!;
    if (e.proto !== p.proto || !isLive(e, clock)) continue;
    if (tupleIsPacket(e.orig, p)) return { entry: e, index: i, direction: "original" };
    if (tupleIsPacket(e.reply, p)) return { entry: e, index: i, direction: "reply" };
  }
  return undefined;
}

/** `sameTuple(t, tupleOf(p))`, without building the packet's tuple (this runs for every entry on every packet). */
function tupleIsPacket(t: Tuple, p: CtPacket): boolean {
  if (t.src !== p.src || t.dst !== p.dst) return false;
  if (p.proto === "icmp") {
    const i = p.icmp;
    if (t.icmp || i) return !!t.icmp && !!i && t.icmp.id === i.id && t.icmp.type === i.type;
    return t.sport === undefined && t.dport === undefined;
  }
  if (t.icmp) return false;
  return t.sport === (p.sport ?? 0) && t.dport === (p.dport ?? 0);
}

/** Whether some live entry already expects replies to `t` (NAT must then pick another port). */
export function replyTupleTaken(table: readonly ConntrackEntry[], t: Tuple, clock: number): boolean {
  return table.some((e) => isLive(e, clock) && sameTuple(e.reply, t));
}

/**
 * A new, unconfirmed entry for a connection's first packet; its reply tuple is the plain
 * inverse until NAT. `events`: it will report them (someone listens, see ConntrackEntry).
 */
export function newEntry(
  p: CtPacket,
  id: number,
  clock: number,
  to: CtTimeouts = DEFAULT_TIMEOUTS,
  events = false,
): ConntrackEntry {
  const orig = tupleOf(p);
  const tcp = p.proto === "tcp";
  const base: ConntrackEntry = {
    id,
    proto: p.proto,
    orig,
    reply: invertTuple(orig),
    seenReply: false,
    assured: false,
    timeout: 0,
    updatedAt: clock,
    mark: 0,
    ...(events ? { events: true as const } : {}),
  };
  const timeout = tcp ? to.tcp.SYN_SENT : p.proto === "udp" ? to.udp : to.icmp;
  return entry(base, tcp ? "SYN_SENT" : undefined, false, false, timeout, clock);
}

/** A copy of `e` with new state, built field by field: entries are copied on every packet. */
function entry(
  e: ConntrackEntry,
  tcpState: TcpState | undefined,
  seenReply: boolean,
  assured: boolean,
  timeout: number,
  updatedAt: number,
): ConntrackEntry {
  const made = tcpState === undefined ? plain(e, seenReply, assured, timeout, updatedAt) : undefined;
  if (made) return e.events ? { ...made, events: true } : made;
  const tcp: ConntrackEntry = {
    id: e.id,
    proto: e.proto,
    orig: e.orig,
    reply: e.reply,
    tcpState,
    seenReply,
    assured,
    timeout,
    updatedAt,
    mark: e.mark,
  };
  return e.events ? { ...tcp, events: true } : tcp;
}

/** An entry without a TCP state (UDP, ICMP, IGMP). */
function plain(
  e: ConntrackEntry,
  seenReply: boolean,
  assured: boolean,
  timeout: number,
  updatedAt: number,
): ConntrackEntry {
  return {
    id: e.id,
    proto: e.proto,
    orig: e.orig,
    reply: e.reply,
    seenReply,
    assured,
    timeout,
    updatedAt,
    mark: e.mark,
  };
}

function nextTcpState(s: TcpState, dir: CtDirection, flags: readonly string[]): TcpState {
  if (flags.includes("RST")) return "CLOSE";
  const syn = flags.includes("SYN");
  const ack = flags.includes("ACK");
  const fin = flags.includes("FIN");
  switch (s) {
    case "SYN_SENT":
      return dir === "reply" && syn && ack ? "SYN_RECV" : s;
    case "SYN_RECV":
      return dir === "original" && ack && !syn ? (fin ? "FIN_WAIT" : "ESTABLISHED") : s;
    case "ESTABLISHED":
      return fin ? "FIN_WAIT" : s;
    case "FIN_WAIT":
      // The first FIN came from one side: its ACK means the other side has yet to close
      // (CLOSE_WAIT, nf_conntrack_proto_tcp's sFW → sCW); a FIN starts LAST_ACK.
      return fin ? "LAST_ACK" : ack ? "CLOSE_WAIT" : s;
    case "CLOSE_WAIT":
      return fin ? "LAST_ACK" : s;
    case "LAST_ACK":
      return ack && !fin ? "TIME_WAIT" : s;
    case "TIME_WAIT":
    case "CLOSE":
      return s;
  }
}

/** The entry after it has seen packet `p` travelling in `dir` at `clock`. */
export function advance(
  e: ConntrackEntry,
  p: CtPacket,
  dir: CtDirection,
  clock: number,
  to: CtTimeouts = DEFAULT_TIMEOUTS,
): ConntrackEntry {
  const seenReply = e.seenReply || dir === "reply";
  if (e.proto === "tcp") {
    const from = e.tcpState ?? "SYN_SENT";
    const tcpState = nextTcpState(from, dir, p.flags ?? []);
    const assured = e.assured || (from === "SYN_RECV" && tcpState === "ESTABLISHED");
    return entry(e, tcpState, seenReply, assured, to.tcp[tcpState], clock);
  }
  if (e.proto === "udp") {
    // A reply makes the flow two-way, but it only becomes a stream (ASSURED, 120 s) when
    // traffic still flows more than 2 s after that — which a DNS exchange never does.
    const stream = e.seenReply && clock - e.updatedAt > UDP_STREAM_AFTER_MS;
    const assured = e.assured || stream;
    return entry(e, undefined, seenReply, assured, assured ? to.udpStream : to.udp, clock);
  }
  return entry(e, undefined, seenReply, e.assured, to.icmp, clock);
}

/**
 * A TCP connection whose only answer is a reset was never established: the kernel
 * deletes its entry at once (tcp_packet: "If only reply is a RST, we can consider
 * ourselves not to have an established connection"), so a refused connection leaves none.
 */
export function killedByReset(e: ConntrackEntry, p: CtPacket, dir: CtDirection): boolean {
  return e.proto === "tcp" && dir === "reply" && !e.seenReply && (p.flags ?? []).includes("RST");
}

/**
 * The entry's IPS_SRC_NAT and IPS_DST_NAT bits: nf_nat_setup_info sets one only when the
 * NAT changed the tuple (an address or a port; REDIRECT may keep the address), so they
 * read off the reply tuple. `--ctstate SNAT/DNAT` and `conntrack --src-nat/--dst-nat` test them.
 */
export const natBits = {
  src: (e: ConntrackEntry): boolean => e.orig.src !== e.reply.dst || e.orig.sport !== e.reply.dport,
  dst: (e: ConntrackEntry): boolean => e.orig.dst !== e.reply.src || e.orig.dport !== e.reply.sport,
};

/** The state a packet is seen in, as `-m conntrack --ctstate` tests it. */
export function ctstateOf(e: ConntrackEntry, dir: CtDirection): "NEW" | "ESTABLISHED" {
  return dir === "reply" || e.seenReply ? "ESTABLISHED" : "NEW";
}

const PROTO_NUM = { tcp: 6, udp: 17, icmp: 1, igmp: 2 } as const;
/** nf_conntrack_generic's timeout, for protocols conntrack has no tracker for (IGMP). */
export const GENERIC_TIMEOUT = 600;

function tupleText(t: Tuple): string {
  return t.icmp
    ? `src=${t.src} dst=${t.dst} type=${t.icmp.type} code=${t.icmp.code} id=${t.icmp.id}`
    : t.sport === undefined
      ? `src=${t.src} dst=${t.dst}`
      : `src=${t.src} dst=${t.dst} sport=${t.sport} dport=${t.dport}`;
}

/** One line of `conntrack -L` (conntrack-tools 1.4.7), without the newline. */
export function formatEntry(e: ConntrackEntry, clock: number): string {
  // A packet's entry is written at the hook that finds it and again where it is
  // confirmed, unchanged in between: keep the last line written.
  if (e === lastEntry && clock === lastClock) return lastText;
  lastEntry = e;
  lastClock = clock;
  return (lastText = writeEntry(e, clock));
}
let lastEntry: ConntrackEntry | undefined;
let lastClock = 0;
let lastText = "";

function writeEntry(e: ConntrackEntry, clock: number): string {
  let text = `${PROTO_HEAD[e.proto]} ${Math.max(0, remaining(e, clock))}`;
  if (e.tcpState) text += " " + e.tcpState;
  text += " " + tupleText(e.orig);
  if (!e.seenReply) text += " [UNREPLIED]";
  text += " " + tupleText(e.reply);
  if (e.assured) text += " [ASSURED]";
  return text + ` mark=${e.mark} use=1`;
}

/** The line's first two columns per protocol: the name padded to 8, then the number. */
const PROTO_HEAD: Readonly<Record<ConntrackEntry["proto"], string>> = {
  tcp: `${"tcp".padEnd(8)} ${PROTO_NUM.tcp}`,
  udp: `${"udp".padEnd(8)} ${PROTO_NUM.udp}`,
  icmp: `${"icmp".padEnd(8)} ${PROTO_NUM.icmp}`,
  igmp: `${"unknown".padEnd(8)} ${PROTO_NUM.igmp}`,
};
