/**
 * `ip maddr` and `ip netconf`: what a link's multicast memberships and its per-device
 * sysctls look like to iproute2. Memberships follow from the link: every IPv4 link
 * that is up joins all-hosts (224.0.0.1), a snooping bridge also 224.0.0.106 (multicast
 * router discovery); with IPv6, each link-local address's solicited-node group, a
 * bridge's ff02::6a, then all-nodes (ff02::1, ff01::1), newest first as /proc lists them.
 */
import { readSysctl } from "../../../kernel/sysctl.ts";
import type { Link } from "../../../kernel/types.ts";
import { ok, type CommandResult } from "../../command.ts";
import { err, matches, noDevice, type Ctx } from "./ip-common.ts";
import { ipv6AddrsOf, linksInOrder, viewLink } from "./ip-links.ts";

/** The IPv6 multicast MAC (33:33 and the group's last 32 bits) and IPv4's (01:00:5e and its last 23). */
function l2Of(group: string): string {
  const hex = (n: number) => n.toString(16).padStart(2, "0");
  if (group.includes(":")) {
    const words = group.split(":");
    const last = parseInt(words[words.length - 1] || "0", 16);
    const prev = parseInt(words[words.length - 2] || "0", 16);
    return `33:33:${hex(prev >> 8)}:${hex(prev & 255)}:${hex(last >> 8)}:${hex(last & 255)}`;
  }
  const [, b, c, d] = group.split(".").map(Number);
  return `01:00:5e:${hex(b! & 127)}:${hex(c!)}:${hex(d!)}`;
}

function solicitedNode(address: string): string {
  const words = address.split(":");
  const last = parseInt(words[words.length - 1] || "0", 16);
  const prev = parseInt(words[words.length - 2] || "0", 16);
  return `ff02::1:ff${(prev & 255).toString(16).padStart(2, "0")}:${last.toString(16)}`;
}

function groupsOf(c: Ctx, link: Link): { inet: string[]; inet6: string[] } {
  if (!link.up) return { inet: [], inet6: [] };
  const bridge = link.kind === "bridge";
  const inet = bridge ? ["224.0.0.1", "224.0.0.106"] : ["224.0.0.1"];
  const v6 = ipv6AddrsOf(c.ns, viewLink(c.world, c.ns, link));
  if (v6.length === 0) return { inet, inet6: [] };
  const inet6 = [
    ...v6.filter((a) => link.kind !== "loopback" && a.address.startsWith("fe80:")).map((a) => solicitedNode(a.address)),
    ...(bridge ? ["ff02::6a"] : []),
    "ff02::1",
    "ff01::1",
  ];
  return { inet, inet6 };
}

export function doMaddr(c: Ctx, args: readonly string[]): CommandResult {
  const rest = args.length > 0 && (matches(args[0]!, "show") || matches(args[0]!, "list")) ? args.slice(1) : args;
  if (args.length > 0 && rest === args && (matches(args[0]!, "add") || matches(args[0]!, "delete")))
    return err(c.world, "RTNETLINK answers: Operation not permitted\n", 2);
  let dev: string | undefined;
  for (let i = 0; i < rest.length; i++) dev = rest[i] === "dev" ? rest[++i] : rest[i];
  if (dev !== undefined && !c.ns.links.some((l) => l.name === dev)) return noDevice(c, dev, "show");
  let s = "";
  for (const link of linksInOrder(c.ns)) {
    if (dev !== undefined && link.name !== dev) continue;
    const g = groupsOf(c, link);
    const inet = c.inet6 ? [] : g.inet;
    const inet6 = c.inet4 ? [] : g.inet6;
    const l2 = c.inet4 || c.inet6 || link.kind === "loopback" ? [] : [...g.inet6, ...g.inet].map(l2Of).filter(unique);
    if (inet.length + inet6.length + l2.length === 0) continue;
    s += `${link.ifindex}:\t${link.name}\n`;
    for (const m of l2) s += `\tlink  ${m}\n`;
    for (const a of inet) s += `\tinet  ${a}\n`;
    for (const a of inet6) s += `\tinet6 ${a}\n`;
  }
  return ok(c.world, s);
}

function unique<T>(x: T, i: number, all: readonly T[]): boolean {
  return all.indexOf(x) === i;
}

const onOff = (v: string | undefined) => (v !== undefined && v !== "0" ? "on" : "off");
const RP_FILTER = ["off", "strict", "loose"];

/** `ip netconf [show] [dev X]`: each link's (then all's and default's) forwarding and filtering, IPv4 then IPv6. */
export function doNetconf(c: Ctx, args: readonly string[]): CommandResult {
  const rest = args.length > 0 && matches(args[0]!, "show") ? args.slice(1) : args;
  let dev: string | undefined;
  for (let i = 0; i < rest.length; i++) dev = rest[i] === "dev" ? rest[++i] : rest[i];
  if (dev !== undefined && !c.ns.links.some((l) => l.name === dev)) return noDevice(c, dev, "show");
  const names = dev !== undefined ? [dev] : [...linksInOrder(c.ns).map((l) => l.name), "all", "default"];
  const v4 = (n: string) => {
    const k = (f: string) => readSysctl(c.ns, `net.ipv4.conf.${n}.${f}`);
    const rp = RP_FILTER[Number(k("rp_filter") ?? 0)] ?? "off";
    return `inet ${n} forwarding ${onOff(k("forwarding"))} rp_filter ${rp} mc_forwarding ${onOff(k("mc_forwarding"))} proxy_neigh ${onOff(k("proxy_arp"))} ignore_routes_with_linkdown ${onOff(k("ignore_routes_with_linkdown"))} \n`;
  };
  const v6 = (n: string) => {
    const k = (f: string) => readSysctl(c.ns, `net.ipv6.conf.${n}.${f}`);
    if (k("forwarding") === undefined) return "";
    return `inet6 ${n} forwarding ${onOff(k("forwarding"))} proxy_neigh ${onOff(k("proxy_ndp"))} ignore_routes_with_linkdown ${onOff(k("ignore_routes_with_linkdown"))} \n`;
  };
  const s = (c.inet6 ? "" : names.map(v4).join("")) + (c.inet4 ? "" : names.map(v6).join(""));
  return ok(c.world, s);
}
