/**
 * A packet on its way through the simulated kernel: IPv4 + TCP/UDP/ICMP headers and
 * the application bytes it carries (as text). Packets live only while a command
 * runs; they are never stored in the world.
 */
import type { Headers, IcmpFields } from "../../trace/events.ts";

/** The order the kernel's trace prints TCP flags in (`SYN ACK`, `ACK PSH`, `ACK FIN`). */
export const TCP_FLAG_ORDER = ["SYN", "ACK", "FIN", "RST", "URG", "PSH"] as const;

export interface Packet {
  readonly proto: "tcp" | "udp" | "icmp";
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  readonly flags?: readonly string[];
  readonly icmp?: IcmpFields;
  readonly ttl: number;
  /** Total IP length in bytes (headers included), as the trace's LEN= prints it. */
  readonly len: number;
  /** The application bytes, as text (an HTTP request, a DNS question). */
  readonly data?: string;
}

export const IP_HEADER = 20;
export const IP6_HEADER = 40;
/** TCP header with the options Linux sends on a SYN (MSS, SACK, timestamps, wscale). */
export const TCP_SYN_HEADER = 40;
/** TCP header with the timestamp option, on every later segment. */
export const TCP_HEADER = 32;
export const UDP_HEADER = 8;
export const ICMP_ECHO_HEADER = 8;

export function icmpTypeName(p: Packet): string | undefined {
  if (!p.icmp) return undefined;
  return p.icmp.type === 8 ? "echo-request" : p.icmp.type === 0 ? "echo-reply" : `type-${p.icmp.type}`;
}

export function headersOf(p: Packet): Headers {
  return {
    proto: p.proto,
    src: p.src,
    dst: p.dst,
    sport: p.sport,
    dport: p.dport,
    flags: p.flags,
    icmpType: p.icmp ? icmpTypeName(p) : undefined,
    ttl: p.ttl,
    len: p.len,
    quoted: p.icmp?.inner,
  };
}

// eslint-disable-next-line no-control-regex -- every 7-bit character is one byte
const ASCII = /^[\x00-\x7f]*$/;

/** Text length in bytes (UTF-8), for LEN= and Content-Length. */
export function byteLength(s: string): number {
  // The same payloads (a response's headers, then its page) cross every hop of a walk,
  // in turns: the last two measured are remembered.
  if (s === lastText) return lastLength;
  if (s === prevText) return prevLength;
  prevText = lastText;
  prevLength = lastLength;
  lastText = s;
  return (lastLength = utf8Length(s));
}
let lastText = "";
let lastLength = 0;
let prevText = "";
let prevLength = 0;

function utf8Length(s: string): number {
  if (ASCII.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? (i++, 4) : 3;
  }
  return n;
}

export function tcpSegment(
  src: string,
  sport: number,
  dst: string,
  dport: number,
  flags: readonly string[],
  data?: string,
): Packet {
  const payload = data === undefined ? 0 : byteLength(data);
  const header = flags.includes("SYN") ? TCP_SYN_HEADER : TCP_HEADER;
  // An IPv6 header is 40 bytes (the oracle's ip6tables counters: 80 for a SYN).
  const len = (dst.includes(":") ? IP6_HEADER : IP_HEADER) + header + payload;
  return data !== undefined
    ? { proto: "tcp", src, dst, sport, dport, flags, ttl: 64, len, data }
    : { proto: "tcp", src, dst, sport, dport, flags, ttl: 64, len };
}

export function udpDatagram(
  src: string,
  sport: number,
  dst: string,
  dport: number,
  data: string,
  size: number,
): Packet {
  return { proto: "udp", src, dst, sport, dport, ttl: 64, len: IP_HEADER + UDP_HEADER + size, data };
}

/** The same packet with its addresses and ports swapped: the shape of an answer. */
export function answerTo(p: Packet): Pick<Packet, "src" | "dst" | "sport" | "dport"> {
  return {
    src: p.dst,
    dst: p.src,
    ...(p.dport !== undefined ? { sport: p.dport } : {}),
    ...(p.sport !== undefined ? { dport: p.sport } : {}),
  };
}

/** The packet with another TTL (an explicit copy: spreading packets of many shapes is slow in V8). */
export function withTtl(p: Packet, ttl: number): Packet {
  return {
    proto: p.proto,
    src: p.src,
    dst: p.dst,
    sport: p.sport,
    dport: p.dport,
    flags: p.flags,
    icmp: p.icmp,
    ttl,
    len: p.len,
    data: p.data,
  };
}
