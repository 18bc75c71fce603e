/**
 * The words of a pcap-filter(7) expression as libpcap's scanner cuts them, and the names
 * and numbers it knows without asking a resolver.
 */
import { parseIpv4 } from "../../ipv4.ts";
export const SYNTAX = "can't parse filter expression: syntax error";

/** /etc/services, the entries a learner names. */
export const SERVICES: Readonly<Record<string, number>> = {
  ftp: 21, ssh: 22, telnet: 23, smtp: 25, domain: 53, bootps: 67, bootpc: 68, http: 80, www: 80, pop3: 110,
  ntp: 123, imap: 143, snmp: 161, https: 443, mysql: 3306, postgresql: 5432, "http-alt": 8080,
}; // prettier-ignore

/** Names pcap knows inside `[...]` and on the right of a relop. */
export const CONSTANTS: Readonly<Record<string, number>> = {
  tcpflags: 13, "tcp-fin": 0x01, "tcp-syn": 0x02, "tcp-rst": 0x04, "tcp-push": 0x08, "tcp-ack": 0x10,
  "tcp-urg": 0x20, "tcp-ece": 0x40, "tcp-cwr": 0x80, icmptype: 0, icmpcode: 1, "icmp-echoreply": 0,
  "icmp-unreach": 3, "icmp-echo": 8, "icmp-timxceed": 11,
}; // prettier-ignore

export const PROTOS = new Set(["ip", "ip6", "arp", "rarp", "tcp", "udp", "icmp", "icmp6", "ether", "sctp", "igmp"]);
export const KEYWORDS = new Set([
  "and", "or", "not", "src", "dst", "host", "net", "port", "portrange", "mask", "greater", "less", "len",
  "broadcast", "multicast", "gateway", "proto", "vlan", ...PROTOS,
]); // prettier-ignore

export type Tok = { readonly t: "word"; readonly v: string } | { readonly t: "op"; readonly v: string };

export function lex(text: string): Tok[] | undefined {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\n") {
      i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (["&&", "||", "!=", "<=", ">=", "==", "<<", ">>"].includes(two)) {
      out.push({ t: "op", v: two === "==" ? "=" : two });
      i += 2;
      continue;
    }
    if ("()[]:!&|=<>+-*/".includes(c)) {
      out.push({ t: "op", v: c });
      i++;
      continue;
    }
    const m = /^[A-Za-z0-9_.:/-]+/.exec(text.slice(i));
    if (!m) return undefined;
    let w = m[0];
    // `tcp[13]:` never happens; a colon belongs to a MAC (6 groups) only.
    if (w.includes(":") && !/^([0-9a-fA-F]{1,2}:){5}[0-9a-fA-F]{1,2}$/.test(w)) w = w.slice(0, w.indexOf(":"));
    out.push({ t: "word", v: w });
    i += w.length;
  }
  return out;
}

/** inet_aton's forms: `10.88.0.4`, `10.88` (net only), `1.2.3` = 1.2.0.3. */
export function hostAddress(s: string): number | undefined {
  if (!/^\d+(\.\d+){0,3}$/.test(s)) return undefined;
  const parts = s.split(".").map(Number);
  if (parts.some((p) => p > 255) && parts.length === 4) return undefined;
  if (parts.length === 4) return parseIpv4(s) ?? undefined;
  if (parts.length === 1) return parts[0]! >>> 0;
  const last = parts[parts.length - 1]!;
  const head = parts.slice(0, -1);
  let n = 0;
  for (const p of head) n = n * 256 + p;
  n = n * 2 ** (8 * (4 - head.length));
  return (n + last) >>> 0;
}
