/**
 * IPv6 as far as the lab's kernel carries it: the loopback address ::1 (docker-proxy
 * listens on [::] beside 0.0.0.0, so `curl http://[::1]:2024/` reaches it), IPv4-mapped
 * addresses (::ffff:a.b.c.d, which the kernel sends as IPv4), and the per-interface
 * `disable_ipv6` switch that takes an interface's IPv6 addresses away.
 */
import { isContainer } from "./netns.ts";
import { readSysctl } from "./sysctl.ts";
import type { Link, Netns } from "./types.ts";

export const IP6_LOOPBACK = "::1";

export function isIpv6(addr: string): boolean {
  return addr.includes(":");
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`), else undefined. */
export function v4Mapped(addr: string): string | undefined {
  const m = /^(?:0{0,4}:){0,5}:?ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i.exec(addr);
  return m ? m[1] : undefined;
}

/**
 * Whether IPv6 is off on `ifname`: its own `disable_ipv6`, or `all`'s (writing `all`
 * sets every interface in the kernel; the lab reads the two together).
 */
export function ipv6Disabled(ns: Netns, ifname: string): boolean {
  return (
    readSysctl(ns, "net.ipv6.conf.all.disable_ipv6") === "1" ||
    readSysctl(ns, `net.ipv6.conf.${ifname}.disable_ipv6`) === "1"
  );
}

/** Whether ::1 is configured: lo is up and IPv6 is on there. */
export function hasIpv6Loopback(ns: Netns): boolean {
  const lo = ns.links.find((l) => l.kind === "loopback");
  return lo !== undefined && lo.up && !ipv6Disabled(ns, lo.name);
}

/** The modified EUI-64 link-local address of a MAC, compressed as `ip` prints IPv6. */
export function linkLocalOf(mac: string): string {
  const b = mac.split(":").map((x) => parseInt(x, 16));
  const bytes = [b[0]! ^ 2, b[1]!, b[2]!, 0xff, 0xfe, b[3]!, b[4]!, b[5]!];
  const groups = [0xfe80, 0, 0, 0];
  for (let i = 0; i < 8; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  return formatIpv6(groups);
}

export function formatIpv6(groups: readonly number[]): string {
  // Compress the longest run of two or more zero groups.
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(":");
  return hex.slice(0, best).join(":") + "::" + hex.slice(best + bestLen).join(":");
}

export interface Ipv6Addr {
  readonly address: string;
  readonly prefixLen: number;
  readonly scope: "host" | "link";
}

/**
 * A link's IPv6 addresses: ::1 on lo; a link-local on a running link (or one up that had
 * its addrconf); none where `disable_ipv6` is set (Docker sets it on a container's eth0,
 * so containers show only ::1).
 */
export function ipv6AddrsOfLink(ns: Netns, link: Link, running: boolean): Ipv6Addr[] {
  if (ipv6Disabled(ns, link.name)) return [];
  if (link.kind === "loopback") return link.up ? [{ address: IP6_LOOPBACK, prefixLen: 128, scope: "host" }] : [];
  if (isContainer(ns.id) || !(running || (link.up && link.addrconf))) return [];
  return [{ address: linkLocalOf(link.mac), prefixLen: 64, scope: "link" }];
}

/** The eight 16-bit groups of an IPv6 address (undefined when it is not one). */
export function ipv6Groups(addr: string): number[] | undefined {
  const halves = addr.split("::");
  if (halves.length > 2) return undefined;
  const part = (h: string) => (h === "" ? [] : h.split(":").map((g) => parseInt(g, 16)));
  const head = part(halves[0]!);
  const tail = halves.length === 2 ? part(halves[1]!) : [];
  const fill = 8 - head.length - tail.length;
  if (fill < 0 || (halves.length === 1 && fill !== 0)) return undefined;
  const groups = [...head, ...Array<number>(fill).fill(0), ...tail];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}
