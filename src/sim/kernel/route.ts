/**
 * Route lookup as the kernel's fib does it: the local table first (derived from the
 * namespace's addresses, never stored), then the main table by longest prefix, then
 * lowest metric. A pure function of the namespace.
 */
import { maskOf, parseCidr, parseIpv4 } from "../ipv4.ts";
import { TABLE_LOCAL, TABLE_MAIN, tableRoutes, tablesFor, type FlowKeys } from "./rules.ts";
import type { Addr, Ipv4, Netns, Route } from "./types.ts";

function linkUp(ns: Netns, ifname: string): boolean {
  return ns.links.some((l) => l.name === ifname && l.up);
}

/**
 * The local table's entries, in the order `ip route show table local` prints them
 * (by address, longer prefixes first): `local` for each address (and the whole of a
 * loopback address's network), `broadcast` for each primary's subnet broadcast (below
 * /31) and for an explicit `brd`, as the kernel's fib_add_ifaddr adds them. Addresses
 * on a link that is down have none: the kernel flushes them.
 */
export function localTable(ns: Netns): readonly Route[] {
  const hit = LOCAL_TABLES.get(ns.addrs);
  if (hit && hit.links === ns.links) return hit.table;
  const up = ns.addrs.map((a) => linkUp(ns, a.ifname));
  if (hit && up.every((u, i) => u === hit.up[i])) {
    LOCAL_TABLES.set(ns.addrs, { ...hit, links: ns.links });
    return hit.table;
  }
  const table = deriveLocalTable(ns);
  LOCAL_TABLES.set(ns.addrs, { links: ns.links, up, table });
  return table;
}

/**
 * The local table last derived from an addresses array, with the links and which of
 * the addresses' links were up: every packet's route lookup asks for it, and it
 * changes only when the addresses do or a link goes up or down (a link's counters
 * change at every packet). A namespace never changes in place, so an array's
 * identity says whether it changed.
 */
const LOCAL_TABLES = new WeakMap<
  Netns["addrs"],
  { readonly links: Netns["links"]; readonly up: readonly boolean[]; readonly table: readonly Route[] }
>();

function deriveLocalTable(ns: Netns): readonly Route[] {
  const out: Route[] = [];
  const seen = new Set<string>();
  const push = (r: Route) => {
    const key = `${r.type} ${r.dst} ${r.dev}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(r);
  };
  for (const a of ns.addrs) {
    if (!linkUp(ns, a.ifname)) continue;
    const net = parseCidr(`${a.address}/${a.prefixLen}`)!;
    const prim = ns.addrs.find(
      (x) =>
        x.ifname === a.ifname &&
        x.prefixLen === a.prefixLen &&
        parseCidr(`${x.address}/${x.prefixLen}`)!.network === net.network,
    );
    // fib_add_ifaddr: a secondary's local route takes its subnet's primary as the source.
    const base = { dev: a.ifname, proto: "kernel" as const, src: (prim ?? a).address };
    if (a.ifname === "lo" && a.prefixLen < 32) {
      push({ ...base, dst: `${formatNet(net.network)}/${a.prefixLen}`, scope: "host", type: "local" });
    }
    push({ ...base, dst: `${a.address}/32`, scope: "host", type: "local" });
    const primary = prim === a;
    if (primary && a.prefixLen < 31) {
      const bcast = (net.network | ~maskOf(a.prefixLen)) >>> 0;
      push({ ...base, dst: `${formatNet(bcast)}/32`, scope: "link", type: "broadcast" });
    }
    if (a.broadcast !== undefined && a.broadcast !== "255.255.255.255") {
      push({ ...base, dst: `${a.broadcast}/32`, scope: "link", type: "broadcast" });
    }
  }
  return out.sort((x, y) => {
    const cx = parseCidr(x.dst)!;
    const cy = parseCidr(y.dst)!;
    return cx.network !== cy.network ? cx.network - cy.network : cy.prefixLen - cx.prefixLen;
  });
}

function formatNet(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

function prefixOf(r: Route): { network: number; prefixLen: number } | null {
  if (r.dst === "default") return { network: 0, prefixLen: 0 };
  return parseCidr(r.dst);
}

function bestMatch(routes: readonly Route[], d: number): Route | undefined {
  let best: Route | undefined;
  let bestLen = -1;
  let bestMetric = Infinity;
  for (const r of routes) {
    const p = prefixOf(r);
    if (!p || (d & maskOf(p.prefixLen)) >>> 0 !== p.network) continue;
    const metric = r.metric ?? 0;
    if (p.prefixLen > bestLen || (p.prefixLen === bestLen && metric < bestMetric)) {
      best = r;
      bestLen = p.prefixLen;
      bestMetric = metric;
    }
  }
  return best;
}

/** The main table's route for `dst` (longest prefix, then lowest metric), ignoring the local table. */
export function lookupMainRoute(ns: Netns, dst: Ipv4): Route | undefined {
  const d = parseIpv4(dst);
  if (d === null) return undefined;
  return bestMatch(ns.routes, d);
}

/**
 * The route a packet to `dst` takes: a local-table entry (`type: "local"` means the
 * packet is for this namespace; `"broadcast"`), or a main-table route, or undefined
 * (`Network is unreachable`).
 */
export function lookupRoute(ns: Netns, dst: Ipv4): Route | undefined {
  const d = parseIpv4(dst);
  if (d === null) return undefined;
  return bestMatch(localTable(ns), d) ?? bestMatch(ns.routes, d);
}

/**
 * The route the rules pick for a packet to `dst` with the given source, input link and
 * mark, and the table it came from: each matching rule's table in turn, the first
 * that holds a route deciding (an empty or missing table passes to the next rule).
 */
export function lookupRouteBy(ns: Netns, dst: Ipv4, flow: FlowKeys): { route: Route; table: number } | undefined {
  const d = parseIpv4(dst);
  if (d === null) return undefined;
  if (ns.rules === undefined) {
    const local = bestMatch(localTable(ns), d);
    if (local) return { route: local, table: TABLE_LOCAL };
    const main = bestMatch(ns.routes, d);
    return main && { route: main, table: TABLE_MAIN };
  }
  for (const t of tablesFor(ns, dst, flow)) {
    const routes = t === TABLE_LOCAL ? localTable(ns) : t === TABLE_MAIN ? ns.routes : (tableRoutes(ns, t) ?? []);
    const route = bestMatch(routes, d);
    if (route) return { route, table: t };
  }
  return undefined;
}

/** The first address of a link that the kernel would pick as a source (primary, widest scope first). */
export function primaryAddress(ns: Netns, ifname: string): Addr | undefined {
  const onLink = ns.addrs.filter((a) => a.ifname === ifname);
  return onLink.find((a) => a.scope === "global") ?? onLink.find((a) => a.scope === "link") ?? onLink[0];
}

/**
 * The source address the kernel picks for a packet leaving by `route`: the route's
 * `src`, else the outgoing link's primary address, else any global address.
 */
export function sourceAddressFor(ns: Netns, route: Route): Ipv4 | undefined {
  if (route.src !== undefined) return route.src;
  const onDev = primaryAddress(ns, route.dev);
  if (onDev) return onDev.address;
  return ns.addrs.find((a) => a.scope === "global" && linkUp(ns, a.ifname))?.address;
}
