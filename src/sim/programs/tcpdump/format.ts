/**
 * A packet line as tcpdump 4.99.3 prints it (checked against the oracle's): the
 * timestamp, `IP src.port > dst.port:`, then TCP's flags, sequence numbers
 * (relative after the handshake, as print-tcp.c's tcp_seq_hash makes them), window,
 * options and length with the HTTP request or status line on port 80; DNS on port 53;
 * ICMP echo. `-e` puts the Ethernet header first, `-v` the IP header's fields on a line
 * of their own, `-q` the short form, `-i any` the interface and direction.
 */
import { parseIpv4 } from "../../ipv4.ts";
import type { Deco } from "./decorate.ts";
import { asciiDump, hexDump, packetBytes } from "./dump.ts";
import { hash32 } from "./decorate.ts";
import type { Sighting } from "./sightings.ts";
import type { IcmpQuoted } from "../../trace/events.ts";
import { isIcmpError, unreachText } from "./icmp-text.ts";
import type { TcpdumpOptions, TcpSeqEntry } from "./types.ts";
import { RAW_DATAGRAM } from "../udp-send.ts";

/** What a capture remembers between packets. */
export interface FormatState {
  readonly tcpSeq: Record<string, TcpSeqEntry>;
  lastUs: number | undefined;
}

const two = (n: number) => String(n).padStart(2, "0");

function clockText(us: number, mode: number, lastUs: number | undefined): string {
  const ms = Math.floor(us / 1000);
  const frac = String(us % 1_000_000).padStart(6, "0");
  const d = new Date(ms);
  const hms = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${frac}`;
  if (mode === 2) return `${Math.floor(us / 1_000_000)}.${frac} `;
  if (mode === 3) {
    const delta = lastUs === undefined ? 0 : us - lastUs;
    const s = Math.floor(delta / 1_000_000);
    return ` ${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}.${String(delta % 1_000_000).padStart(6, "0")} `;
  }
  if (mode === 4) return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${hms} `;
  if (mode >= 1) return "";
  return hms + " ";
}

/** print-tcp.c's flag letters, in its order. */
function flagText(flags: readonly string[]): string {
  const f = new Set(flags);
  let s = "";
  if (f.has("FIN")) s += "F";
  if (f.has("SYN")) s += "S";
  if (f.has("RST")) s += "R";
  if (f.has("PSH")) s += "P";
  if (f.has("ACK")) s += ".";
  if (f.has("URG")) s += "U";
  return s === "" ? "none" : s;
}

const HTTP_PORTS = new Set([80, 8080, 3128]);
const HTTP_START = /^(GET|HEAD|POST|PUT|DELETE|OPTIONS|TRACE|CONNECT|PATCH) \S+ HTTP\/\d\.\d$|^HTTP\/\d\.\d \d{3}/;

/** The HTTP part of a segment on an HTTP port. */
function httpText(data: string | undefined, length: number, verbose: number): string {
  const lines = (data ?? "").split("\r\n");
  const first = lines[0] ?? "";
  if (!HTTP_START.test(first)) return ": HTTP";
  if (verbose === 0) return `: HTTP: ${first}`;
  const head: string[] = [];
  for (const l of lines) {
    head.push(l);
    if (l === "") break;
  }
  return `: HTTP, length: ${length}` + head.map((l) => `\n\t${l}`).join("");
}

function addrPort(a: string, port: number | undefined): string {
  return port === undefined ? a : `${a}.${port}`;
}

const IP_HEADER_LEN = 20;
const hex4 = (n: number) => `0x${n.toString(16).padStart(4, "0")}`;

/**
 * A socket's segment leaves with its checksum offloaded (CHECKSUM_PARTIAL): the field
 * holds only the pseudo-header's sum (NAT keeps it so), and nothing on these veths fills
 * it in, so tcpdump -v calls it incorrect. A reset the kernel makes itself is summed whole.
 */
function cksumText(s: Sighting, seq: number, ack: number, len: number, tcpLen: number): string {
  const whole = hex4(hash32(seq, ack, len) & 0xffff);
  if (s.packet.sender === "kernel") return `${whole} (correct)`;
  const h = s.headers;
  let sum = 6 + tcpLen;
  for (const a of [h.src, h.dst]) {
    const n = parseIpv4(a) ?? 0;
    sum += (n >>> 16) + (n & 0xffff);
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return `${hex4(sum)} (incorrect -> ${whole})`;
}

function tcpText(s: Sighting, d: Deco, o: TcpdumpOptions, st: FormatState): string {
  const h = s.headers;
  const t = d.tcp!;
  if (o.quick) return `tcp ${t.length}`;
  const flags = h.flags ?? [];
  let seq = t.seq;
  let ack = t.ack;
  const hasAck = flags.includes("ACK");
  if (!o.absolute && hasAck) {
    const src = parseIpv4(h.src) ?? 0;
    const dst = parseIpv4(h.dst) ?? 0;
    const sport = h.sport ?? 0;
    const dport = h.dport ?? 0;
    const rev = src > dst || (src === dst && sport > dport);
    const key = rev ? `${h.dst}.${dport}>${h.src}.${sport}` : `${h.src}.${sport}>${h.dst}.${dport}`;
    const th = Object.hasOwn(st.tcpSeq, key) ? st.tcpSeq[key] : undefined;
    if (!th || flags.includes("SYN")) {
      st.tcpSeq[key] = rev ? { key, ack: seq, seq: (ack - 1) >>> 0 } : { key, seq, ack: (ack - 1) >>> 0 };
    } else if (rev) {
      seq = (seq - th.ack) >>> 0;
      ack = (ack - th.seq) >>> 0;
    } else {
      seq = (seq - th.seq) >>> 0;
      ack = (ack - th.ack) >>> 0;
    }
  }
  let out = `Flags [${flagText(flags)}]`;
  if (o.verbose > 0) out += `, cksum ${cksumText(s, t.seq, t.ack, t.length, d.ipLen - IP_HEADER_LEN)}`;
  const control = flags.includes("SYN") || flags.includes("FIN") || flags.includes("RST");
  if (o.verbose > 1 || t.length > 0 || control) {
    out += `, seq ${seq}`;
    if (t.length > 0) out += `:${(seq + t.length) >>> 0}`;
  }
  if (hasAck) out += `, ack ${ack}`;
  out += `, win ${t.win}`;
  if (t.options !== "") out += `, options [${t.options}]`;
  out += `, length ${t.length}`;
  if (t.length > 0 && (HTTP_PORTS.has(h.sport ?? 0) || HTTP_PORTS.has(h.dport ?? 0))) {
    out += httpText(s.packet.data, t.length, o.verbose);
  }
  return out;
}

/** The resolver's and the DNS server's messages, as the walk carries them: `A baidu.com` and `A baidu.com NOERROR`. */
function dnsText(s: Sighting, d: Deco, o: TcpdumpOptions): string {
  const size = d.ipLen - 28;
  const id = d.dnsId ?? 0;
  const [qtype = "A", name = "", rcode] = (s.packet.data ?? "").split(" ");
  if (rcode === undefined) return `${id}+ ${qtype}? ${name}. (${size})`;
  if (rcode === "NXDOMAIN") return `${id} NXDomain 0/0/0 (${size})`;
  const m = / (\d+\.\d+\.\d+\.\d+)$/.exec(s.packet.label);
  if (!m || qtype !== "A") return `${id} 0/0/0 (${size})`;
  return `${id} 1/0/0 ${o.verbose > 0 ? `${name}. ` : ""}A ${m[1]} (${size})`;
}

function payloadText(s: Sighting, d: Deco, o: TcpdumpOptions, st: FormatState): string {
  const h = s.headers;
  if (h.proto === "tcp" && d.tcp) return tcpText(s, d, o, st);
  if (h.proto === "udp") {
    const dns = h.sport === 53 || h.dport === 53;
    // Bytes a program wrote itself (bash's /dev/udp) to DNS's or mDNS's port: tcpdump reads them as DNS all the same.
    const raw = s.packet.label === RAW_DATAGRAM && (dns || h.sport === 5353 || h.dport === 5353);
    if (!o.quick && raw && d.ipLen - 28 < 12) return `domain [length ${d.ipLen - 28} < 12] (invalid)`;
    if (!o.quick && dns && !raw && s.packet.data !== undefined) return dnsText(s, d, o);
    return `UDP, length ${d.ipLen - 28}`;
  }
  const icmp = s.packet.icmp;
  if (h.src.includes(":")) return icmp6Text(s, d);
  const length = d.ipLen - 20;
  if (icmp && (icmp.type === 8 || icmp.type === 0)) {
    return `ICMP echo ${icmp.type === 8 ? "request" : "reply"}, id ${icmp.id}, seq ${icmp.seq}, length ${length}`;
  }
  if (icmp?.type === 3 && icmp.inner) return `ICMP ${unreachText(icmp.code, quotedOnWire(s))}, length ${length}`;
  if (icmp?.type === 11 && icmp.code < 2)
    return `ICMP ${icmp.code === 0 ? "time exceeded in-transit" : "ip reassembly time exceeded"}, length ${length}`;
  return `ICMP type-#${icmp?.type ?? 0}, length ${length}`;
}

/** ICMPv6 as tcpdump words it (its echo carries IPv4's type numbers in the lab's packets). */
function icmp6Text(s: Sighting, d: Deco): string {
  const icmp = s.packet.icmp;
  const length = d.ipLen - 40;
  if (icmp && (icmp.type === 8 || icmp.type === 0))
    return `ICMP6, echo ${icmp.type === 8 ? "request" : "reply"}, id ${icmp.id}, seq ${icmp.seq}, length ${d.ipLen - 20}`;
  const q = icmp?.inner;
  if (icmp?.type === 1 && q) {
    const why = icmp.code === 4 ? "unreachable port" : icmp.code === 1 ? "unreachable prohibited" : "unreachable route";
    return `ICMP6, destination unreachable, ${why}, ${q.dst} ${q.proto} port ${q.dport ?? 0}, length ${length}`;
  }
  return `ICMP6, type-#${icmp?.type ?? 0}, length ${length}`;
}

/** The quoted header as this wire carries it: NAT rewrites it with the outer header (a DNATed port's refusal quotes the port the sender chose). */
function quotedOnWire(s: Sighting): IcmpQuoted {
  return s.headers.quoted ?? { ...s.packet.icmp!.inner!, src: s.headers.dst };
}

/** -v's account of an ICMP error's quoted packet, under it, as ip_print prints any packet. */
function quotedText(s: Sighting, d: Deco, o: TcpdumpOptions): string {
  const q = d.quoted;
  const inner = s.packet.icmp?.inner;
  if (!q || !inner || o.verbose === 0) return "";
  const onWire = quotedOnWire(s);
  const qs: Sighting = { ...s, packet: q.event, headers: { ...q.event.headers, ...onWire, ttl: inner.ttl ?? 64 } };
  const scratch: FormatState = { tcpSeq: {}, lastUs: undefined };
  return `\n\tIP ${ipText(qs, q.deco, o, scratch)}`;
}

const PROTO_NUMBER = { tcp: 6, udp: 17, icmp: 1 } as const;

/** A fragment never carries DF (ip_fragment's pieces are sent without it); `+` marks more to come. */
function ipFlags(s: Sighting, d: Deco): string {
  if (s.frag) return s.frag.more ? "+" : "none";
  return d.df ? "DF" : "none";
}

const PROTO_TEXT = { tcp: "TCP (6)", udp: "UDP (17)", icmp: "ICMP (1)" } as const;

/** One packet as tcpdump prints it (without the trailing newline). */
export function formatSighting(
  s: Sighting,
  d0: Deco,
  us: number,
  o: TcpdumpOptions,
  st: FormatState,
  n: number,
): string {
  // A fragment is its own IP packet: its length, and (past the first) no transport header to read.
  const d = s.frag ? { ...d0, ipLen: s.frag.len } : d0;
  const line = sightingLine(s, d, us, o, st, n);
  if (o.dump === undefined) return line;
  const bytes = packetBytes(s, d);
  return line + (o.dump === "A" ? asciiDump(bytes) : hexDump(bytes, o.dump === "X"));
}

/** The IP packet after tcpdump's `IP `: with -v its header's fields on a line of their own. */
function ipText(s: Sighting, d: Deco, o: TcpdumpOptions, st: FormatState): string {
  const h = s.headers;
  const later = s.frag !== undefined && s.frag.offset > 0;
  const ends = later
    ? `${h.src} > ${h.dst}: ip-proto-${PROTO_NUMBER[h.proto]}`
    : `${addrPort(h.src, h.sport)} > ${addrPort(h.dst, h.dport)}: ${payloadText(s, d, o, st)}`;
  // IPv6's -v header (flowlabel, hlim, next-header) is not drawn: the line alone.
  if (o.verbose === 0 || h.src.includes(":")) return ends;
  const tos = s.packet.icmp && isIcmpError(s.packet.icmp.type) ? "0xc0" : "0x0";
  const ipHead =
    `(tos ${tos}, ttl ${h.ttl}, id ${d.ipId}, offset ${s.frag?.offset ?? 0}, flags [${ipFlags(s, d)}], ` +
    `proto ${PROTO_TEXT[h.proto]}, length ${d.ipLen})`;
  return `${ipHead}\n    ${ends}${quotedText(s, d, o)}`;
}

function sightingLine(s: Sighting, d: Deco, us: number, o: TcpdumpOptions, st: FormatState, n: number): string {
  let prefix = o.number ? `${String(n).padStart(5)}  ` : "";
  prefix += clockText(us, o.timestamps, st.lastUs);
  st.lastUs = us;
  if (o.iface === "any") prefix += `${s.iface.padEnd(5)} ${s.dir.padEnd(3)} `;
  const ip = ipText(s, d, o, st);
  if (o.link && o.iface === "any") {
    // Linux cooked v2: the interface index and the sender's address only, a 20-byte header.
    return `${prefix}ifindex ${s.ifindex} ${s.srcMac} ethertype IPv4 (0x0800), length ${d.ipLen + 20}: ${ip}`;
  }
  if (o.link) return `${prefix}${s.srcMac} > ${s.dstMac}, ethertype IPv4 (0x0800), length ${d.ipLen + 14}: ${ip}`;
  return `${prefix}${s.headers.src.includes(":") ? "IP6" : "IP"} ${ip}`;
}
