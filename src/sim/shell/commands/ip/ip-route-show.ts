/**
 * How `ip route` prints the main and local tables and answers `ip route get`, in
 * iproute2 6.1's and busybox 1.35's words, trailing blanks included, as recorded from
 * the oracle. Apart from ip-show.ts, whose links and addresses routes never print.
 */
import { earnsRedirect } from "../../../kernel/stack/redirect.ts";
import { maskOf, parseCidr, parseIpv4 } from "../../../ipv4.ts";
import { hasIpv6Loopback } from "../../../kernel/ipv6.ts";
import { hasCarrier } from "../../../kernel/netns.ts";
import { localTable, lookupRoute, lookupRouteBy, primaryAddress, sourceAddressFor } from "../../../kernel/route.ts";
import { TABLE_LOCAL, TABLE_MAIN } from "../../../kernel/rules.ts";
import { tableName } from "./ip-rule.ts";
import type { Netns, Route } from "../../../kernel/types.ts";
import type { World } from "../../../world.ts";
import type { IpFlavor } from "./ip-show.ts";

function dstText(r: Route): string {
  if (r.dst === "default") return "default";
  return r.dst.endsWith("/32") ? r.dst.slice(0, -3) : r.dst;
}

/** One main-table route as `ip route` prints it (the trailing blank is iproute2's). */
export function formatRoute(
  world: World,
  ns: Netns,
  route: Route,
  flavor: IpFlavor = "iproute2",
  hideDev = false,
  details = false,
): string {
  // -d names the route type, and the protocol and scope iproute2 otherwise leaves out.
  const r =
    details && flavor === "iproute2"
      ? { ...route, proto: route.proto ?? "boot", scope: route.scope ?? "global" }
      : route;
  let s = `${details && flavor === "iproute2" ? "unicast " : ""}${dstText(r)} `;
  if (r.via !== undefined) s += `via ${r.via} `;
  if (!hideDev) s += `dev ${r.dev} `;
  if (flavor === "busybox") {
    if (r.scope !== undefined && r.scope !== "global") s += `scope ${r.scope} `;
    if (r.src !== undefined) s += ` src ${r.src} `;
    if (r.metric) s += ` metric ${r.metric} `;
    return s;
  }
  if (r.proto !== undefined && (r.proto !== "boot" || details)) s += `proto ${r.proto} `;
  if (r.scope !== undefined && (r.scope !== "global" || details)) s += `scope ${r.scope} `;
  if (r.src !== undefined) s += `src ${r.src} `;
  if (r.metric) s += `metric ${r.metric} `;
  const link = ns.links.find((l) => l.name === r.dev);
  if (link && link.up && !hasCarrier(world, ns.id, link)) s += "linkdown ";
  return s;
}

/** `ip route [show [dev X]]` */
export function showRoutes(
  world: World,
  ns: Netns,
  flavor: IpFlavor,
  dev?: string,
  details = false,
  select: RouteSelect = {},
): string {
  return (
    ns.routes
      .filter((r) => (dev === undefined || r.dev === dev) && selected(r, select))
      // Filtered by device, protocol or scope, iproute2 leaves that out of each line.
      .map((r) => {
        const { proto, scope, ...rest } = r;
        const shown: Route = {
          ...rest,
          ...(proto !== undefined && select.proto === undefined ? { proto } : {}),
          ...(scope !== undefined && select.scope === undefined ? { scope } : {}),
        };
        return formatRoute(world, ns, shown, flavor, dev !== undefined && flavor === "iproute2", details) + "\n";
      })
      .join("")
  );
}

/** `ip route show`'s selectors: `proto`, `scope`, `via`, `src`, and a prefix (`root`, `match`, `exact`). */
export interface RouteSelect {
  readonly proto?: string;
  readonly scope?: string;
  readonly via?: string;
  readonly src?: string;
  readonly prefix?: { readonly how: "root" | "match" | "exact"; readonly network: number; readonly len: number };
}

function selected(r: Route, s: RouteSelect): boolean {
  if (s.proto !== undefined && (r.proto ?? "boot") !== s.proto) return false;
  if (s.scope !== undefined && (r.scope ?? "global") !== s.scope) return false;
  if (s.via !== undefined && r.via !== s.via) return false;
  if (s.src !== undefined && r.src !== s.src) return false;
  if (s.prefix) {
    const p = s.prefix;
    const len = prefixOf(r);
    const net = r.dst === "default" ? 0 : (parseCidr(r.dst)?.network ?? 0);
    if (p.how === "exact") return len === p.len && net === p.network;
    // match: routes that hold the prefix; root: routes the prefix holds.
    if (p.how === "match") return len <= p.len && (p.network & maskOf(len)) >>> 0 === net;
    return len >= p.len && (net & maskOf(p.len)) >>> 0 === p.network;
  }
  return true;
}

/**
 * `ip route show table local`: the kernel's local and broadcast routes (kernel/route.ts
 * derives them). A broadcast route on a link without carrier is flagged `linkdown` as a
 * main-table route is; a local one is not (fib_sync_down_dev leaves RTN_LOCAL's nexthop be).
 * busybox names no protocol, and its dump of `table all` asks for IPv6 too: lo's ::1.
 */
export function showLocalTable(
  world: World,
  ns: Netns,
  dev?: string,
  named = false,
  flavor: IpFlavor = "iproute2",
): string {
  const v4 = localTable(ns)
    .filter((r) => dev === undefined || r.dev === dev)
    .map((r) => {
      const devText = dev === undefined ? `dev ${r.dev} ` : "";
      const table = named ? "table local " : "";
      if (flavor === "busybox") return `${r.type} ${dstText(r)} ${devText}${table}scope ${r.scope}  src ${r.src} \n`;
      const link = r.type === "broadcast" ? ns.links.find((l) => l.name === r.dev) : undefined;
      const down = link && link.up && !hasCarrier(world, ns.id, link) ? "linkdown " : "";
      return `${r.type} ${dstText(r)} ${devText}${table}proto kernel scope ${r.scope} src ${r.src} ${down}\n`;
    })
    .join("");
  const lo6 = flavor === "busybox" && named && (dev === undefined || dev === "lo") && hasIpv6Loopback(ns);
  return v4 + (lo6 ? `local ::1 ${dev === undefined ? "dev lo " : ""}table local  metric 0 \n` : "");
}

export type RouteGetResult = { readonly ok: true; readonly text: string } | { readonly ok: false };

/**
 * The kernel names the table a route came from unless it is main; while no rule was
 * added the local table is merged into main (fib_unmerge splits them at the first).
 */
function withTable(ns: Netns, r: RouteGetResult, table: number | undefined, flavor: IpFlavor): RouteGetResult {
  if (!r.ok || table === undefined || table === TABLE_MAIN || flavor === "busybox") return r;
  if (table === TABLE_LOCAL && ns.rules === undefined) return r;
  return { ok: true, text: r.text.replace(/ dev \S+ /, (m) => `${m}table ${tableName(table)} `) };
}

/** `ip route get ADDR`: the kernel's answer (the rules choosing the table), or unreachable. */
export function routeGet(
  ns: Netns,
  dst: string,
  flavor: IpFlavor,
  from?: string,
  /** `iif DEV` (with `from`): the route a packet arriving there would take, not one this machine sends. */
  opts: { readonly oif?: string; readonly mark?: number; readonly iif?: string } = {},
): RouteGetResult {
  const hit = lookupRouteBy(ns, dst, {
    ...(from !== undefined ? { src: from } : {}),
    ...(opts.iif !== undefined ? { iif: opts.iif } : {}),
    ...(opts.mark !== undefined ? { mark: opts.mark } : {}),
  });
  return withTable(ns, answer(ns, dst, flavor, from, opts, hit?.route), hit?.table, flavor);
}

function answer(
  ns: Netns,
  dst: string,
  flavor: IpFlavor,
  from: string | undefined,
  opts: { readonly oif?: string; readonly mark?: number; readonly iif?: string },
  found: Route | undefined,
): RouteGetResult {
  const n = dst.split(".").map(Number);
  const isMulticast = n[0]! >= 224 && n[0]! <= 239;
  const mark = opts.mark ? `mark ${opts.mark} ` : "";
  if (opts.oif !== undefined && flavor === "iproute2") {
    // Bound to a device, the lookup skips routes through others; finding none, the kernel
    // assumes the destination is on that link and takes the link's address as the source.
    const d = parseIpv4(dst) ?? 0;
    const viaOif = ns.routes.filter((r) => r.dev === opts.oif && !r.type && routeCovers(r, d));
    const best = viaOif.sort((a, b) => prefixOf(b) - prefixOf(a))[0];
    const src = best ? sourceAddressFor(ns, best) : primaryAddress(ns, opts.oif)?.address;
    const via = best?.via !== undefined ? `via ${best.via} ` : "";
    return { ok: true, text: `${dst} ${via}dev ${opts.oif} src ${src ?? "0.0.0.0"} ${mark}uid 0 \n    cache \n` };
  }
  let route = found;
  if (!route && (n[0] === 0 || isMulticast || dst === "255.255.255.255")) route = lookupRoute(ns, "0.0.0.0");
  const zeroNet = n[0] === 0;
  if (zeroNet) {
    const lo = ns.addrs.find((a) => a.ifname === "lo");
    const text = `local ${dst} dev lo src ${lo?.address ?? "127.0.0.1"} `;
    return {
      ok: true,
      text:
        flavor === "busybox"
          ? `local ${dst} dev lo  src ${lo?.address ?? "127.0.0.1"} \n`
          : `${text}uid 0 \n    cache <local> \n`,
    };
  }
  if (!route) {
    if (!isMulticast && dst !== "255.255.255.255") return { ok: false };
    const anyRoute = ns.routes.find((r) => r.dst === "default") ?? ns.routes[0];
    if (!anyRoute) return { ok: false };
    route = anyRoute;
  }
  if (route.type === "local") {
    const own = ns.addrs.some((a) => a.address === dst);
    // The local route's source: the address itself, or its subnet's primary for a secondary.
    const src = own ? (route.src ?? dst) : (ns.addrs.find((a) => a.ifname === "lo")?.address ?? dst);
    if (flavor === "busybox") return { ok: true, text: `local ${dst} dev lo  src ${src} \n` };
    // An arriving packet for this machine is delivered: the input route echoes its source
    // and names no user, and its cache line where it came in.
    if (from !== undefined && opts.iif !== undefined)
      return { ok: true, text: `local ${dst} from ${from} dev lo \n    cache <local> iif ${opts.iif} \n` };
    return { ok: true, text: `local ${dst} dev lo src ${src} uid 0 \n    cache <local> \n` };
  }
  const src = sourceAddressFor(ns, route) ?? "0.0.0.0";
  if (route.type === "broadcast" || dst === "255.255.255.255") {
    if (flavor === "busybox") return { ok: true, text: `broadcast ${dst} dev ${route.dev}  src ${src} \n` };
    return { ok: true, text: `broadcast ${dst} dev ${route.dev} src ${src} uid 0 \n    cache <local,brd> \n` };
  }
  if (isMulticast) {
    if (flavor === "busybox") return { ok: true, text: `multicast ${dst} dev ${route.dev}  src ${src} \n` };
    return {
      ok: true,
      text: `multicast ${dst} dev ${route.dev} src ${src} rt_offload_failed uid 0 \n    cache <local,mc> \n`,
    };
  }
  const via = route.via !== undefined ? `via ${route.via} ` : "";
  // With a source given, the kernel echoes it and names no other.
  if (from !== undefined && flavor === "iproute2") {
    // A forwarded packet's route names no user: the cache line names where it came in.
    if (opts.iif !== undefined) {
      const flags = earnsRedirect(ns, opts.iif, route, from, dst) ? "<redirect> " : "";
      return { ok: true, text: `${dst} from ${from} ${via}dev ${route.dev} \n    cache ${flags}iif ${opts.iif} \n` };
    }
    return { ok: true, text: `${dst} from ${from} ${via}dev ${route.dev} uid 0 \n    cache \n` };
  }
  if (flavor === "busybox") return { ok: true, text: `${dst} ${via}dev ${route.dev}  src ${src} \n` };
  return { ok: true, text: `${dst} ${via}dev ${route.dev} src ${src} ${mark}uid 0 \n    cache \n` };
}

function prefixOf(r: Route): number {
  return r.dst === "default" ? 0 : (parseCidr(r.dst)?.prefixLen ?? 0);
}

/** Whether a route's destination holds the address. */
export function routeCovers(r: Route, addr: number): boolean {
  if (r.dst === "default") return true;
  const c = parseCidr(r.dst);
  return c !== null && (addr & maskOf(c.prefixLen)) >>> 0 === c.network;
}
