/**
 * Whether a parsed pcap filter accepts one packet as tcpdump sees it on the wire: the
 * evaluation half of libpcap's compiled program, over the fields a lab packet has.
 */
import type { Arith, Dir, FilterNode } from "./types.ts";

/** What a filter can test of one packet as it is on the wire where tcpdump sees it. */
export interface Seen {
  readonly proto: "tcp" | "udp" | "icmp";
  /** An IPv6 packet: `ip6`, `icmp6` and `ip6[...]` see it; IPv4's primitives and loads do not. */
  readonly six?: boolean;
  readonly src: number;
  readonly dst: number;
  readonly sport?: number;
  readonly dport?: number;
  /** The TCP flags byte. */
  readonly tcpFlags: number;
  readonly icmpType?: number;
  readonly icmpCode?: number;
  readonly ttl: number;
  /** The IP packet's length; the frame is 14 bytes longer. */
  readonly len: number;
  readonly srcMac: string;
  readonly dstMac: string;
  /** What a TCP segment carries, for loads past its header (`tcp[((tcp[12:1] & 0xf0) >> 2):4]`). */
  readonly payload?: string;
}

function inNet(a: number, addr: number, bits: number): boolean {
  if (bits === 0) return true;
  const mask = (0xffffffff << (32 - bits)) >>> 0;
  return (a & mask) >>> 0 === addr;
}

function byDir(dir: Dir, src: boolean, dst: boolean): boolean {
  if (dir === "src") return src;
  if (dir === "dst") return dst;
  if (dir === "src and dst") return src && dst;
  return src || dst;
}

const PROTO_NUM = { tcp: 6, udp: 17, icmp: 1 } as const;

/** One byte-range of a header, as the filter's `proto[offset:size]` loads it (undefined: not that protocol). */
function load(p: Seen, proto: string, offset: number, size: number): number | undefined {
  const bytes: number[] = [];
  if ((proto === "ip6" || proto === "icmp6") !== (p.six === true)) return undefined;
  if (proto === "ip6" || proto === "icmp6") {
    // The 40-byte header (no extension headers), then ICMPv6's type and code (echo: 128, 129).
    if (proto === "ip6") {
      const plen = Math.max(0, p.len - 40);
      const next = p.proto === "icmp" ? 58 : PROTO_NUM[p.proto];
      bytes.push(0x60, 0, 0, 0, plen >> 8, plen & 0xff, next, p.ttl, ...new Array<number>(32).fill(0));
    }
    if (p.proto === "icmp") {
      const t = p.icmpType === 8 ? 128 : p.icmpType === 0 ? 129 : (p.icmpType ?? 0);
      bytes.push(t, p.icmpCode ?? 0, 0, 0);
    } else if (proto === "icmp6") return undefined;
  } else if (proto === "ip") {
    bytes.push(0x45, 0, p.len >> 8, p.len & 0xff, 0, 0, 0x40, 0, p.ttl, PROTO_NUM[p.proto], 0, 0);
    for (const a of [p.src, p.dst]) bytes.push(a >>> 24, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff);
  } else if (proto === "tcp" || proto === "udp") {
    if (p.proto !== proto) return undefined;
    const sp = p.sport ?? 0;
    const dp = p.dport ?? 0;
    bytes.push(sp >> 8, sp & 0xff, dp >> 8, dp & 0xff);
    if (proto === "tcp") {
      // A 32-byte header (its data offset 8): the timestamps' options, then the payload.
      bytes.push(0, 0, 0, 0, 0, 0, 0, 0, 0x80, p.tcpFlags, 0, 0, 0, 0, 0, 0);
      bytes.push(1, 1, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0);
      const data = p.payload ?? "";
      for (let i = 0; i < data.length && i < 1500; i++) bytes.push(data.charCodeAt(i) & 0xff);
    } else bytes.push(0, 0, 0, 0);
  } else if (proto === "icmp") {
    if (p.proto !== "icmp") return undefined;
    bytes.push(p.icmpType ?? 0, p.icmpCode ?? 0, 0, 0);
  } else return undefined;
  if (offset + size > bytes.length) return 0;
  let n = 0;
  for (let i = 0; i < size; i++) n = n * 256 + bytes[offset + i]!;
  return n;
}

function arith(a: Arith, p: Seen): number | undefined {
  switch (a.kind) {
    case "num":
      return a.value;
    case "len":
      return p.len + 14;
    case "load": {
      const off = arith(a.offset, p);
      return off === undefined ? undefined : load(p, a.proto, off, a.size);
    }
    case "bin": {
      const l = arith(a.left, p);
      const r = arith(a.right, p);
      if (l === undefined || r === undefined) return undefined;
      switch (a.op) {
        case "&":
          return (l & r) >>> 0;
        case "|":
          return (l | r) >>> 0;
        case "+":
          return (l + r) >>> 0;
        case "-":
          return (l - r) >>> 0;
        case "*":
          return Math.imul(l, r) >>> 0;
        case "/":
          return r === 0 ? undefined : Math.floor(l / r);
        case "<<":
          return (l << r) >>> 0;
        case ">>":
          return l >>> r;
      }
    }
  }
}

/** Whether the filter accepts the packet. */
export function matches(f: FilterNode | undefined, p: Seen): boolean {
  if (!f) return true;
  switch (f.kind) {
    case "and":
      return matches(f.left, p) && matches(f.right, p);
    case "or":
      return matches(f.left, p) || matches(f.right, p);
    case "not":
      return !matches(f.expr, p);
    case "true":
      return true;
    case "false":
      return false;
    case "proto":
      if (f.proto === "ip") return p.six !== true;
      if (f.proto === "ip6") return p.six === true;
      if (f.proto === "icmp" || f.proto === "icmp6")
        return p.proto === "icmp" && (f.proto === "icmp6") === (p.six === true);
      return f.proto === p.proto;
    case "host":
      if (p.six) return false;
      return byDir(f.dir, inNet(p.src, f.addr, f.bits), inNet(p.dst, f.addr, f.bits));
    case "port": {
      if (p.proto === "icmp" || (f.proto !== undefined && f.proto !== p.proto)) return false;
      const inRange = (n: number | undefined) => n !== undefined && n >= f.from && n <= f.to;
      return byDir(f.dir, inRange(p.sport), inRange(p.dport));
    }
    case "ether":
      return byDir(f.dir, p.srcMac === f.mac, p.dstMac === f.mac);
    case "len":
      return f.op === ">=" ? p.len + 14 >= f.value : p.len + 14 <= f.value;
    case "relop": {
      const l = arith(f.left, p);
      const r = arith(f.right, p);
      if (l === undefined || r === undefined) return false;
      switch (f.op) {
        case "=":
          return l === r;
        case "!=":
          return l !== r;
        case "<":
          return l < r;
        case ">":
          return l > r;
        case "<=":
          return l <= r;
        case ">=":
          return l >= r;
      }
    }
  }
}
