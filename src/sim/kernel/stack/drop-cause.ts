/**
 * Why a packet stopped, as the trace's `drop.cause`: a code and where a person would fix it.
 * Only computed on a drop, so reading back through the command's events costs nothing on the
 * way packets usually go.
 */
import type { DropCause, TraceEvent } from "../../trace/events.ts";
import type { DropVerdict } from "./hooks.ts";

/**
 * A reply with no route back to `addr`: where did `addr` come from un-NATed? The last
 * namespace that handed this flow's original packets to `netns` with `addr` still their
 * source, as seen at its POSTROUTING. Read from this command's own events; only on a drop.
 */
export function noRouteBack(ev: readonly TraceEvent[], flowId: number, netns: string, addr: string): DropCause {
  const flowPackets = new Set<number>();
  for (const e of ev)
    if (e.type === "packet" && e.flowId === flowId && e.direction === "original") flowPackets.add(e.packetId);
  for (let i = ev.length - 1; i >= 0; i--) {
    const hop = ev[i]!;
    if (hop.type !== "hop" || hop.toNetns !== netns || hop.fromNetns === netns || !flowPackets.has(hop.packetId))
      continue;
    for (let j = i - 1; j >= 0; j--) {
      const h = ev[j]!;
      if (h.type === "hook" && h.packetId === hop.packetId && h.netns === hop.fromNetns && h.hook === "POSTROUTING") {
        if (h.headers.src !== addr) break;
        const fixAt = h.outIface
          ? { netns: h.netns, hook: h.hook, outIface: h.outIface }
          : { netns: h.netns, hook: h.hook };
        return { code: "no-route-back", netns, addr, fixAt };
      }
    }
    break;
  }
  return { code: "no-route", netns, addr };
}

/** The cause of a drop in a hook: the rule (the event just before says which) or the chain's policy. */
export function hookCause(ev: readonly TraceEvent[], packetId: number, netns: string, res: DropVerdict): DropCause {
  const last = ev[ev.length - 1];
  const base = { netns, hook: res.hook, table: res.table, chain: res.chain };
  if (res.policy) return { code: "policy-drop", ...base };
  const code = res.kind === "REJECT" ? "rule-reject" : "rule-drop";
  if (last?.type === "rule" && last.packetId === packetId)
    return { code, ...base, chain: last.chain, ruleIndex: last.ruleIndex, ruleText: last.ruleText };
  return { code, ...base };
}
