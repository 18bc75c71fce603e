/**
 * `ip route`: show (main or local table, -d), get (with `from`), add, replace,
 * change and del, with iproute2's errors; busybox in containers may only look.
 */
import { maskOf, parseIpv4 } from "../../../ipv4.ts";
import { addRoute, delRoute, normaliseDst, routeMatches, sameRouteSlot, updateNetns } from "../../../kernel/netns.ts";
import { findLink } from "../../../kernel/link.ts";
import { forwardingEnabled } from "../../../kernel/sysctl.ts";
import type { Netns, Route } from "../../../kernel/types.ts";
import { ok, type CommandResult } from "../../command.ts";
import { badPrefix, denied, err, matches, noDevice, out, refused, rtnl, validCidr, type Ctx } from "./ip-common.ts";
import { TABLE_DEFAULT, TABLE_MAIN, addTableRoute, setTableRoutes, tableRoutes } from "../../../kernel/rules.ts";
import { parseTable } from "./ip-rule.ts";
import { routeGet, showLocalTable, showRoutes, type RouteSelect } from "./ip-route-show.ts";
import { showRoutes6 } from "./ip6.ts";
import { ROUTE_USAGE } from "./route-usage.ts";

/** Parses `ip route add|del` arguments into a route. */
function parseRouteArgs(
  c: Ctx,
  args: readonly string[],
): { route?: Partial<Route> & { dst?: string; table?: number }; error?: CommandResult } {
  const r: {
    dst?: string;
    via?: string;
    dev?: string;
    metric?: number;
    src?: string;
    scope?: Route["scope"];
    proto?: Route["proto"];
    table?: number;
  } = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = args[i + 1];
    if (
      a === "via" ||
      a === "dev" ||
      a === "metric" ||
      a === "src" ||
      a === "scope" ||
      a === "proto" ||
      a === "table" ||
      a === "priority" ||
      a === "preference"
    ) {
      if (v === undefined) return { error: err(c.world, 'Command line is not complete. Try option "help"\n', 255) };
      i++;
      if (a === "via") {
        if (parseIpv4(v) === null)
          return { error: err(c.world, `Error: inet address is expected rather than "${v}".\n`, 1) };
        r.via = v;
      } else if (a === "dev") r.dev = v;
      else if (a === "metric" || a === "priority" || a === "preference") {
        if (!/^\d+$/.test(v))
          return { error: err(c.world, `Error: argument "${v}" is wrong: "metric" value is invalid\n\n`, 255) };
        r.metric = Number(v);
      } else if (a === "src") r.src = v;
      else if (a === "scope") {
        if (v !== "link" && v !== "host" && v !== "global")
          return { error: err(c.world, `Error: argument "${v}" is wrong: invalid "scope" value\n\n`, 255) };
        r.scope = v;
      } else if (a === "proto") {
        if (v === "kernel" || v === "boot" || v === "static") r.proto = v;
      } else if (a === "table") {
        const t = parseTable(v);
        if (t === undefined)
          return { error: err(c.world, `Error: argument "${v}" is wrong: "table" value is invalid\n\n`, 255) };
        r.table = t;
      }
    } else if (a === "to") {
      continue;
    } else if (r.dst === undefined) {
      if (a !== "default") {
        const cidr = validCidr(a);
        if (!cidr) return { error: badPrefix(c, a) };
      }
      r.dst = a;
    } else {
      return { error: err(c.world, `Error: either "to" is duplicate, or "${a}" is a garbage.\n`, 255) };
    }
  }
  return { route: r };
}

export function doRoute(c: Ctx, args: readonly string[]): CommandResult {
  const sub = args[0];
  if (sub === undefined || matches(sub, "list") || matches(sub, "show") || matches(sub, "lst")) {
    const rest = args.slice(1);
    let dev: string | undefined;
    let table = "main";
    const select: { -readonly [K in keyof RouteSelect]: RouteSelect[K] } = {};
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i]!;
      if (a === "dev" || a === "oif") dev = rest[++i];
      else if (a === "table") table = rest[++i] ?? "";
      else if (a === "proto" || a === "protocol") select.proto = rest[++i] ?? "";
      else if (a === "scope") select.scope = rest[++i] ?? "";
      else if (a === "via") select.via = rest[++i] ?? "";
      else if (a === "src") select.src = rest[++i] ?? "";
      else if (a === "type" && rest[i + 1] === "unicast") i++;
      else {
        let how: "root" | "match" | "exact" = "exact";
        let word = a;
        if (word === "to") word = rest[++i] ?? "";
        if (word === "root" || word === "match" || word === "exact") {
          how = word;
          word = rest[++i] ?? "";
        }
        if (word === "all") continue;
        const cidr = word === "default" ? { address: "0.0.0.0", prefixLen: 0 } : validCidr(word);
        if (!cidr) return badPrefix(c, word);
        const len = cidr.prefixLen;
        select.prefix = { how, network: ((parseIpv4(cidr.address) ?? 0) & maskOf(len)) >>> 0, len };
      }
    }
    if (dev !== undefined && !findLink(c.ns, dev)) return noDevice(c, dev, "find");
    if (c.inet6) return out(c.world, showRoutes6(c, dev, table));
    if (table === "local" || table === "255") return out(c.world, showLocalTable(c.world, c.ns, dev, false, c.flavor));
    if (table !== "main" && table !== "254") {
      if (!/^(\d+|default|all|0|253)$/.test(table))
        return err(c.world, `Error: argument "${table}" is wrong: table id value is invalid\n\n`, 255);
      if (table === "all" || table === "0")
        return out(
          c.world,
          numberedTables(c, dev) +
            showRoutes(c.world, c.ns, c.flavor, dev, c.details) +
            showLocalTable(c.world, c.ns, dev, true, c.flavor) +
            allTables6(c, dev),
        );
      const id = parseTable(table) ?? TABLE_DEFAULT;
      const routes = tableRoutes(c.ns, id);
      if (routes === undefined && id === TABLE_DEFAULT) return ok(c.world);
      // Dumping a table the kernel never made fails (fib_table_dump's extack), after no routes.
      if (routes === undefined) return err(c.world, "Error: ipv4: FIB table does not exist.\nDump terminated\n", 2);
      return out(c.world, showRoutes(c.world, { ...c.ns, routes }, c.flavor, dev, c.details));
    }
    // busybox reads these selectors and selects nothing by them (the oracle's image shows every route).
    return out(c.world, showRoutes(c.world, c.ns, c.flavor, dev, c.details, c.flavor === "iproute2" ? select : {}));
  }
  if (matches(sub, "get")) {
    const target = args
      .slice(1)
      .find(
        (a, i, all) => a !== "to" && (i === 0 || !["from", "iif", "oif", "dev", "mark", "uid"].includes(all[i - 1]!)),
      );
    if (target === undefined) {
      if (c.flavor === "busybox") return err(c.world, "ip: need at least destination address\n", 1);
      return err(c.world, "need at least a destination address\n", 1);
    }
    const cidr = validCidr(target);
    if (!cidr) return badPrefix(c, target);
    let warning = "";
    // busybox reads the address and drops the length; iproute2 warns.
    if (cidr.explicitLen && cidr.prefixLen !== 32 && c.flavor === "iproute2") {
      warning = `Warning: /${cidr.prefixLen} as prefix is invalid, only /32 (or none) is supported.\n`;
    }
    const fromAt = args.indexOf("from");
    const from = fromAt > 0 ? validCidr(args[fromAt + 1] ?? "")?.address : undefined;
    if (fromAt > 0 && from === undefined) return badPrefix(c, args[fromAt + 1] ?? "");
    const oifAt = args.findIndex((a, i) => i > 0 && (a === "oif" || a === "dev"));
    const oif = oifAt > 0 ? args[oifAt + 1] : undefined;
    if (oif !== undefined && !findLink(c.ns, oif)) return noDevice(c, oif, "find");
    const markAt = args.indexOf("mark");
    const mark = markAt > 0 ? Number(args[markAt + 1]) : undefined;
    if (mark !== undefined && !Number.isInteger(mark))
      return err(c.world, `Error: argument "${args[markAt + 1] ?? ""}" is wrong: mark\n\n`, 255);
    const iifAt = args.indexOf("iif");
    const iif = iifAt > 0 ? args[iifAt + 1] : undefined;
    if (iif !== undefined && !findLink(c.ns, iif)) return noDevice(c, iif, "find");
    // A packet arriving on iif from one of the machine's own addresses is a martian: the kernel refuses.
    if (iif !== undefined && from !== undefined && c.ns.addrs.some((a) => a.address === from))
      return rtnl(c, "Invalid argument");
    // A packet arriving on iif for another machine needs forwarding there (IN_DEV_FORWARD); with
    // ip_forward off the kernel's input lookup fails with EHOSTUNREACH instead of naming a route.
    if (iif !== undefined && from !== undefined && !forwardingEnabled(c.ns, iif) && !isForThisHost(c.ns, cidr.address))
      return rtnl(c, "No route to host");
    // Sent from here (no iif), the source must be one of the machine's own addresses:
    // ip_route_output_key() finds no device holding it and fails with ENETUNREACH.
    if (iif === undefined && from !== undefined && from !== "0.0.0.0" && !c.ns.addrs.some((a) => a.address === from))
      return err(
        c.world,
        warning + (c.flavor === "busybox" ? "ip: " : "") + "RTNETLINK answers: Network is unreachable\n",
        2,
      );
    const got = routeGet(c.ns, cidr.address, c.flavor, from, {
      ...(oif !== undefined ? { oif } : {}),
      ...(mark !== undefined ? { mark } : {}),
      ...(iif !== undefined && from !== undefined ? { iif } : {}),
    });
    if (!got.ok) {
      return err(
        c.world,
        warning + (c.flavor === "busybox" ? "ip: " : "") + "RTNETLINK answers: Network is unreachable\n",
        2,
      );
    }
    // -o joins the answer's lines with `\\`, as iproute2's _SL_ does.
    const text = c.oneline ? got.text.replace(/\n(?!$)/g, "\\") : got.text;
    return { world: c.world, stdout: text, stderr: warning, exitCode: 0 };
  }
  const isAdd =
    matches(sub, "add") ||
    matches(sub, "append") ||
    matches(sub, "replace") ||
    matches(sub, "change") ||
    matches(sub, "prepend");
  const isDel = !isAdd && matches(sub, "delete");
  if (!isAdd && !isDel && c.flavor === "iproute2" && matches(sub, "flush")) return routeFlush(c, args.slice(1));
  if (!isAdd && !isDel) {
    if (c.flavor === "iproute2" && matches(sub, "help")) return err(c.world, ROUTE_USAGE, 255);
    if (c.flavor === "busybox") return err(c.world, `ip: invalid argument '${sub}' to 'ip'\n`, 1);
    return err(c.world, `Command "${sub}" is unknown, try "ip route help".\n`, 255);
  }
  if (refused(c)) return denied(c, "rtnetlink");
  const parsed = parseRouteArgs(c, args.slice(1));
  if (parsed.error) return parsed.error;
  const r = parsed.route!;
  // iproute_modify() calls usage() when no destination was given.
  if (r.dst === undefined) return err(c.world, ROUTE_USAGE, 255);
  if (r.dev !== undefined && !findLink(c.ns, r.dev)) return noDevice(c, r.dev, "find");
  const dst = normaliseDst(r.dst)!;
  const numbered = r.table !== undefined && r.table !== TABLE_MAIN ? r.table : undefined;
  const inTable = numbered === undefined ? c.ns.routes : (tableRoutes(c.ns, numbered) ?? []);
  if (isDel) {
    const m: Partial<Route> & { dst: string } = { dst };
    if (r.via !== undefined) (m as { via?: string }).via = r.via;
    if (r.dev !== undefined) (m as { dev?: string }).dev = r.dev;
    if (r.metric !== undefined) (m as { metric?: number }).metric = r.metric;
    if (!inTable.some((x) => routeMatches(x, m))) return rtnl(c, "No such process");
    if (numbered !== undefined) {
      const gone = inTable.find((x) => routeMatches(x, m));
      return ok(
        updateNetns(c.world, c.ns.id, (ns) =>
          setTableRoutes(
            ns,
            numbered,
            inTable.filter((x) => x !== gone),
          ),
        ),
      );
    }
    return ok(updateNetns(c.world, c.ns.id, (ns) => delRoute(ns, m)));
  }
  let dev = r.dev;
  if (r.via !== undefined) {
    // The gateway must be reachable on a link: a connected route covers it.
    const onLink = c.ns.routes.find(
      (x) => x.via === undefined && (dev === undefined || x.dev === dev) && inRoute(r.via!, x),
    );
    if (!onLink) return rtnl(c, "Network is unreachable", "Nexthop has invalid gateway");
    dev = dev ?? onLink.dev;
  }
  if (dev === undefined) return rtnl(c, "No such device");
  const link = findLink(c.ns, dev)!;
  if (!link.up) return rtnl(c, "Network is down", "Nexthop device is not up");
  const route: Route = {
    dst,
    ...(r.via !== undefined ? { via: r.via } : {}),
    dev,
    ...(r.proto !== undefined && r.proto !== "boot" ? { proto: r.proto } : {}),
    ...(r.via === undefined ? { scope: r.scope ?? "link" } : r.scope && r.scope !== "global" ? { scope: r.scope } : {}),
    ...(r.src !== undefined ? { src: r.src } : {}),
    ...(r.metric ? { metric: r.metric } : {}),
  };
  const existing = inTable.find((x) => sameRouteSlot(x, route));
  const replace = matches(sub, "replace") || matches(sub, "change");
  if (existing && !replace) return rtnl(c, "File exists");
  if (!existing && matches(sub, "change")) return rtnl(c, "No such file or directory");
  let w = c.world;
  if (numbered !== undefined) {
    const kept = inTable.filter((x) => x !== existing);
    return ok(updateNetns(w, c.ns.id, (ns) => addTableRoute(setTableRoutes(ns, numbered, kept), numbered, route)));
  }
  if (existing) w = updateNetns(w, c.ns.id, (ns) => ({ ...ns, routes: ns.routes.filter((x) => x !== existing) }));
  return ok(updateNetns(w, c.ns.id, (ns) => addRoute(ns, route)));
}

/** `table all`: the numbered tables come first (by number, as the kernel's table hash walks them), each line naming its table. */
function numberedTables(c: Ctx, dev: string | undefined): string {
  const ids = Object.keys(c.ns.tables ?? {})
    .map(Number)
    .sort((a, b) => a - b);
  return ids
    .map((id) =>
      showRoutes(c.world, { ...c.ns, routes: tableRoutes(c.ns, id) ?? [] }, c.flavor, dev, c.details).replace(
        /^(.*? dev \S+ )/gm,
        `$1table ${id} `,
      ),
    )
    .join("");
}

/** Without -4, iproute2's dump of every table asks for IPv6 too: its main table, then its local one, named. */
function allTables6(c: Ctx, dev: string | undefined): string {
  if (c.inet4 || c.flavor === "busybox") return "";
  const local = showRoutes6(c, dev, "local").replace(/^(\S+ \S+ (?:dev \S+ )?)/gm, "$1table local ");
  return showRoutes6(c, dev, "main") + local;
}

/** `ip route flush table N` empties a numbered table (the table stays); `flush dev X` drops the main table's routes through X. */
function routeFlush(c: Ctx, args: readonly string[]): CommandResult {
  if (args.length === 0) return err(c.world, "Flush requires arguments.\n", 1);
  const t = args.indexOf("table");
  const d = args.indexOf("dev");
  const dev = d >= 0 ? args[d + 1] : undefined;
  if (dev !== undefined && !findLink(c.ns, dev)) return noDevice(c, dev, "find");
  const table = t >= 0 ? parseTable(args[t + 1] ?? "") : TABLE_MAIN;
  if (table === undefined)
    return err(c.world, `Error: argument "${args[t + 1] ?? ""}" is wrong: table id value is invalid\n\n`, 255);
  if (refused(c)) return denied(c, "rtnetlink");
  const keep = (r: Route) => dev !== undefined && r.dev !== dev;
  if (table === TABLE_MAIN)
    return ok(updateNetns(c.world, c.ns.id, (ns) => ({ ...ns, routes: ns.routes.filter(keep) })));
  const routes = tableRoutes(c.ns, table);
  if (routes === undefined) return ok(c.world);
  return ok(updateNetns(c.world, c.ns.id, (ns) => setTableRoutes(ns, table, routes.filter(keep))));
}

function inRoute(addr: string, r: Route): boolean {
  if (r.dst === "default") return false;
  const [net, len] = r.dst.split("/");
  const a = parseIpv4(addr);
  const n = parseIpv4(net ?? "");
  if (a === null || n === null) return false;
  const l = Number(len ?? 32);
  const mask = l === 0 ? 0 : (0xffffffff << (32 - l)) >>> 0;
  return (a & mask) >>> 0 === (n & mask) >>> 0;
}

/** Whether a packet to `dst` would be delivered here rather than forwarded: one of the machine's
 * own addresses, loopback, broadcast or multicast (the kernel routes these without forwarding). */
function isForThisHost(ns: Netns, dst: string): boolean {
  const first = Number(dst.split(".")[0]);
  if (first === 127 || first >= 224) return true;
  return ns.addrs.some((a) => a.address === dst || a.broadcast === dst);
}
