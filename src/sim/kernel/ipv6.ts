/**
 * IPv6 as far as the lab's kernel carries it: the loopback address ::1 (docker-proxy
 * listens on [::] beside 0.0.0.0, so `curl http://[::1]:2024/` reaches it), IPv4-mapped
 * addresses (::ffff:a.b.c.d, which the kernel sends as IPv4), and the per-interface
 * `disable_ipv6` switch that takes an interface's IPv6 addresses away.
 */
import { isContainer } from "./netns.ts";
import { readSysctl } from "./sysctl.ts";
import { formatIpv6 } from "../ipv6.ts";
import { nextInt, type RngState } from "../rng.ts";
export * from "../ipv6.ts";
import type { Addr6, Link, Netns, Route6 } from "./types.ts";

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

export interface Ipv6Addr {
  readonly address: string;
  readonly prefixLen: number;
  readonly scope: "host" | "link" | "global";
  /** IFA_F_NODAD (iproute2 prints `nodad`, busybox `flags 02`). */
  readonly nodad?: boolean;
  /** Duplicate address detection has not ended: the address cannot be used yet. */
  readonly tentative?: boolean;
}

/**
 * A link's IPv6 addresses, newest scope first as the kernel lists them: those given to it
 * (`addrs6`, Docker's on an `--ipv6` network), then its link-local on a running link (or
 * one up that had its addrconf); ::1 on lo; none where `disable_ipv6` is set (Docker sets
 * it on a container's eth0 on a network without IPv6, so such containers show only ::1).
 * `now` (the lab's clock) tells whether duplicate address detection is still running.
 */
export function ipv6AddrsOfLink(ns: Netns, link: Link, running: boolean, now = 0): Ipv6Addr[] {
  if (ipv6Disabled(ns, link.name)) return [];
  if (link.kind === "loopback") return link.up ? [{ address: IP6_LOOPBACK, prefixLen: 128, scope: "host" }] : [];
  const dadRunning = link.dadDone !== undefined && now < link.dadDone;
  const given: Ipv6Addr[] = (ns.addrs6 ?? [])
    .filter((a) => a.ifname === link.name)
    .reverse()
    .map((a) => ({
      address: a.address,
      prefixLen: a.prefixLen,
      scope: a.address.startsWith("fe80:") ? "link" : "global",
      ...(a.nodad ? { nodad: true } : {}),
      // Without carrier DAD waits; with it, it runs until dadDone.
      ...(!a.nodad && (!running || link.dadDone === undefined || dadRunning) ? { tentative: true } : {}),
    }));
  // A container's link has a link-local address only where Docker left IPv6 on (it then runs DAD).
  if (isContainer(ns.id) ? link.dadDone === undefined || !link.up : !(running || (link.up && link.addrconf)))
    return given;
  // A link-local address given by hand (26's fe80::1 on its bridge) stands for the derived one.
  if (given.some((a) => a.scope === "link")) return given;
  const ll: Ipv6Addr = { address: linkLocalOf(link.mac), prefixLen: 64, scope: "link" };
  return [...given, dadRunning ? { ...ll, tentative: true } : ll];
}

/** The time duplicate address detection takes: a random delay below rtr_solicit_delay (1 s), then one probe waited on for 1 s. */
export function dadMs(rng: RngState): [number, RngState] {
  const [r, next] = nextInt(rng, 0, 999);
  return [1000 + r, next];
}

/** Duplicate address detection starts on a link at `now` (its carrier came on), unless it already ran there. */
export function startDad(ns: Netns, ifname: string, now: number, rng: RngState): [Netns, RngState] {
  const link = ns.links.find((l) => l.name === ifname);
  if (!link || link.dadDone !== undefined) return [ns, rng];
  const [ms, next] = dadMs(rng);
  return [{ ...ns, links: ns.links.map((l) => (l.name === ifname ? { ...l, dadDone: now + ms } : l)) }, next];
}

/** An IPv6 address given to a link (`ip -6 addr add`, or Docker's on an `--ipv6` network). */
export function addAddress6(ns: Netns, addr: Addr6): Netns {
  const have = ns.addrs6 ?? [];
  if (have.some((a) => a.ifname === addr.ifname && a.address === addr.address)) return ns;
  return { ...ns, addrs6: [...have, addr] };
}

/** An IPv6 route beside the derived ones (a container's default route via its gateway). */
export function addRoute6(ns: Netns, route: Route6): Netns {
  return { ...ns, routes6: [...(ns.routes6 ?? []), route] };
}
