/**
 * Which IP families a pcap filter can accept, as libpcap's optimizer finds out: a program
 * no packet can pass (`ip6 and tcp[13] & 2 != 0`, where the loads are IPv4's) is refused.
 */
import type { Arith, FilterNode } from "./types.ts";

/** Which IP families a filter can accept, as bits (1: IPv4, 2: IPv6): what libpcap's code can reach. */
export function familiesOf(f: FilterNode): number {
  switch (f.kind) {
    case "and":
      return familiesOf(f.left) & familiesOf(f.right);
    case "or":
      return familiesOf(f.left) | familiesOf(f.right);
    case "false":
      return 0;
    case "proto":
      return f.proto === "ip6" || f.proto === "icmp6" ? 2 : f.proto === "ip" || f.proto === "icmp" ? 1 : 3;
    case "host":
      return 1;
    case "relop":
      return loadsOf(f.left) & loadsOf(f.right);
    default:
      return 3;
  }
}

function loadsOf(a: Arith): number {
  if (a.kind === "load") return (a.proto === "ip6" || a.proto === "icmp6" ? 2 : 1) & loadsOf(a.offset);
  if (a.kind === "bin") return loadsOf(a.left) & loadsOf(a.right);
  return 3;
}
