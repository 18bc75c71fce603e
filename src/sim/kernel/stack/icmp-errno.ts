/**
 * What an ICMP destination-unreachable does to the UDP socket whose datagram it quotes
 * (__udp4_lib_err with icmp_err_convert): the errno its next call fails with. A connected
 * socket hears only the "fatal" codes; with IP_RECVERR set (glibc's resolver) it hears all.
 */
const UNREACH: readonly (readonly [errno: string, fatal: boolean])[] = [
  ["Network is unreachable", false], // 0 net unreachable
  ["No route to host", false], // 1 host unreachable
  ["Protocol not available", true], // 2 protocol unreachable
  ["Connection refused", true], // 3 port unreachable
  ["Message too long", false], // 4 fragmentation needed
  ["Operation not supported", false], // 5 source route failed
  ["Network is unreachable", true], // 6 net unknown
  ["Host is down", true], // 7 host unknown
  ["Machine is not on the network", true], // 8 host isolated
  ["Network is unreachable", true], // 9 net prohibited
  ["No route to host", true], // 10 host prohibited
  ["Network is unreachable", false], // 11 net unreachable for TOS
  ["No route to host", false], // 12 host unreachable for TOS
  ["No route to host", true], // 13 administratively prohibited
];

/** The error a UDP socket keeps for its next call, or undefined when it takes none. */
export function udpSocketError(
  icmp: { readonly type: number; readonly code: number } | undefined,
  recverr = false,
): string | undefined {
  if (!icmp || icmp.type !== 3) return undefined;
  const e = UNREACH[icmp.code];
  return e && (e[1] || recverr) ? e[0] : undefined;
}
