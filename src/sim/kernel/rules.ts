/**
 * Policy routing: the rules `ip rule` lists and the numbered tables beside main and
 * local, as the kernel's fib_rules walks them: by priority, the first rule whose
 * selectors match and whose table holds a route for the destination decides.
 */
import { maskOf, parseCidr, parseIpv4 } from "../ipv4.ts";
import { compareRoutes } from "./route-table.ts";
import type { Ipv4, Netns, Route, RouteRule } from "./types.ts";

export const TABLE_LOCAL = 255;
export const TABLE_MAIN = 254;
export const TABLE_DEFAULT = 253;

/** fib4_rules_init's three rules. */
export const DEFAULT_RULES: readonly RouteRule[] = [
  { priority: 0, table: TABLE_LOCAL },
  { priority: 32766, table: TABLE_MAIN },
  { priority: 32767, table: TABLE_DEFAULT },
];

export function rulesOf(ns: Netns): readonly RouteRule[] {
  return ns.rules ?? DEFAULT_RULES;
}

/**
 * fib_default_rule_pref(): a rule added without a priority goes just above the first
 * rule after the list's head (so before main's 32766, then before that one).
 */
export function defaultRulePriority(rules: readonly RouteRule[]): number {
  const second = rules.length > 1 ? rules[1]! : undefined;
  return second && second.priority > 0 ? second.priority - 1 : 0;
}

/** Adds a rule after those of the same or a lower priority, as fib_nl_newrule links it. */
export function addRule(ns: Netns, rule: RouteRule): Netns {
  const rules = [...rulesOf(ns)];
  let i = rules.findIndex((r) => r.priority > rule.priority);
  if (i < 0) i = rules.length;
  rules.splice(i, 0, rule);
  return { ...ns, rules };
}

/** The first rule every given field of `m` matches (fib_nl_delrule), or undefined. */
export function findRule(ns: Netns, m: Partial<RouteRule>): RouteRule | undefined {
  return rulesOf(ns).find(
    (r) =>
      (m.priority === undefined || r.priority === m.priority) &&
      (m.table === undefined || r.table === m.table) &&
      (m.from === undefined || r.from === m.from) &&
      (m.to === undefined || r.to === m.to) &&
      (m.fwmark === undefined || r.fwmark === m.fwmark) &&
      (m.iif === undefined || r.iif === m.iif),
  );
}

export function delRule(ns: Netns, rule: RouteRule): Netns {
  return { ...ns, rules: rulesOf(ns).filter((r) => r !== rule) };
}

/** A numbered table's routes; undefined when no route was ever added there (the kernel never made it). */
export function tableRoutes(ns: Netns, table: number): readonly Route[] | undefined {
  return ns.tables?.[table];
}

/** Adds a route to a numbered table, in the fib trie's dump order. */
export function addTableRoute(ns: Netns, table: number, route: Route): Netns {
  const routes = [...(tableRoutes(ns, table) ?? [])];
  let i = routes.findIndex((r) => compareRoutes(route, r) < 0);
  if (i < 0) i = routes.length;
  routes.splice(i, 0, route);
  return { ...ns, tables: { ...ns.tables, [table]: routes } };
}

/** Replaces a numbered table's routes (a flush leaves the table, empty). */
export function setTableRoutes(ns: Netns, table: number, routes: readonly Route[]): Netns {
  return { ...ns, tables: { ...ns.tables, [table]: routes } };
}

function covers(cidr: string | undefined, addr: Ipv4 | undefined): boolean {
  if (cidr === undefined) return true;
  if (addr === undefined) return false;
  const c = parseCidr(cidr);
  const a = parseIpv4(addr);
  return c !== null && a !== null && (a & maskOf(c.prefixLen)) >>> 0 === c.network;
}

/** What a lookup knows of the packet beside its destination. */
export interface FlowKeys {
  readonly src?: Ipv4;
  readonly iif?: string;
  readonly mark?: number;
}

/**
 * The rules that apply to a packet, in the order the kernel tries them, with the
 * table each names: every table the packet's lookup may consult.
 */
export function tablesFor(ns: Netns, dst: Ipv4, flow: FlowKeys): readonly number[] {
  return rulesOf(ns)
    .filter(
      (r) =>
        covers(r.from, flow.src) &&
        covers(r.to, dst) &&
        (r.fwmark === undefined || r.fwmark === (flow.mark ?? 0)) &&
        (r.iif === undefined || r.iif === flow.iif),
    )
    .map((r) => r.table);
}
