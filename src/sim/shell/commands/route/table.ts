/**
 * The kernel's IPv4 routing table as /proc/net/route gives it to net-tools' `route`
 * and `netstat -r` (and to busybox's): the main table's routes in the FIB's order
 * (by destination), with their netmask and flags.
 */
import { formatIpv4, maskOf, parseIpv4 } from "../../../ipv4.ts";
import type { Netns, Route } from "../../../kernel/types.ts";

interface Row {
  readonly dst: string;
  readonly gateway: string;
  readonly mask: string;
  readonly flags: string;
  readonly metric: number;
  readonly dev: string;
  readonly key: number;
  readonly bits: number;
}

function rowOf(r: Route): Row {
  const [net, len] = r.dst === "default" ? ["0.0.0.0", "0"] : (r.dst.split("/") as [string, string | undefined]);
  const bits = len === undefined ? 32 : Number(len);
  const flags = "U" + (r.via ? "G" : "") + (bits === 32 ? "H" : "");
  return {
    dst: net,
    gateway: r.via ?? "0.0.0.0",
    mask: formatIpv4(maskOf(bits)),
    flags,
    metric: r.metric ?? 0,
    dev: r.dev,
    key: parseIpv4(net) ?? 0,
    bits,
  };
}

function rows(ns: Netns): Row[] {
  return ns.routes
    .filter((r) => r.type === undefined)
    .map(rowOf)
    .sort((a, b) => a.key - b.key || a.bits - b.bits);
}

/**
 * `route` / `route -n`: net-tools names the default route `default` unless -n;
 * busybox also prints `*` for no gateway.
 */
export function routeTable(ns: Netns, numeric: boolean, busybox: boolean): string {
  let out = "Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n";
  for (const r of rows(ns)) {
    const dst = !numeric && r.dst === "0.0.0.0" && r.bits === 0 ? "default" : r.dst;
    const gw = !numeric && busybox && r.gateway === "0.0.0.0" ? "*" : r.gateway;
    out += `${dst.padEnd(15)} ${gw.padEnd(15)} ${r.mask.padEnd(15)} ${r.flags.padEnd(5)} ${String(r.metric).padEnd(6)} ${"0".padEnd(2)} ${"0".padStart(7)} ${r.dev}\n`;
  }
  return out;
}

/** `netstat -r` (`-rn`): the same routes with MSS, window and irtt columns. */
export function netstatRoutes(ns: Netns, numeric: boolean): string {
  let out = "Kernel IP routing table\nDestination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n";
  for (const r of rows(ns)) {
    const dst = !numeric && r.dst === "0.0.0.0" && r.bits === 0 ? "default" : r.dst;
    out += `${dst.padEnd(15)} ${r.gateway.padEnd(15)} ${r.mask.padEnd(15)} ${r.flags.padEnd(6)} ${"0".padStart(4)} ${"0".padEnd(6)} ${"0".padStart(5)} ${r.dev}\n`;
  }
  return out;
}

/** The prefix length of a dotted netmask, or undefined when its ones are not contiguous. */
export function maskLength(mask: string): number | undefined {
  const m = parseIpv4(mask);
  if (m === null) return undefined;
  let bits = 0;
  while (bits < 32 && (m >>> (31 - bits)) & 1) bits++;
  return (m << bits) >>> 0 === 0 || bits === 32 ? bits : undefined;
}
