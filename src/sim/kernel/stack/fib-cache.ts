/**
 * Memoised routing and address-type lookups for the walk. The answers depend only on
 * a namespace's routes, addresses and links, which the walk never changes, so they
 * are cached on those arrays' identities (a namespace copied for new counters or
 * conntrack entries keeps them). Pure: the same inputs always give the same answer.
 */
import type { AddrType } from "../../netfilter/types.ts";
import { addrTypeOf } from "../addrtype.ts";
import { lookupRoute, lookupRouteBy } from "../route.ts";
import type { Addr, Link, Netns, Route } from "../types.ts";

interface FibMemo {
  readonly routes: Map<string, Route | undefined>;
  readonly types: Map<string, AddrType>;
  /** `addrTypeFor` bound to a namespace with these arrays, made once (the addrtype match calls it). */
  addrTypeOf?: (addr: string) => AddrType;
}

const memo = new WeakMap<readonly Addr[], WeakMap<readonly Link[], WeakMap<readonly Route[], FibMemo>>>();

/** The memo of each namespace object met (the arrays' memo, found once per object). */
const byNs = new WeakMap<Netns, FibMemo>();

function memoFor(ns: Netns): FibMemo {
  let m = byNs.get(ns);
  if (m === undefined) byNs.set(ns, (m = arraysMemo(ns)));
  return m;
}

function arraysMemo(ns: Netns): FibMemo {
  let byLinks = memo.get(ns.addrs);
  if (!byLinks) memo.set(ns.addrs, (byLinks = new WeakMap()));
  let byRoutes = byLinks.get(ns.links);
  if (!byRoutes) byLinks.set(ns.links, (byRoutes = new WeakMap()));
  let m = byRoutes.get(ns.routes);
  if (!m) byRoutes.set(ns.routes, (m = { routes: new Map(), types: new Map() }));
  return m;
}

export function routeFor(ns: Netns, dst: string): Route | undefined {
  const m = memoFor(ns);
  const known = m.routes.get(dst);
  if (known !== undefined || m.routes.has(dst)) return known;
  const r = lookupRoute(ns, dst);
  m.routes.set(dst, r);
  return r;
}

/**
 * The route for a packet whose source (and input link) the lookup knows: once `ip rule`
 * changed the rules they may choose the table, so the answer is not memoised by
 * destination alone; before that it is routeFor's.
 */
export function routeForFlow(ns: Netns, dst: string, src: string, iif?: string): Route | undefined {
  if (ns.rules === undefined) return routeFor(ns, dst);
  return lookupRouteBy(ns, dst, { src, ...(iif !== undefined ? { iif } : {}) })?.route;
}

export function addrTypeFor(ns: Netns, addr: string): AddrType {
  // IPv6 addresses live in addrs6, which the memo's keys do not follow.
  if (addr.includes(":")) return addrTypeOf(ns, addr);
  const m = memoFor(ns);
  let t = m.types.get(addr);
  if (t === undefined) m.types.set(addr, (t = addrTypeOf(ns, addr)));
  return t;
}

/** `addrTypeFor` bound to `ns`, shared by every copy of `ns` with the same links, addresses and routes. */
export function addrTypeFnFor(ns: Netns): (addr: string) => AddrType {
  const m = memoFor(ns);
  return (m.addrTypeOf ??= (addr) => addrTypeFor(ns, addr));
}

export function isLocalFor(ns: Netns, addr: string): boolean {
  return addrTypeFor(ns, addr) === "LOCAL";
}
