/**
 * /proc/net/snmp: the namespace's MIB counters, each group as a line of names and a line
 * of values (snmp_seq_show in net/ipv4/proc.c, kernel 6.x with Ip's OutTransmits). The
 * lab keeps the counters a connection or a datagram moves by a whole number per event:
 * Tcp's ActiveOpens (a SYN sent by connect()), PassiveOpens (a handshake a listener
 * completed), AttemptFails (a connect() a RST or ICMP error ended), Udp's InDatagrams,
 * NoPorts and OutDatagrams. Segment and IP packet counts, which move with ACK timing, and
 * ICMP's are not kept and read 0; so does CurrEstab, as the lab's connections end with
 * the command that made them. IcmpMsg's lines appear only once a type has counted, so
 * they never do here.
 */
import type { Netns } from "./types.ts";

export type SnmpCounter =
  "Tcp.ActiveOpens" | "Tcp.PassiveOpens" | "Tcp.AttemptFails" | "Udp.InDatagrams" | "Udp.NoPorts" | "Udp.OutDatagrams";

export type SnmpCounts = Readonly<Partial<Record<SnmpCounter, number>>>;

const IP =
  "Forwarding DefaultTTL InReceives InHdrErrors InAddrErrors ForwDatagrams InUnknownProtos InDiscards InDelivers OutRequests OutDiscards OutNoRoutes ReasmTimeout ReasmReqds ReasmOKs ReasmFails FragOKs FragFails FragCreates OutTransmits";
const ICMP =
  "InMsgs InErrors InCsumErrors InDestUnreachs InTimeExcds InParmProbs InSrcQuenchs InRedirects InEchos InEchoReps InTimestamps InTimestampReps InAddrMasks InAddrMaskReps OutMsgs OutErrors OutRateLimitGlobal OutRateLimitHost OutDestUnreachs OutTimeExcds OutParmProbs OutSrcQuenchs OutRedirects OutEchos OutEchoReps OutTimestamps OutTimestampReps OutAddrMasks OutAddrMaskReps";
const TCP =
  "RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors";
const UDP = "InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors";

/** The counters with `more` added (the same object when nothing was). */
export function addSnmp(counts: SnmpCounts | undefined, more: ReadonlyMap<SnmpCounter, number>): SnmpCounts {
  const out: Partial<Record<SnmpCounter, number>> = { ...counts };
  for (const [k, n] of more) out[k] = (out[k] ?? 0) + n;
  return out;
}

export function procNetSnmp(ns: Netns): string {
  const c = ns.snmp ?? {};
  const row = (group: string, names: string, values: (name: string) => number | string) =>
    `${group}: ${names}\n${group}: ${names
      .split(" ")
      .map((n) => values(n))
      .join(" ")}\n`;
  const counted = (group: string) => (n: string) => c[`${group}.${n}` as SnmpCounter] ?? 0;
  // Forwarding is the MIB's 1 (forwarding) or 2 (not).
  const forwarding = (ns.sysctl["net.ipv4.ip_forward"] ?? "0") === "1" ? 1 : 2;
  const ttl = Number(ns.sysctl["net.ipv4.ip_default_ttl"] ?? "64");
  const tcpFixed: Record<string, number> = { RtoAlgorithm: 1, RtoMin: 200, RtoMax: 120000, MaxConn: -1 };
  return (
    row("Ip", IP, (n) => (n === "Forwarding" ? forwarding : n === "DefaultTTL" ? ttl : 0)) +
    row("Icmp", ICMP, () => 0) +
    row("Tcp", TCP, (n) => tcpFixed[n] ?? counted("Tcp")(n)) +
    row("Udp", UDP, counted("Udp")) +
    row("UdpLite", UDP, () => 0)
  );
}
