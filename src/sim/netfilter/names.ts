/**
 * Names iptables translates to and from numbers: protocols (/etc/protocols),
 * ports (/etc/services, in names-services.ts), ICMP types (libxt_icmp), LOG
 * levels, and the few host and network names the lab's /etc/hosts and
 * /etc/networks give. Lookups are total: an unknown value yields undefined.
 */
import { TCP_SERVICES, UDP_SERVICES } from "./names-services.ts";

/** /etc/protocols, the protocols iptables accepts by name (`-p tcp`) or number. */
export const PROTOCOLS: Readonly<Record<string, number>> = {
  icmp: 1,
  igmp: 2,
  tcp: 6,
  udp: 17,
  ipv6: 41,
  gre: 47,
  esp: 50,
  ah: 51,
  "ipv6-icmp": 58,
  ipip: 94,
  sctp: 132,
  udplite: 136,
};

export function protoNumber(name: string): number | undefined {
  return Object.hasOwn(PROTOCOLS, name) ? PROTOCOLS[name] : undefined;
}

export function protoName(num: number): string | undefined {
  for (const [name, n] of Object.entries(PROTOCOLS)) if (n === num) return name;
  return undefined;
}

export function portToService(port: number, proto: "tcp" | "udp"): string | undefined {
  const table = proto === "tcp" ? TCP_SERVICES : UDP_SERVICES;
  return Object.hasOwn(table, port) ? table[port] : undefined;
}

/** xtables_getportbyname: getaddrinfo with no protocol, so `--dport http` works for udp too. */
export function serviceToPort(name: string): number | undefined {
  for (const table of [TCP_SERVICES, UDP_SERVICES]) {
    for (const [port, n] of Object.entries(table)) if (n === name) return Number(port);
  }
  return undefined;
}

/** libxt_icmp's table: name, type, and the code range it stands for. Order matters for printing. */
export const ICMP_TYPES: readonly (readonly [name: string, type: number, codeMin: number, codeMax: number])[] = [
  ["any", 0xff, 0, 0xff],
  ["echo-reply", 0, 0, 0xff],
  ["pong", 0, 0, 0xff],
  ["destination-unreachable", 3, 0, 0xff],
  ["network-unreachable", 3, 0, 0],
  ["host-unreachable", 3, 1, 1],
  ["protocol-unreachable", 3, 2, 2],
  ["port-unreachable", 3, 3, 3],
  ["fragmentation-needed", 3, 4, 4],
  ["source-route-failed", 3, 5, 5],
  ["network-unknown", 3, 6, 6],
  ["host-unknown", 3, 7, 7],
  ["network-prohibited", 3, 9, 9],
  ["host-prohibited", 3, 10, 10],
  ["TOS-network-unreachable", 3, 11, 11],
  ["TOS-host-unreachable", 3, 12, 12],
  ["communication-prohibited", 3, 13, 13],
  ["host-precedence-violation", 3, 14, 14],
  ["precedence-cutoff", 3, 15, 15],
  ["source-quench", 4, 0, 0xff],
  ["redirect", 5, 0, 0xff],
  ["network-redirect", 5, 0, 0],
  ["host-redirect", 5, 1, 1],
  ["TOS-network-redirect", 5, 2, 2],
  ["TOS-host-redirect", 5, 3, 3],
  ["echo-request", 8, 0, 0xff],
  ["ping", 8, 0, 0xff],
  ["router-advertisement", 9, 0, 0xff],
  ["router-solicitation", 10, 0, 0xff],
  ["time-exceeded", 11, 0, 0xff],
  ["ttl-exceeded", 11, 0, 0xff],
  ["ttl-zero-during-transit", 11, 0, 0],
  ["ttl-zero-during-reassembly", 11, 1, 1],
  ["parameter-problem", 12, 0, 0xff],
  ["ip-header-bad", 12, 0, 0],
  ["required-option-missing", 12, 1, 1],
  ["timestamp-request", 13, 0, 0xff],
  ["timestamp-reply", 14, 0, 0xff],
  ["address-mask-request", 17, 0, 0xff],
  ["address-mask-reply", 18, 0, 0xff],
];

/** An ICMP type as the rule stores it: `any`, `8` (every code) or `3/1` (one code). */
export interface IcmpSpec {
  readonly type: number;
  readonly codeMin: number;
  readonly codeMax: number;
}

export function icmpSpecToText(s: IcmpSpec): string {
  if (s.type === 0xff) return "any";
  return s.codeMin === 0 && s.codeMax === 0xff ? String(s.type) : `${s.type}/${s.codeMin}`;
}

/** Parses what `--icmp-type` accepts, and the stored form. */
export function parseIcmpType(text: string): IcmpSpec | undefined {
  const named = ICMP_TYPES.find(([name]) => name === text);
  if (named) return { type: named[1], codeMin: named[2], codeMax: named[3] };
  const m = /^(\d{1,3})(?:\/(\d{1,3}))?$/.exec(text);
  if (!m) return undefined;
  const type = Number(m[1]);
  if (type > 255) return undefined;
  if (m[2] === undefined) return { type, codeMin: 0, codeMax: 0xff };
  const code = Number(m[2]);
  return code > 255 ? undefined : { type, codeMin: code, codeMax: code };
}

/** Whether an ICMP message of this type and code matches a stored `--icmp-type` (`any`, `8`, `3/1`). */
export function icmpTypeMatches(stored: string, type: number, code: number): boolean {
  const s = parseIcmpType(stored);
  if (!s) return false;
  if (s.type === 0xff) return true;
  return s.type === type && code >= s.codeMin && code <= s.codeMax;
}

export function icmpName(s: IcmpSpec): string | undefined {
  const hit = ICMP_TYPES.find(([, t, lo, hi]) => t === s.type && lo === s.codeMin && hi === s.codeMax);
  return hit?.[0];
}

/** syslog levels as `--log-level` takes them; `-L` prints the first name for a number. */
export const LOG_LEVEL_NAMES: readonly (readonly [string, number])[] = [
  ["emerg", 0],
  ["alert", 1],
  ["crit", 2],
  ["err", 3],
  ["warn", 4],
  ["notice", 5],
  ["info", 6],
  ["debug", 7],
  ["panic", 0],
  ["error", 3],
  ["warning", 4],
];

/** /etc/hosts of the lab's host: what gethostbyaddr finds without DNS. */
const HOSTS: Readonly<Record<string, string>> = { "127.0.0.1": "localhost" };
/** /etc/networks. */
const NETWORKS: Readonly<Record<string, string>> = { "127.0.0.0": "loopback", "169.254.0.0": "link-local" };

export function hostByName(name: string): string | undefined {
  for (const [addr, n] of Object.entries(HOSTS)) if (n === name) return addr;
  return undefined;
}

/** xtables_ipaddr_to_anyname: a host name, else a network name, else the number. */
export function addrToAnyName(addr: string): string {
  if (Object.hasOwn(HOSTS, addr)) return HOSTS[addr]!;
  if (Object.hasOwn(NETWORKS, addr)) return NETWORKS[addr]!;
  return addr;
}
