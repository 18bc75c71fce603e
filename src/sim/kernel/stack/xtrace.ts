/**
 * The lines `xtables-monitor --trace` prints for a TRACEd packet (iptables 1.8.9,
 * nf_tables): a `PACKET:` line each time the packet enters a base chain, then a
 * ` TRACE:` line for each rule that decided something and for the policy.
 * See golden p06-trace-inbound.txt for the real thing.
 */
import type { EvalStep } from "../../netfilter/evaluate.ts";
import type { TableName } from "../../netfilter/types.ts";
import { formatRuleSpec } from "../../netfilter/rule-format.ts";
import type { Visit } from "./visit.ts";
import { TCP_FLAG_ORDER, type Packet } from "./packet.ts";

/** xtables-monitor prints MACs without leading zeros (`2:42:ac:11:0:2`). */
function shortMac(mac: string): string {
  return mac
    .split(":")
    .map((o) => parseInt(o, 16).toString(16))
    .join(":");
}

/** A MAC's bytes as xtables-monitor prints a raw header: `%02x` of a signed char, so 0xac reads `ffffffac`. */
function llHex(mac: string): string {
  return mac
    .split(":")
    .map((o) => (parseInt(o, 16) >= 0x80 ? "ffffff" : "") + o.toLowerCase().padStart(2, "0"))
    .join("");
}

/** A stable 32-bit id per packet and namespace, as the kernel's trace id is per skb. */
export function traceIdOf(packetId: number, netns: string): string {
  let h = 0x811c9dc5 ^ packetId;
  for (let i = 0; i < netns.length; i++) h = Math.imul(h ^ netns.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return ((h ^ (h >>> 13)) >>> 0).toString(16).padStart(8, "0");
}

export function packetLine(v: Visit, p: Packet): string {
  const parts: string[] = [];
  if (v.inIface !== undefined) parts.push(`IN=${v.inIface}`);
  if (v.outIface !== undefined) parts.push(`OUT=${v.outIface}`);
  if (v.inIface === "lo") parts.push("LOOPBACK");
  else if (v.frame) parts.push(`LL=0x0 ${llHex(v.frame.dst)}${llHex(v.frame.src)}0800`);
  else if (v.macs) parts.push(`MACSRC=${shortMac(v.macs.src)}`, `MACDST=${shortMac(v.macs.dst)}`, "MACPROTO=0800");
  // An ICMP error (icmp_send) goes out with TOS 0xc0 and without DF; the kernel's echo reply
  // has no DF either (its ICMP socket never sets it). xtables-monitor prints no ICMP fields.
  const error = p.icmp !== undefined && p.icmp.type !== 0 && p.icmp.type !== 8;
  parts.push(
    `SRC=${p.src}`,
    `DST=${p.dst}`,
    `LEN=${p.len}`,
    error ? "TOS=0xc0" : "TOS=0x0",
    `TTL=${p.ttl}`,
    `ID=${v.packetId & 0xffff}`,
  );
  if (!error && p.icmp?.type !== 0) parts.push("DF");
  if (p.proto === "tcp" || p.proto === "udp") parts.push(`SPORT=${p.sport}`, `DPORT=${p.dport}`);
  if (p.proto === "tcp") for (const f of TCP_FLAG_ORDER) if (p.flags?.includes(f)) parts.push(f);
  return `PACKET: 2 ${traceIdOf(v.packetId, v.ns.id)} ${parts.join(" ")} `;
}

/** What nft's trace calls the verdict: NAT targets accept, RETURN is NFT_RETURN's raw value. */
function traceVerdict(s: EvalStep): string {
  switch (s.verdict) {
    case "DNAT":
    case "SNAT":
    case "MASQUERADE":
      return "ACCEPT";
    case "REJECT":
      return "DROP";
    case "RETURN":
      return "0xfffffffb";
    case "JUMP":
      return `JUMP:${s.toChain}`;
    case "GOTO":
      return `GOTO:${s.toChain}`;
    default:
      return s.verdict;
  }
}

export function traceStepLine(v: Visit, table: TableName, s: EvalStep): string {
  const head = ` TRACE: 2 ${traceIdOf(v.packetId, v.ns.id)} ${table}:${s.chain}:`;
  if (s.policy || !s.rule) return `${head}policy:${s.verdict} `;
  const spec = formatRuleSpec(s.rule);
  const text = `-4 -t ${table} -A ${s.chain}${spec ? " " + spec : ""}`;
  return `${head}rule:0x${(s.ruleIndex + 1).toString(16)}:${traceVerdict(s)}  ${text}`;
}
