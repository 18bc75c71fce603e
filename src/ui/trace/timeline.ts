/**
 * TraceEvent[] → animation steps. Pure. Each step is one event of one packet,
 * with where the packet is after it (namespace and interface, for the graph),
 * its headers at that moment, the NAT rewrites it has had so far, and a sentence
 * a screen reader can read. The `command` event is not a step: it heads the list.
 */
import type { Headers, TraceEvent } from "../../sim/trace/events.ts";

export interface Place {
  readonly netns: string;
  readonly iface?: string;
}

export interface PacketInfo {
  readonly packetId: number;
  readonly flowId: number;
  readonly label: string;
  readonly sender: string;
  readonly direction: "original" | "reply";
  readonly netns: string;
  readonly headers: Headers;
}

export interface Rewrite {
  readonly kind: string;
  readonly by: "rule" | "conntrack";
  readonly before: Headers;
  readonly after: Headers;
  /** `source 172.17.0.2 → 10.88.0.4` or `destination 10.88.0.4:2024 → 172.17.0.2:80`. */
  readonly text: string;
}

export type StepTone = "packet" | "hop" | "hook" | "rule" | "nat" | "conntrack" | "route" | "deliver" | "drop";

export interface Step {
  readonly index: number;
  readonly event: Exclude<TraceEvent, { type: "command" }>;
  readonly packet: PacketInfo | undefined;
  /** Where the packet was before this step, when it moved (a hop, or entering another interface). */
  readonly from?: Place;
  /** Where the packet is after this step. */
  readonly at: Place;
  /** The name of `at.netns` as a person knows it. */
  readonly where: string;
  readonly headers: Headers | undefined;
  readonly rewrites: readonly Rewrite[];
  readonly tone: StepTone;
  readonly text: string;
}

export interface Timeline {
  readonly command: { readonly machine: string; readonly line: string; readonly exitCode: number } | undefined;
  readonly steps: readonly Step[];
  readonly packets: readonly PacketInfo[];
}

/** How a namespace is named to a person: `docker-host`, `internet`, `mynginxs`. */
export type NameOf = (netns: string) => string;

export function endpoint(addr: string, port: number | undefined): string {
  return port === undefined ? addr : `${addr}:${port}`;
}

/** `172.17.0.2:47832 → 203.0.113.10:80` */
export function describeHeaders(h: Headers): string {
  const flags = h.flags && h.flags.length > 0 ? ` [${h.flags.join(",")}]` : h.icmpType ? ` ${h.icmpType}` : "";
  return `${h.proto} ${endpoint(h.src, h.sport)} → ${endpoint(h.dst, h.dport)}${flags}`;
}

/** Only the side that changed; the port only when it changed too. */
export function describeRewrite(before: Headers, after: Headers): string {
  const parts: string[] = [];
  if (before.src !== after.src || before.sport !== after.sport) {
    const withPort = before.sport !== after.sport;
    parts.push(
      `source ${withPort ? endpoint(before.src, before.sport) : before.src} → ${withPort ? endpoint(after.src, after.sport) : after.src}`,
    );
  }
  if (before.dst !== after.dst || before.dport !== after.dport) {
    const withPort = before.dport !== after.dport;
    parts.push(
      `destination ${withPort ? endpoint(before.dst, before.dport) : before.dst} → ${withPort ? endpoint(after.dst, after.dport) : after.dst}`,
    );
  }
  return parts.join(", ") || "no change";
}

const DROP_WHY: Readonly<Record<string, string>> = {
  rule: "a rule dropped it",
  policy: "the chain's policy dropped it",
  "no-route": "no route to the destination",
  "ip-forward-off": "net.ipv4.ip_forward is 0, so the host does not forward",
  "no-listener": "nothing listens on that port",
  "ttl-exceeded": "its TTL ran out",
  "link-down": "the link is down",
  martian: "no one on the wire answers for the destination",
  "no-reply-route": "the far end has no route back",
};

function ifaces(inIface?: string, outIface?: string): string {
  const parts = [inIface ? `in ${inIface}` : "", outIface ? `out ${outIface}` : ""].filter((s) => s !== "");
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

export function buildTimeline(events: readonly TraceEvent[], nameOf: NameOf): Timeline {
  let command: Timeline["command"];
  const packets = new Map<number, PacketInfo>();
  const where = new Map<number, Place>();
  const heads = new Map<number, Headers>();
  const rewrites = new Map<number, Rewrite[]>();
  const steps: Step[] = [];

  for (const e of events) {
    if (e.type === "command") {
      command ??= { machine: e.machine, line: e.line, exitCode: e.exitCode };
      continue;
    }
    const id = e.packetId;
    let from: Place | undefined;
    let at: Place = where.get(id) ?? { netns: "netns" in e ? e.netns : e.type === "hop" ? e.fromNetns : "" };
    let tone: StepTone;
    let text: string;
    const tag = `#${id}`;
    switch (e.type) {
      case "packet": {
        const info: PacketInfo = {
          packetId: id,
          flowId: e.flowId,
          label: e.label,
          sender: e.sender,
          direction: e.direction,
          netns: e.netns,
          headers: e.headers,
        };
        packets.set(id, info);
        heads.set(id, e.headers);
        at = { netns: e.netns };
        tone = "packet";
        text = `${tag} ${e.sender} in ${nameOf(e.netns)} sends ${e.label}${e.direction === "reply" ? " (reply)" : ""}: ${describeHeaders(e.headers)}`;
        break;
      }
      case "hop":
        from = { netns: e.fromNetns, iface: e.fromIface };
        at = { netns: e.toNetns, iface: e.toIface };
        tone = "hop";
        text = `${tag} leaves ${e.fromIface} of ${nameOf(e.fromNetns)}, arrives on ${e.toIface} of ${nameOf(e.toNetns)} (${e.medium})`;
        break;
      case "hook":
        heads.set(id, e.headers);
        at = { netns: e.netns, iface: e.outIface ?? e.inIface ?? at.iface };
        tone = "hook";
        text = `${tag} ${e.hook} in ${nameOf(e.netns)}${ifaces(e.inIface, e.outIface)}: ${describeHeaders(e.headers)}`;
        break;
      case "rule":
        tone = "rule";
        text = `${tag} ${e.table} ${e.chain} rule ${e.ruleIndex} → ${e.verdict}${e.toChain ? ` ${e.toChain}` : ""}: ${e.ruleText}`;
        break;
      case "policy":
        tone = e.policy === "DROP" ? "drop" : "rule";
        text = `${tag} ${e.table} ${e.chain}: no rule decided, policy ${e.policy}`;
        break;
      case "nat": {
        const r: Rewrite = {
          kind: e.kind,
          by: e.by,
          before: e.before,
          after: e.after,
          text: describeRewrite(e.before, e.after),
        };
        rewrites.set(id, [...(rewrites.get(id) ?? []), r]);
        heads.set(id, e.after);
        tone = "nat";
        text = `${tag} ${e.kind} in ${nameOf(e.netns)} (by ${e.by}): ${r.text}`;
        break;
      }
      case "conntrack":
        tone = "conntrack";
        text = `${tag} conntrack ${e.action === "new" ? "creates" : e.action === "confirm" ? "confirms" : "matches"} entry ${e.entryId} (${e.ctstate}): ${e.entryText}`;
        break;
      case "route":
        tone = "route";
        if (e.outIface) at = { netns: e.netns, iface: e.outIface };
        text = `${tag} routing in ${nameOf(e.netns)}: ${e.decision}${e.outIface ? ` via ${e.outIface}` : ""}${e.nextHop ? ` next hop ${e.nextHop}` : ""}${e.routeText ? ` (${e.routeText})` : ""}`;
        break;
      case "deliver":
        tone = "deliver";
        at = { netns: e.netns };
        text = `${tag} delivered to ${e.process} in ${nameOf(e.netns)} on ${endpoint(e.addr, e.port)}`;
        break;
      case "drop":
        tone = "drop";
        text = `${tag} dropped in ${nameOf(e.netns)}: ${DROP_WHY[e.reason] ?? e.reason}${e.detail ? ` (${e.detail})` : ""}`;
        break;
    }
    const before = where.get(id);
    if (!from && before && (before.netns !== at.netns || before.iface !== at.iface)) from = before;
    where.set(id, at);
    steps.push({
      index: steps.length,
      event: e,
      packet: packets.get(id),
      ...(from ? { from } : {}),
      at,
      where: nameOf(at.netns),
      headers: heads.get(id),
      rewrites: rewrites.get(id) ?? [],
      tone,
      text,
    });
  }
  return { command, steps, packets: [...packets.values()] };
}

export interface HookGroup {
  readonly hook: string;
  readonly netns: string;
  readonly where: string;
  /** Steps inside this hook (rules, policies, NAT, conntrack), in order. */
  readonly steps: readonly Step[];
  readonly first: number;
}

/** The hooks the current step's packet passes, each with what happened in it: the pipeline panel's rows. */
export function pipelineFor(timeline: Timeline, stepIndex: number): HookGroup[] {
  const current = timeline.steps[stepIndex];
  if (!current) return [];
  const id = current.event.packetId;
  const groups: { hook: string; netns: string; where: string; steps: Step[]; first: number }[] = [];
  let open: (typeof groups)[number] | undefined;
  for (const s of timeline.steps) {
    if (s.event.packetId !== id) continue;
    const e = s.event;
    if (e.type === "hook") {
      open = { hook: e.hook, netns: e.netns, where: s.where, steps: [], first: s.index };
      groups.push(open);
    } else if (e.type === "rule" || e.type === "policy" || e.type === "nat" || e.type === "conntrack") {
      open?.steps.push(s);
    } else {
      open = undefined;
    }
  }
  return groups;
}

/** The conntrack entries created up to and including a step (they appear as the animation reaches them). */
export function conntrackUpTo(
  timeline: Timeline,
  stepIndex: number,
): { netns: string; entryId: number; text: string }[] {
  const byId = new Map<string, { netns: string; entryId: number; text: string }>();
  for (const s of timeline.steps) {
    if (s.index > stepIndex) break;
    const e = s.event;
    if (e.type === "conntrack")
      byId.set(`${e.netns}/${e.entryId}`, { netns: e.netns, entryId: e.entryId, text: e.entryText });
  }
  return [...byId.values()];
}
