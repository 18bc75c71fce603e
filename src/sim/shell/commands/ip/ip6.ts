/**
 * `ip -6`: what IPv6 a Docker host has. Each link that is up with a link-local address
 * (ip-links.ts `ipv6AddrsOf`) has its kernel route `fe80::/64`, in the order the links
 * got the address (the uplink first, a bridge once its first port came up, right after
 * that port); containers have IPv6 off, so they list no routes and only lo's ::1.
 * `ip -6 addr` is `ip addr` cut to the links and lines of IPv6, with iproute2's shorter
 * header for a family-filtered dump (no qdisc, group or link line; one link by name keeps its
 * qdisc and group). A link without carrier flags its route `linkdown`, as an IPv4 one.
 */
import { cidr6Text, parseCidr6 } from "../../../kernel/ipv6.ts";
import { isContainer } from "../../../kernel/netns.ts";
import type { Link, Netns } from "../../../kernel/types.ts";
import type { World } from "../../../world.ts";
import type { Ctx } from "./ip-common.ts";
import { ipv6AddrsOf, viewLink } from "./ip-links.ts";

interface Ll {
  readonly link: Link;
  readonly address: string;
  readonly running: boolean;
  /** Sort key: when the link got its address, as far as the lab can tell. */
  readonly order: number;
}

function linkLocals(world: World, ns: Netns): Ll[] {
  // A container has a link-local address only where Docker left IPv6 on (an --ipv6 network).
  if (isContainer(ns.id) && !ns.links.some((l) => l.dadDone !== undefined)) return [];
  const out: Ll[] = [];
  for (const link of ns.links) {
    if (link.kind === "loopback") continue;
    const v = viewLink(world, ns, link);
    const a = ipv6AddrsOf(ns, v).find((x) => x.scope === "link" || x.scope === "host");
    if (!a) continue;
    let order = link.ifindex;
    // The uplink was up before Docker made anything.
    if (link.name === "eth0" && !link.master) order = -1;
    else if (link.kind === "bridge") {
      // A bridge gets its address when its first port comes up: it follows that port. One
      // given fe80::1 by Docker 26 (an --ipv6 network) has had its route since it was made.
      const given = (ns.addrs6 ?? []).some((x) => x.ifname === link.name && x.address.startsWith("fe80:"));
      order = given ? link.ifindex : (link.addrconfAfter ?? link.ifindex) + 0.5;
    }
    out.push({ link, address: a.address, running: v.running, order });
  }
  return out.sort((a, b) => a.order - b.order);
}

/** The prefix routes of the IPv6 addresses given to links that are up, by prefix (the kernel's tree order). */
function prefixRoutes(world: World, ns: Netns): { dst: string; link: Link; running: boolean }[] {
  const out: { dst: string; link: Link; running: boolean }[] = [];
  for (const a of ns.addrs6 ?? []) {
    const link = ns.links.find((l) => l.name === a.ifname);
    const c = parseCidr6(`${a.address}/${a.prefixLen}`);
    // A given link-local address's route is its link's fe80::/64 (linkLocals).
    if (!link || !link.up || !c || a.address.startsWith("fe80:")) continue;
    const dst = cidr6Text(c);
    if (!out.some((r) => r.dst === dst && r.link === link))
      out.push({ dst, link, running: viewLink(world, ns, link).running });
  }
  return out.sort((a, b) => (a.dst < b.dst ? -1 : a.dst > b.dst ? 1 : 0));
}

/** `ip -6 route [show] [dev D] [table local]` (busybox's spelling in a container) */
export function showRoutes6(c: Ctx, dev: string | undefined, table: string): string {
  const lls = linkLocals(c.world, c.ns).filter((l) => dev === undefined || l.link.name === dev);
  const on = (name: string) => (dev === undefined ? `dev ${name} ` : "");
  if (table === "local" || table === "255") {
    const lo = c.ns.links.find((l) => l.kind === "loopback" && l.up);
    let s =
      lo && (dev === undefined || dev === lo.name)
        ? `local ::1 ${dev === undefined ? "dev lo " : ""}proto kernel metric 0 pref medium\n`
        : "";
    // A link without carrier loses its address's local route and flags its multicast one.
    const byAddr = [...lls].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
    for (const l of byAddr)
      if (l.running) s += `local ${l.address} ${on(l.link.name)}proto kernel metric 0 pref medium\n`;
    for (const l of lls)
      s += `multicast ff00::/8 ${on(l.link.name)}proto kernel metric 256 ${l.running ? "" : "linkdown "}pref medium\n`;
    return s;
  }
  if (table !== "main" && table !== "254" && table !== "all") return "";
  const prefixes = prefixRoutes(c.world, c.ns).filter((r) => dev === undefined || r.link.name === dev);
  const others = (c.ns.routes6 ?? []).filter((r) => dev === undefined || r.dev === dev);
  if (c.flavor === "busybox") {
    // busybox names neither proto nor pref, and lists the multicast route of each link with IPv6.
    let s = "";
    for (const r of prefixes) s += `${r.dst} dev ${r.link.name}  metric 256 \n`;
    for (const l of lls) s += `fe80::/64 dev ${l.link.name}  metric 256 \n`;
    for (const r of others) s += `${r.dst}${r.via ? ` via ${r.via}` : ""} dev ${r.dev}  metric ${r.metric} \n`;
    for (const l of lls) s += `multicast ff00::/8 dev ${l.link.name}  metric 256 \n`;
    return s;
  }
  const down = (running: boolean) => (running ? "" : "linkdown ");
  return (
    prefixes.map((r) => `${r.dst} ${on(r.link.name)}proto kernel metric 256 ${down(r.running)}pref medium\n`).join("") +
    lls.map((l) => `fe80::/64 ${on(l.link.name)}proto kernel metric 256 ${down(l.running)}pref medium\n`).join("") +
    others.map((r) => `${r.dst}${r.via ? ` via ${r.via}` : ""} ${on(r.dev)}metric ${r.metric} pref medium\n`).join("")
  );
}

/** `ip -6 addr` from the full listing: links with an IPv6 address, their inet6 lines only. */
export function inet6Only(text: string, mode: "full" | "brief" | "oneline", oneDev = false): string {
  if (mode === "oneline")
    return text
      .split(/(?<=\n)/)
      .filter((l) => / inet6 /.test(l))
      .join("");
  if (mode === "brief") {
    return text
      .split(/(?<=\n)/)
      .map((l) => l.replace(/\d+\.\d+\.\d+\.\d+\/\d+ /g, ""))
      .filter((l) => /[0-9a-f]*:[0-9a-f:]*\/\d+ /.test(l.slice(32)))
      .join("");
  }
  let out = "";
  for (const block of text.split(/(?=^\d+: )/m)) {
    if (!block.includes("    inet6 ")) continue;
    const lines = block.split(/(?<=\n)/);
    // A dump filtered by family carries no qdisc or group; one link asked for by name keeps them.
    const header = oneDev
      ? lines[0]!
      : lines[0]!
          .replace(/qdisc \S+ /, "")
          .replace(/master \S+ /, "")
          .replace(/group \S+ ?/, "")
          .replace(/ +\n$/, "\n");
    out += header;
    for (let i = 1; i < lines.length; i++) {
      if (!lines[i]!.startsWith("    inet6 ")) continue;
      out += lines[i]!;
      if (lines[i + 1]?.startsWith("       valid_lft")) out += lines[i + 1]!;
    }
  }
  return out;
}
