/**
 * /sys/class/net as sysfs shows a namespace's links: each one a symbolic link to
 * /sys/devices/virtual/net/<name> (every link of the lab is virtual: loopback,
 * veth, bridge), holding the attributes `cat` reads (address, mtu, operstate,
 * ifindex, iflink, carrier, type, flags, ...), `brif/` and `bridge/` for a
 * bridge, `brport/` and a `master` link for a bridge's port. sysfs shows the
 * namespace of whoever mounted it: a container its own, `nsenter -n` the host's.
 */
import { hasCarrier } from "./link-state.ts";
import { linkStats } from "./link-stats.ts";
import type { KernelWorld, Link, Netns } from "./types.ts";

/** The attribute files of every net device, as Linux 6.18 lists them (`ls /sys/class/net/eth0`). */
const ATTRS = `addr_assign_type addr_len address broadcast carrier carrier_changes carrier_down_count carrier_up_count
dev_id dev_port dormant duplex flags gro_flush_timeout ifalias ifindex iflink link_mode mtu name_assign_type
napi_defer_hard_irqs netdev_group operstate proto_down speed testing threaded tx_queue_len type uevent`.split(/\s+/);

/** Writable attributes (mode 644; the rest are 444). */
const WRITABLE = new Set([
  "carrier",
  "flags",
  "gro_flush_timeout",
  "ifalias",
  "mtu",
  "napi_defer_hard_irqs",
  "netdev_group",
  "proto_down",
  "threaded",
  "tx_queue_len",
  "uevent",
]);

/** A bridge's own settings under bridge/ (the ones a learner reads), with the kernel's defaults. */
const BRIDGE_ATTRS: Readonly<Record<string, string>> = {
  ageing_time: "30000",
  forward_delay: "1500",
  group_fwd_mask: "0x0",
  hello_time: "200",
  max_age: "2000",
  multicast_snooping: "1",
  nf_call_iptables: "0",
  priority: "32768",
  stp_state: "0",
  vlan_filtering: "0",
};

/** A bridge port's settings under brport/. */
const BRPORT_ATTRS: Readonly<Record<string, string>> = {
  hairpin_mode: "0",
  learning: "1",
  path_cost: "2",
  port_no: "0x1",
  priority: "32",
  state: "3",
  unicast_flood: "1",
};

export type SysEntry =
  | { readonly kind: "file"; readonly mode: string }
  | { readonly kind: "dir" }
  | { readonly kind: "link"; readonly target: string };

/** What `ls /sys/devices/virtual/net/<link>` lists, each with its kind. */
export function sysLinkEntries(ns: Netns, link: Link): [string, SysEntry][] {
  const out: [string, SysEntry][] = ATTRS.map((a) => [a, { kind: "file", mode: WRITABLE.has(a) ? "644" : "444" }]);
  out.push(["power", { kind: "dir" }], ["queues", { kind: "dir" }], ["statistics", { kind: "dir" }]);
  out.push(["subsystem", { kind: "link", target: "../../../../class/net" }]);
  if (link.kind === "bridge") out.push(["bridge", { kind: "dir" }], ["brif", { kind: "dir" }]);
  if (link.master) {
    out.push(["brport", { kind: "dir" }], ["master", { kind: "link", target: `../${link.master}` }]);
    out.push([`upper_${link.master}`, { kind: "link", target: `../${link.master}` }]);
  }
  if (link.kind === "bridge")
    for (const p of ns.links.filter((l) => l.master === link.name))
      out.push([`lower_${p.name}`, { kind: "link", target: `../${p.name}` }]);
  return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Every counter the kernel's net-sysfs.c lists under statistics/; the lab counts bytes and packets. */
const STATISTICS = [
  "rx_packets",
  "tx_packets",
  "rx_bytes",
  "tx_bytes",
  "rx_errors",
  "tx_errors",
  "rx_dropped",
  "tx_dropped",
  "multicast",
  "collisions",
  "rx_length_errors",
  "rx_over_errors",
  "rx_crc_errors",
  "rx_frame_errors",
  "rx_fifo_errors",
  "rx_missed_errors",
  "tx_aborted_errors",
  "tx_carrier_errors",
  "tx_fifo_errors",
  "tx_heartbeat_errors",
  "tx_window_errors",
  "rx_compressed",
  "tx_compressed",
  "rx_nohandler",
];

/** The entries of a subdirectory of a link (`brif`, `bridge`, `brport`, `statistics`). */
export function sysLinkSubdir(ns: Netns, link: Link, dir: string): [string, SysEntry][] | undefined {
  if (dir === "brif" && link.kind === "bridge")
    return ns.links
      .filter((l) => l.master === link.name)
      .map((l) => [l.name, { kind: "link", target: `../../${l.name}/brport` }] as [string, SysEntry]);
  if (dir === "bridge" && link.kind === "bridge")
    return Object.keys(BRIDGE_ATTRS).map((n) => [n, { kind: "file", mode: "644" }]);
  if (dir === "brport" && link.master) return Object.keys(BRPORT_ATTRS).map((n) => [n, { kind: "file", mode: "644" }]);
  if (dir === "statistics") return STATISTICS.map((n) => [n, { kind: "file", mode: "444" }]);
  if (dir === "power" || dir === "queues") return [];
  return undefined;
}

/** IFF_UP | IFF_BROADCAST | IFF_LOOPBACK | IFF_MULTICAST, as `flags` shows them. */
function flagsOf(link: Link): string {
  let f = link.up ? 0x1 : 0;
  if (link.kind === "loopback") f |= 0x8;
  else f |= 0x2 | 0x1000;
  return "0x" + f.toString(16);
}

export type SysRead = { readonly text: string } | { readonly errno: "EINVAL" };

/** An attribute's content; `dir` for the ones in a subdirectory (`bridge`, `brport`, `statistics`). */
export function sysLinkRead(world: KernelWorld, ns: Netns, link: Link, name: string, dir?: string): SysRead {
  const line = (v: string | number): SysRead => ({ text: `${v}\n` });
  if (dir === "bridge")
    return line(name === "bridge_id" ? `8000.${link.mac.replace(/:/g, "")}` : (BRIDGE_ATTRS[name] ?? ""));
  if (dir === "brport") return line(BRPORT_ATTRS[name] ?? "");
  if (dir === "statistics") {
    const s = linkStats(world, ns.id, link);
    const v = { rx_bytes: s?.rxBytes, rx_packets: s?.rxPackets, tx_bytes: s?.txBytes, tx_packets: s?.txPackets }[
      name as "rx_bytes"
    ];
    return line(v ?? 0);
  }
  const lo = link.kind === "loopback";
  const carrier = link.up && (lo || hasCarrier(world, ns.id, link));
  switch (name) {
    case "address":
      return line(lo ? "00:00:00:00:00:00" : link.mac);
    case "broadcast":
      return line(lo ? "00:00:00:00:00:00" : "ff:ff:ff:ff:ff:ff");
    case "addr_assign_type":
      // Docker sets its links' addresses (NET_ADDR_SET); the host side of a veth keeps a random one.
      return line(lo ? 0 : link.kind === "veth" && link.name.startsWith("veth") ? 1 : 3);
    case "addr_len":
      return line(6);
    case "carrier":
      return link.up ? line(carrier ? 1 : 0) : { errno: "EINVAL" };
    case "carrier_changes":
      return line(carrier && !lo ? 2 : 0);
    case "carrier_down_count":
    case "carrier_up_count":
      return line(carrier && !lo ? 1 : 0);
    case "dev_id":
      return line("0x0");
    case "duplex":
    case "speed":
      if (link.kind !== "veth" || !carrier) return { errno: "EINVAL" };
      return line(name === "duplex" ? "full" : 10000);
    case "flags":
      return line(flagsOf(link));
    case "ifalias":
      return line("");
    case "ifindex":
      return line(link.ifindex);
    case "iflink":
      return line((link.peer ?? link.lower)?.ifindex ?? link.ifindex);
    case "mtu":
      return line(link.mtu);
    case "name_assign_type":
      return lo ? line(2) : link.kind === "bridge" ? line(3) : line(4);
    case "operstate":
      return line(lo ? "unknown" : !link.up ? "down" : carrier ? "up" : "down");
    case "tx_queue_len":
      return line(link.txqlen ?? 0);
    case "type":
      return line(lo ? 772 : 1);
    case "uevent":
      return { text: `INTERFACE=${link.name}\nIFINDEX=${link.ifindex}\n` };
    default:
      return line(0);
  }
}
