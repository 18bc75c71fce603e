/**
 * The events that move /proc/net/snmp's counters (kernel/snmp.ts), added to the walk's
 * batch; `worldOf` writes the batch to the namespaces.
 */
import type { SnmpCounter } from "../snmp.ts";
import type { WalkState } from "./context.ts";
import type { Delivery } from "./walk-visit.ts";

/** One event that moves a counter of namespace `netns`. */
export function countSnmp(st: WalkState, netns: string, counter: SnmpCounter): void {
  let m = st.snmp.get(netns);
  if (!m) st.snmp.set(netns, (m = new Map<SnmpCounter, number>()));
  m.set(counter, (m.get(counter) ?? 0) + 1);
}

/** A UDP socket's datagram: sent unless its route failed; then received by a socket, or no port. */
export function countDatagram(st: WalkState, netns: string, d: Delivery): void {
  if (d.kind === "unreachable") return;
  countSnmp(st, netns, "Udp.OutDatagrams");
  if (d.kind === "delivered" && d.to.kind !== "kernel") countSnmp(st, d.netns, "Udp.InDatagrams");
  else if (d.kind === "refused") countSnmp(st, d.netns, "Udp.NoPorts");
}
