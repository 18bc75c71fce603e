/**
 * The main routing table as a sorted list: the kernel's fib trie dump order, and
 * the add/delete/match rules `ip route` relies on. Pure functions of a namespace;
 * netns.ts re-exports them with the rest of the kernel API.
 */
import { formatCidr, parseCidr } from "../ipv4.ts";
import type { Netns, Route } from "./types.ts";

function routeKey(r: Route): [number, number, number] {
  if (r.dst === "default") return [0, 0, r.metric ?? 0];
  const c = parseCidr(r.dst);
  return c ? [c.network, c.prefixLen, r.metric ?? 0] : [0, 0, r.metric ?? 0];
}

/** Fib trie dump order: network ascending, then longer prefixes first, then lower metric. */
export function compareRoutes(a: Route, b: Route): number {
  const [na, la, ma] = routeKey(a);
  const [nb, lb, mb] = routeKey(b);
  return na !== nb ? na - nb : la !== lb ? lb - la : ma - mb;
}

export function insertRoute(ns: Netns, route: Route): Netns {
  const routes = [...ns.routes];
  let i = routes.findIndex((r) => compareRoutes(route, r) < 0);
  if (i < 0) i = routes.length;
  routes.splice(i, 0, route);
  return { ...ns, routes };
}

/** Normalises a destination as the kernel stores it: `default`, or `net/len` with host bits cleared. */
export function normaliseDst(dst: string): string | null {
  if (dst === "default") return "default";
  const c = parseCidr(dst);
  if (!c) return null;
  return c.prefixLen === 0 ? "default" : formatCidr(c);
}

/** Two routes are the same entry when destination, metric (and table, here always main) agree. */
export function sameRouteSlot(a: Route, b: Route): boolean {
  return a.dst === b.dst && (a.metric ?? 0) === (b.metric ?? 0);
}

/** Adds a route to the main table (the caller checks for `File exists`). */
export function addRoute(ns: Netns, route: Route): Netns {
  const dst = normaliseDst(route.dst);
  if (dst === null) return ns;
  return insertRoute(ns, { ...route, dst });
}

/** Deletes the first route matching every field given (`ip route del` semantics). */
export function delRoute(ns: Netns, match: Partial<Route> & { readonly dst: string }): Netns {
  const dst = normaliseDst(match.dst);
  const i = ns.routes.findIndex((r) => routeMatches(r, { ...match, dst: dst ?? match.dst }));
  if (i < 0) return ns;
  return { ...ns, routes: ns.routes.filter((_, j) => j !== i) };
}

export function routeMatches(r: Route, m: Partial<Route>): boolean {
  if (m.dst !== undefined && r.dst !== m.dst) return false;
  if (m.via !== undefined && r.via !== m.via) return false;
  if (m.dev !== undefined && r.dev !== m.dev) return false;
  if (m.proto !== undefined && r.proto !== m.proto) return false;
  if (m.scope !== undefined && r.scope !== m.scope) return false;
  if (m.src !== undefined && r.src !== m.src) return false;
  if (m.metric !== undefined && (r.metric ?? 0) !== m.metric) return false;
  return true;
}
