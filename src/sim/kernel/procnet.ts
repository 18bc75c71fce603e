/**
 * /proc/net as a namespace shows it: the names `ls /proc/net` lists (Linux 6.18,
 * as the oracle's kernel), and the files the lab models, rendered from the
 * namespace's state in the kernel's own formats: `route` (fib_route_seq_show),
 * `dev` (dev_seq_show), `nf_conntrack` (ct_seq_show) and `arp`.
 */
import { procNetSnmp } from "./snmp.ts";
import { isValid, neighboursOf, nudState } from "./neigh.ts";
import { formatEntry, isLive } from "../netfilter/conntrack.ts";
import { formatIpv4, maskOf, parseIpv4 } from "../ipv4.ts";
import type { KernelWorld, Listener, Netns } from "./types.ts";
import { hasCarrier } from "./netns.ts";
import { ipv6AddrsOfLink, ipv6Groups } from "./ipv6.ts";
import { timeWaitSockets } from "./stack/time-wait.ts";
import { linkStats } from "./link-stats.ts";

export const PROC_NET_NAMES: readonly string[] = `anycast6 arp arp_tables_matches arp_tables_names arp_tables_targets
dev dev_mcast dev_snmp6 fib_trie fib_triestat icmp icmp6 if_inet6 igmp igmp6 ip6_flowlabel ip6_mr_cache ip6_mr_vif
ip6_tables_matches ip6_tables_names ip6_tables_targets ip6t_hashlimit ip_mr_cache ip_mr_vif ip_tables_matches
ip_tables_names ip_tables_targets ipt_hashlimit ipv6_route mcfilter mcfilter6 netfilter netlink netstat nf_conntrack
nf_conntrack_expect packet protocols psched ptype raw raw6 route rt6_stats rt_acct rt_cache snmp snmp6 sockstat
sockstat6 softnet_stat stat tcp tcp6 udp udp6 udplite udplite6 unix xfrm_stat xt_recent`.split(/\s+/);

/** The subdirectories of /proc/net (the rest are files). */
export const PROC_NET_DIRS: readonly string[] = ["dev_snmp6", "netfilter", "stat"];

/** An address as /proc/net/route prints it: the 32-bit value in host (little-endian) order, in hex. */
function hexLe(addr: string): string {
  const n = (parseIpv4(addr) ?? 0) >>> 0;
  const le = ((n & 0xff) << 24) | ((n & 0xff00) << 8) | ((n >>> 8) & 0xff00) | (n >>> 24);
  return (le >>> 0).toString(16).toUpperCase().padStart(8, "0");
}

/** Each line is padded to 127 characters, as the kernel does (seq_pad). */
function pad127(line: string): string {
  return line.padEnd(127, " ") + "\n";
}

export function procNetRoute(ns: Netns): string {
  let out = pad127("Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT");
  for (const r of ns.routes) {
    if (r.type) continue;
    const [net, len] = r.dst === "default" ? ["0.0.0.0", 0] : [r.dst.split("/")[0]!, Number(r.dst.split("/")[1] ?? 32)];
    // RTF_UP, RTF_GATEWAY (2), RTF_HOST (4)
    const flags = 1 | (r.via ? 2 : 0) | (len === 32 ? 4 : 0);
    const fields = [
      r.dev,
      hexLe(net),
      hexLe(r.via ?? "0.0.0.0"),
      flags.toString(16).toUpperCase().padStart(4, "0"),
      "0",
      "0",
      String(r.metric ?? 0),
      hexLe(formatIpv4(maskOf(len))),
      "0",
      "0",
      "0",
    ];
    out += pad127(fields.join("\t"));
  }
  return out;
}

export function procNetDev(world: KernelWorld, ns: Netns): string {
  let out =
    "Inter-|   Receive                                                |  Transmit\n" +
    " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n";
  for (const l of ns.links) {
    const st = linkStats(world, ns.id, l);
    // dev_seq_printf_stats: "%6s:%8llu %7llu %4llu %4llu %4llu %5llu %10llu %9llu %8llu %7llu %4llu %4llu %4llu %5llu %7llu %10llu"
    const widths = [8, 7, 4, 4, 4, 5, 10, 9, 8, 7, 4, 4, 4, 5, 7, 10];
    const values = [st.rxBytes, st.rxPackets, 0, 0, 0, 0, 0, 0, st.txBytes, st.txPackets, 0, st.txDropped ?? 0];
    out += `${l.name.padStart(6)}:` + widths.map((w, i) => String(values[i] ?? 0).padStart(w)).join(" ") + "\n";
  }
  return out;
}

export function procNetConntrack(ns: Netns, clock: number): string {
  return ns.conntrack
    .filter((e) => isLive(e, clock))
    .map((e) => `ipv4     2 ${formatEntry(e, clock).replace(/ mark=(\d+) use=1$/, " mark=$1 zone=0 use=2")}\n`)
    .join("");
}

/** arp_seq_show: every IPv4 neighbour, ATF_COM (0x2) once it has an address, ATF_PERM (0x4) for a static one. */
export function procNetArp(world: KernelWorld, ns: Netns): string {
  let out = "IP address       HW type     Flags       HW address            Mask     Device\n";
  for (const n of neighboursOf(world, ns)) {
    const state = nudState(n, world.clock);
    const flags = (isValid(state) ? 2 : 0) | (state === "PERMANENT" ? 4 : 0);
    const hw = n.mac ?? "00:00:00:00:00:00";
    out += `${n.addr.padEnd(16)} 0x1         0x${flags.toString(16).padEnd(10)}${hw.padEnd(17)}     *        ${n.dev}\n`;
  }
  return out;
}

/** A socket's inode as /proc/net/tcp and `netstat -e` show it: the lab numbers its sockets after their process. */
export function socketInode(l: Listener): number {
  return 20_000 + l.pid * 4 + (l.addr.includes(":") ? 1 : 0) + (l.proto === "udp" ? 2 : 0);
}

/** The kernel's hashed socket pointer (%pK): a stable stand-in derived from the inode. */
function socketPointer(inode: number): string {
  return (Math.imul(inode, 0x9e3779b1) >>> 0).toString(16).padStart(16, "0");
}

const TCP4_HEAD = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
const TCP6_HEAD =
  "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
const UDP4_HEAD =
  "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops";

/**
 * /proc/net/tcp, tcp6, udp and udp6 over the namespace's listening sockets and tcp's TIME-WAIT
 * ones (the lab keeps no others): tcp's lines are padded to 149 characters and udp's to 127,
 * the IPv6 files not at all.
 */
export function procNetSockets(ns: Netns, proto: "tcp" | "udp", v6: boolean, clock = 0): string {
  const mine = ns.listeners.filter((l) => l.proto === proto && l.addr.includes(":") === v6).reverse();
  const addr = (l: Listener) => (v6 ? "0".repeat(32) : hexLe(l.addr));
  const any = v6 ? "0".repeat(32) : "00000000";
  const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, "0");
  if (proto === "tcp") {
    const padded = (s: string) => (v6 ? s : s.padEnd(149, " ")) + "\n";
    let out = padded(v6 ? TCP6_HEAD : TCP4_HEAD);
    mine.forEach((l, i) => {
      const inode = socketInode(l);
      out += padded(
        `${String(i).padStart(4)}: ${addr(l)}:${hex4(l.port)} ${any}:0000 0A 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 ${socketPointer(inode)} 100 0 0 10 0`,
      );
    });
    if (v6) return out;
    // The established hash follows the listening one: its TIME-WAIT entries (get_timewait4_sock),
    // state 06, timer 3 with the time left in clock ticks, no inode, three references.
    timeWaitSockets(ns, clock).forEach((t, j) => {
      const ticks = Math.max(0, Math.ceil((t.until - clock) / 10));
      const when = ticks.toString(16).toUpperCase().padStart(8, "0");
      const local = `${hexLe(t.local)}:${hex4(t.lport)}`;
      const peer = `${hexLe(t.peer)}:${hex4(t.pport)}`;
      out += padded(
        `${String(mine.length + j).padStart(4)}: ${local} ${peer} 06 00000000:00000000 03:${when} 00000000     0        0 0 3 ${socketPointer(t.lport * 65536 + t.pport)}`,
      );
    });
    return out;
  }
  const padded = (s: string) => (v6 ? s : s.padEnd(127, " ")) + "\n";
  let out = padded(v6 ? TCP6_HEAD + " ref pointer drops" : UDP4_HEAD);
  mine.forEach((l, i) => {
    const inode = socketInode(l);
    out += padded(
      `${String(i).padStart(5)}: ${addr(l)}:${hex4(l.port)} ${any}:0000 07 00000000:00000000 00:00000000 00000000     0        0 ${inode} 2 ${socketPointer(inode)} 0`,
    );
  });
  return out;
}

/** A file of /proc/net the lab renders; undefined for the ones it lists but does not model (read as empty). */
export function procNetFile(world: KernelWorld, ns: Netns, name: string): string | undefined {
  switch (name) {
    case "route":
      return procNetRoute(ns);
    case "dev":
      return procNetDev(world, ns);
    case "nf_conntrack":
      return procNetConntrack(ns, world.clock);
    case "arp":
      return procNetArp(world, ns);
    case "snmp":
      return procNetSnmp(ns);
    case "if_inet6":
      return procNetIfInet6(world, ns);
    case "tcp":
    case "tcp6":
    case "udp":
    case "udp6":
      return procNetSockets(ns, name.startsWith("tcp") ? "tcp" : "udp", name.endsWith("6"), world.clock);
    default:
      return undefined;
  }
}

/**
 * if6_seq_show: each IPv6 address as 32 hex digits, the ifindex, prefix length, scope
 * (0x10 host, 0x20 link) and flags (0x80 permanent), then the name. The kernel walks its
 * address hash; the oracle shows the link-local addresses before lo's ::1.
 */
export function procNetIfInet6(world: KernelWorld, ns: Netns): string {
  const hex = (n: number, w: number) => n.toString(16).padStart(w, "0");
  const rows: { lo: boolean; ifindex: number; line: string }[] = [];
  for (const link of ns.links) {
    const running = link.up && hasCarrier(world, ns.id, link);
    for (const a of ipv6AddrsOfLink(ns, link, running, world.clock)) {
      const g = ipv6Groups(a.address) ?? [];
      const scope = a.scope === "host" ? 0x10 : a.scope === "link" ? 0x20 : 0;
      const line = `${g.map((x) => hex(x, 4)).join("")} ${hex(link.ifindex, 2)} ${hex(a.prefixLen, 2)} ${hex(scope, 2)} 80 ${link.name.padStart(8)}\n`;
      rows.push({ lo: link.kind === "loopback", ifindex: link.ifindex, line });
    }
  }
  rows.sort((a, b) => Number(a.lo) - Number(b.lo) || a.ifindex - b.ifindex);
  return rows.map((r) => r.line).join("");
}
