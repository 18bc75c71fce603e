/**
 * TraceEvent[] → animation steps. Pure. Each step is one event of one packet,
 * with where the packet is after it (namespace and interface, for the graph),
 * its headers at that moment, the NAT rewrites it has had so far, and a sentence
 * a screen reader can read. The `command` event is not a step: it heads the list.
 */
import type { TFunction } from "i18next";
import type { Headers, TraceEvent } from "../../sim/trace/events.ts";
import { explainCause } from "./explain.ts";

/** The trace namespace's translator (pure code takes it as an argument, so tests pass English). */
export type TraceT = TFunction<"trace">;

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
export function describeRewrite(before: Headers, after: Headers, t: TraceT): string {
  const parts: string[] = [];
  if (before.src !== after.src || before.sport !== after.sport) {
    const withPort = before.sport !== after.sport;
    parts.push(
      t("rewrite.source", {
        before: withPort ? endpoint(before.src, before.sport) : before.src,
        after: withPort ? endpoint(after.src, after.sport) : after.src,
      }),
    );
  }
  if (before.dst !== after.dst || before.dport !== after.dport) {
    const withPort = before.dport !== after.dport;
    parts.push(
      t("rewrite.destination", {
        before: withPort ? endpoint(before.dst, before.dport) : before.dst,
        after: withPort ? endpoint(after.dst, after.dport) : after.dst,
      }),
    );
  }
  return parts.join(", ") || t("rewrite.none");
}

type DropReason = Extract<TraceEvent, { type: "drop" }>["reason"];

function dropWhy(reason: DropReason, t: TraceT): string {
  switch (reason) {
    case "rule":
      return t("why.rule");
    case "policy":
      return t("why.policy");
    case "no-route":
      return t("why.no-route");
    case "ip-forward-off":
      return t("why.ip-forward-off");
    case "no-listener":
      return t("why.no-listener");
    case "ttl-exceeded":
      return t("why.ttl-exceeded");
    case "link-down":
      return t("why.link-down");
    case "martian":
      return t("why.martian");
    case "no-reply-route":
      return t("why.no-reply-route");
    case "echo-ignored":
      return t("why.echo-ignored");
    case "discarded":
      return t("why.discarded");
  }
}

function ifaces(t: TraceT, inIface?: string, outIface?: string): string {
  const parts = [inIface ? t("step.in", { iface: inIface }) : "", outIface ? t("step.out", { iface: outIface }) : ""];
  const shown = parts.filter((s) => s !== "");
  return shown.length > 0 ? ` (${shown.join(", ")})` : "";
}

export function buildTimeline(events: readonly TraceEvent[], nameOf: NameOf, t: TraceT): Timeline {
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
        text = t("step.packet", {
          id,
          sender: e.sender,
          where: nameOf(e.netns),
          label: e.label,
          reply: e.direction === "reply" ? t("step.replySuffix") : "",
          headers: describeHeaders(e.headers),
        });
        break;
      }
      case "hop":
        from = { netns: e.fromNetns, iface: e.fromIface };
        at = { netns: e.toNetns, iface: e.toIface };
        tone = "hop";
        text = t("step.hop", {
          id,
          fromIface: e.fromIface,
          from: nameOf(e.fromNetns),
          toIface: e.toIface,
          to: nameOf(e.toNetns),
          medium: t(`medium.${e.medium}`),
        });
        break;
      case "hook":
        heads.set(id, e.headers);
        at = { netns: e.netns, iface: e.outIface ?? e.inIface ?? at.iface };
        tone = "hook";
        text = t("step.hook", {
          id,
          hook: e.hook,
          where: nameOf(e.netns),
          ifaces: ifaces(t, e.inIface, e.outIface),
          headers: describeHeaders(e.headers),
        });
        break;
      case "rule":
        tone = "rule";
        text = t("step.rule", {
          id,
          table: e.table,
          chain: e.chain,
          index: e.ruleIndex,
          verdict: e.verdict,
          to: e.toChain ? ` ${e.toChain}` : "",
          ruleText: e.ruleText,
        });
        break;
      case "policy":
        tone = e.policy === "DROP" ? "drop" : "rule";
        text = t("step.policy", { id, table: e.table, chain: e.chain, policy: e.policy });
        break;
      case "nat": {
        const r: Rewrite = {
          kind: e.kind,
          by: e.by,
          before: e.before,
          after: e.after,
          text: describeRewrite(e.before, e.after, t),
        };
        rewrites.set(id, [...(rewrites.get(id) ?? []), r]);
        heads.set(id, e.after);
        tone = "nat";
        text = t("step.nat", { id, kind: e.kind, where: nameOf(e.netns), by: t(`by.${e.by}`), rewrite: r.text });
        break;
      }
      case "conntrack":
        tone = "conntrack";
        text = t(e.action === "new" ? "step.ctNew" : e.action === "confirm" ? "step.ctConfirm" : "step.ctMatch", {
          id,
          entry: e.entryId,
          state: e.ctstate,
          text: e.entryText ?? "",
        });
        break;
      case "route":
        tone = "route";
        if (e.outIface) at = { netns: e.netns, iface: e.outIface };
        text = t("step.route", {
          id,
          where: nameOf(e.netns),
          decision: e.decision,
          via: e.outIface ? t("step.via", { iface: e.outIface }) : "",
          nextHop: e.nextHop ? t("step.nextHop", { addr: e.nextHop }) : "",
          routeText: e.routeText ? ` (${e.routeText})` : "",
        });
        break;
      case "deliver":
        tone = "deliver";
        at = { netns: e.netns };
        text = t("step.deliver", {
          id,
          process: e.process,
          where: nameOf(e.netns),
          endpoint: endpoint(e.addr, e.port),
        });
        break;
      case "drop":
        tone = "drop";
        text = t("step.drop", {
          id,
          where: nameOf(e.netns),
          why: e.cause
            ? explainCause(e.cause, nameOf, t)
            : `${dropWhy(e.reason, t)}${e.detail ? ` (${e.detail})` : ""}`,
        });
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
      byId.set(`${e.netns}/${e.entryId}`, { netns: e.netns, entryId: e.entryId, text: e.entryText ?? "" });
  }
  return [...byId.values()];
}
