/**
 * `ip -6`: what IPv6 a Docker host has. Each link that is up with a link-local address
 * (ip-links.ts `ipv6AddrsOf`) has its kernel route `fe80::/64`, in the order the links
 * got the address (the uplink first, a bridge once its first port came up, right after
 * that port); containers have IPv6 off, so they list no routes and only lo's ::1.
 * `ip -6 addr` is `ip addr` cut to the links and lines of IPv6, with iproute2's shorter
 * header for a family-filtered dump (no qdisc, group or link line; one link by name keeps its
 * qdisc and group). A link without carrier flags its route `linkdown`, as an IPv4 one.
 */
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
  if (isContainer(ns.id)) return [];
  const out: Ll[] = [];
  for (const link of ns.links) {
    if (link.kind === "loopback") continue;
    const v = viewLink(world, ns, link);
    const a = ipv6AddrsOf(ns, v)[0];
    if (!a) continue;
    let order = link.ifindex;
    // The uplink was up before Docker made anything.
    if (link.name === "eth0" && !link.master) order = -1;
    else if (link.kind === "bridge") {
      // A bridge gets its address when its first port comes up: it follows that port.
      order = (link.addrconfAfter ?? link.ifindex) + 0.5;
    }
    out.push({ link, address: a.address, running: v.running, order });
  }
  return out.sort((a, b) => a.order - b.order);
}

/** `ip -6 route [show] [dev D] [table local]` */
export function showRoutes6(c: Ctx, dev: string | undefined, table: string): string {
  const lls = linkLocals(c.world, c.ns).filter((l) => dev === undefined || l.link.name === dev);
  const on = (l: Ll) => (dev === undefined ? `dev ${l.link.name} ` : "");
  if (table === "local" || table === "255") {
    const lo = c.ns.links.find((l) => l.kind === "loopback" && l.up);
    let s =
      lo && (dev === undefined || dev === lo.name)
        ? `local ::1 ${dev === undefined ? "dev lo " : ""}proto kernel metric 0 pref medium\n`
        : "";
    // A link without carrier loses its address's local route and flags its multicast one.
    const byAddr = [...lls].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
    for (const l of byAddr) if (l.running) s += `local ${l.address} ${on(l)}proto kernel metric 0 pref medium\n`;
    for (const l of lls)
      s += `multicast ff00::/8 ${on(l)}proto kernel metric 256 ${l.running ? "" : "linkdown "}pref medium\n`;
    return s;
  }
  if (table !== "main" && table !== "254" && table !== "all") return "";
  return lls
    .map((l) => `fe80::/64 ${on(l)}proto kernel metric 256 ${l.running ? "" : "linkdown "}pref medium\n`)
    .join("");
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
