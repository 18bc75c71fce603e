/**
 * The extra lines iproute2 prints with -d (link kind, bridge and bridge-port
 * attributes) and -s (counters), with the values a fresh Debian 12 kernel has.
 * Timers the lab does not run (the bridge's gc_timer, a port's forward delay) read 0.
 */
import type { Link, LinkStats, Netns } from "../../../kernel/types.ts";

function timer(name: string, seconds = 0): string {
  return `${name} ${seconds.toFixed(2).padStart(7, " ")}`;
}

/** `8000.2:42:e0:8e:b2:a5`: priority, then the MAC without leading zeros. */
function bridgeId(mac: string): string {
  return (
    "8000." +
    mac
      .split(":")
      .map((b) => parseInt(b, 16).toString(16))
      .join(":")
  );
}

function offload(link: Link, ns: Netns, withAddrgen: boolean): string {
  const queues = link.kind === "veth" ? 2 : 1;
  let tso = 524280;
  if (link.kind === "bridge" && !ns.links.some((l) => l.master === link.name)) tso = 65536;
  return (
    (withAddrgen ? "addrgenmode eui64 " : "") +
    `numtxqueues ${queues} numrxqueues ${queues} gso_max_size 65536 gso_max_segs 65535 tso_max_size ${tso} tso_max_segs 65535 gro_max_size 65536 `
  );
}

/** What -d appends to the `link/...` line, and the kind lines after it. */
export function detailLines(ns: Netns, link: Link, withAddrgen: boolean): { suffix: string; lines: string } {
  const port = link.master !== undefined ? ns.links.find((l) => l.name === link.master) : undefined;
  const promisc = port ? 1 : 0;
  const mtus = link.kind === "loopback" ? "minmtu 0 maxmtu 0" : "minmtu 68 maxmtu 65535";
  const suffix = ` promiscuity ${promisc}  allmulti ${promisc} ${mtus} `;
  if (link.kind === "loopback") return { suffix: suffix + offload(link, ns, withAddrgen), lines: "" };
  if (link.kind === "bridge") {
    const id = bridgeId(link.mac);
    const attrs = [
      "forward_delay 1500 hello_time 200 max_age 2000 ageing_time 30000 stp_state 0 priority 32768 vlan_filtering 0",
      `bridge_id ${id} designated_root ${id} root_port 0 root_path_cost 0 topology_change 0 topology_change_detected 0`,
      `${timer("hello_timer")} ${timer("tcn_timer")} ${timer("topology_change_timer")} ${timer("gc_timer")}`,
      "group_fwd_mask 0 group_address 01:80:c2:00:00:00 mcast_snooping 1 no_linklocal_learn 0 mcast_vlan_snooping 0",
      "mcast_router 1 mcast_query_use_ifaddr 0 mcast_querier 0 mcast_hash_elasticity 16 mcast_hash_max 4096",
      "mcast_last_member_count 2 mcast_startup_query_count 2 mcast_last_member_interval 100 mcast_membership_interval 26000",
      "mcast_querier_interval 25500 mcast_query_interval 12500 mcast_query_response_interval 1000",
      "mcast_startup_query_interval 3124 mcast_stats_enabled 0 mcast_igmp_version 2 mcast_mld_version 1",
      "nf_call_iptables 0 nf_call_ip6tables 0 nf_call_arptables 0",
    ].join(" ");
    return { suffix, lines: `    bridge ${attrs} ${offload(link, ns, withAddrgen)}\n` };
  }
  const kind = link.kind === "veth" ? "veth" : "";
  if (!port) return { suffix, lines: kind ? `    ${kind} ${offload(link, ns, withAddrgen)}\n` : "" };
  const ports = ns.links.filter((l) => l.master === port.name).sort((a, b) => a.ifindex - b.ifindex);
  const no = ports.indexOf(link) + 1;
  const id = bridgeId(port.mac);
  const slave = [
    `state ${link.up ? "forwarding" : "disabled"} priority 32 cost 2 hairpin off guard off root_block off fastleave off`,
    `learning on flood on port_id 0x${(0x8000 + no).toString(16)} port_no 0x${no.toString(16)}`,
    `designated_port ${0x8000 + no} designated_cost 0 designated_bridge ${id} designated_root ${id}`,
    `${timer("hold_timer")} ${timer("message_age_timer")} ${timer("forward_delay_timer")}`,
    "topology_change_ack 0 config_pending 0 proxy_arp off proxy_arp_wifi off mcast_router 1 mcast_fast_leave off",
    "mcast_flood on bcast_flood on mcast_to_unicast off neigh_suppress off group_fwd_mask 0 group_fwd_mask_str 0x0",
    "vlan_tunnel off isolated off locked off",
  ].join(" ");
  return { suffix, lines: `    ${kind} \n    bridge_slave ${slave} ${offload(link, ns, withAddrgen)}\n` };
}

/** The counters block of `ip -s link`. */
export function statsLines(s: LinkStats, errors = false, carrierChanges = 0): string {
  const w = (n: number, width: number) => String(n).padStart(width, " ");
  // -s -s breaks the errors down; the lab's links make none.
  const zeros = `    ${w(0, 18)} ${w(0, 6)} ${w(0, 7)} ${w(0, 7)} ${w(0, 7)} \n`;
  return (
    "    RX:  bytes packets errors dropped  missed   mcast           \n" +
    `    ${w(s.rxBytes, 10)} ${w(s.rxPackets, 7)} ${w(0, 6)} ${w(0, 7)} ${w(0, 7)} ${w(0, 7)} \n` +
    (errors ? "    RX errors:  length    crc   frame    fifo overrun\n" + zeros : "") +
    "    TX:  bytes packets errors dropped carrier collsns           \n" +
    `    ${w(s.txBytes, 10)} ${w(s.txPackets, 7)} ${w(0, 6)} ${w(s.txDropped ?? 0, 7)} ${w(0, 7)} ${w(0, 7)} \n` +
    (errors
      ? "    TX errors: aborted   fifo  window heartbt transns\n" +
        `    ${w(0, 18)} ${w(0, 6)} ${w(0, 7)} ${w(0, 7)} ${w(carrierChanges, 7)} \n`
      : "")
  );
}
