/**
 * A listener's request socket outlives the client that gave up on it: its SYN-ACK timer
 * keeps resending into whatever the firewall does by then. On the oracle, after a
 * container's `curl -m 2` out whose SYN-ACKs a DOCKER-USER DROP of eth0 ate, the same
 * DROP counts a fourth SYN-ACK about 3 s after the first SYN, during the next line, and
 * tcpdump on eth0 shows more at 7 and 15 s. waitForSyn hands over what is still due; the
 * shell sends what fell due before each command it runs.
 */
import type { KernelWorld } from "../types.ts";
import { createWalkState, worldOf } from "./context.ts";
import { answerTo, tcpSegment, type Packet } from "./packet.ts";
import type { SynAckLost } from "./tcp.ts";
import { sendPacket } from "./walk.ts";

/**
 * When a listener resends a SYN-ACK nobody acknowledged, in ms after its first (timer from
 * 1 s, doubling: tcp_synack_retries = 5). A DROP of eth0 counts three during a container's
 * `curl -m 2` out: the first, the timer's, and the answer to the resent SYN.
 */
export const SYNACK_RETRANSMITS_MS = [1000, 3000, 7000, 15000, 31000];

/** A SYN-ACK a listener will resend at each of `due` (clock ms), until its client answers. */
export interface SynRecvTimer {
  readonly netns: string;
  readonly pkt: Packet;
  readonly process: string;
  readonly due: readonly number[];
}

/** The world also resending `lost` (first sent `lost.atMs` after the SYN at `firstSyn`) when due after its clock. */
export function keepResending<W extends KernelWorld>(world: W, lost: SynAckLost, firstSyn: number): W {
  const due = SYNACK_RETRANSMITS_MS.map((rto) => firstSyn + lost.atMs + rto).filter((t) => t > world.clock);
  if (due.length === 0) return world;
  const timer: SynRecvTimer = { netns: lost.netns, pkt: lost.pkt, process: lost.process, due };
  return { ...world, synRecv: [...(world.synRecv ?? []), timer] };
}

/**
 * The world after every SYN-ACK retransmission due by its clock, each sent at its own
 * time through the rules as they stand now (no command ran in between to change them).
 * One the client's kernel gets finds no socket and is answered with a RST, which ends
 * the listener's request socket and its timer.
 */
export function sendDueSynAcks<W extends KernelWorld>(world: W): W {
  const timers = world.synRecv;
  if (!timers || timers.length === 0) return world;
  const now = world.clock;
  if (!timers.some((t) => t.due[0]! <= now)) return world;
  const st = createWalkState<W>({ ...world, synRecv: undefined });
  const kept: SynRecvTimer[] = [];
  for (const t of timers) {
    let ended = false;
    let i = 0;
    for (; i < t.due.length && t.due[i]! <= now && !ended; i++) {
      st.world = { ...st.world, clock: t.due[i]! };
      const flowId = st.nextFlowId++;
      const meta = { sender: t.process, direction: "reply" as const, label: "SYN-ACK (retransmission)", flowId };
      const d = sendPacket(st, t.netns, t.pkt, meta);
      if (d.kind === "dropped" || d.kind === "unreachable") continue;
      ended = true;
      if (d.kind !== "refused") continue;
      // tcp_v4_send_reset: a bare 40-byte RST, its sequence the SYN-ACK's acknowledgement.
      const rst = { ...tcpSegment("", 0, "", 0, ["RST"]), ...answerTo(d.pkt), len: 40 };
      sendPacket(st, d.netns, rst, { sender: "kernel", direction: "original", label: "RST", flowId });
    }
    if (!ended && i < t.due.length) kept.push({ ...t, due: t.due.slice(i) });
  }
  st.world = { ...st.world, clock: now };
  const w = worldOf(st);
  return kept.length > 0 ? { ...w, synRecv: kept } : w;
}
