/**
 * The walk's vocabulary and bookkeeping: where a packet ended (Delivery), who sent it
 * (SendMeta), the visit a namespace's hooks see, and the trace events each step writes.
 * Kept apart from walk.ts, whose steps call one another, so that file reads as the path.
 */
import type { DropCause, DropEvent, RouteEvent } from "../../trace/events.ts";
import type { Listener, Netns, Route } from "../types.ts";
import { appendLog, putNs, traceLogName, type Socket, type WalkState } from "./context.ts";
import type { Visit } from "./hooks.ts";
import type { Packet } from "./packet.ts";
import { planOf } from "./tables.ts";
import type { CtBinding } from "./visit.ts";

export type Receiver =
  | { readonly kind: "socket"; readonly socket: Socket }
  | { readonly kind: "listener"; readonly listener: Listener }
  /** The kernel itself answers (ICMP echo). */
  | { readonly kind: "kernel" };

export type Delivery =
  | { readonly kind: "delivered"; readonly netns: string; readonly pkt: Packet; readonly to: Receiver }
  /** Reached a namespace that has nothing listening: the kernel answers with a RST (TCP). */
  | { readonly kind: "refused"; readonly netns: string; readonly pkt: Packet }
  /**
   * REJECTed by a rule in `netns`: `pkt` as the rule saw it; `replied`, where the RST or
   * ICMP error the kernel sent back ended.
   */
  | {
      readonly kind: "rejected";
      readonly netns: string;
      readonly pkt: Packet;
      /** Where the kernel's answer ended (REJECT sends it at once). */
      readonly replied?: Delivery;
    }
  | { readonly kind: "dropped"; readonly netns: string; readonly reason: DropEvent["reason"] }
  /** The sender's own routing failed: connect() fails at once (ENETUNREACH). */
  | { readonly kind: "unreachable"; readonly netns: string };

export interface SendMeta {
  readonly sender: string;
  readonly direction: "original" | "reply";
  readonly label: string;
  readonly flowId: number;
  /** A kernel answer conntrack passes by. */
  readonly untracked?: boolean;
  /** REJECT's RST: it carries the refused connection's conntrack (nf_ct_attach). */
  readonly attached?: Attachment;
  /** Made and passed through OUTPUT, then discarded before the wire (see redirect.ts). */
  readonly discarded?: boolean;
}

/** What a RST takes along of the connection it refuses. */
export interface Attachment {
  readonly entry: CtBinding["entry"];
  readonly pending: boolean;
  readonly natDst: boolean;
  readonly natSrc: boolean;
}

export interface Walk {
  readonly st: WalkState;
  readonly packetId: number;
  readonly meta: SendMeta;
  hops: number;
}

export function drop(w: Walk, netns: string, reason: DropEvent["reason"], detail: string, cause: DropCause): Delivery {
  w.st.events.push({ type: "drop", packetId: w.packetId, netns, reason, detail, cause });
  return { kind: "dropped", netns, reason };
}

/** Processes in the lab run as root; the kernel's own answers have no socket. */
const ROOT = { uid: 0, gid: 0 } as const;

export function newVisit(w: Walk, ns: Netns, meta: SendMeta): Visit {
  return {
    ns,
    plan: planOf(ns.netfilter),
    packetId: w.packetId,
    traced: false,
    traceLines: [],
    mark: 0,
    untracked: meta.untracked === true,
    owner: meta.sender === "kernel" ? undefined : ROOT,
    ...(meta.attached ? { ct: { ...meta.attached, dir: "reply" as const, attached: true } } : {}),
  };
}

/** A visit by a frame that arrived on `inIface`, with its MACs. */
export function arrival(
  w: Walk,
  ns: Netns,
  inIface: string,
  macs: { readonly src: string; readonly dst: string },
): Visit {
  return {
    ns,
    plan: planOf(ns.netfilter),
    packetId: w.packetId,
    traced: false,
    traceLines: [],
    mark: 0,
    untracked: false,
    owner: undefined,
    inIface,
    macs,
  };
}

/** Writes the visit's namespace (counters, conntrack) and trace lines back into the world. */
export function leave(w: Walk, v: Visit): void {
  putNs(w.st, v.ns);
  if (v.traceLines.length === 0) return;
  appendLog(w.st, traceLogName(v.ns.id), v.traceLines);
  v.traceLines.length = 0;
}

const routeTexts = new WeakMap<Route, string>();

export function routeText(r: Route): string {
  let text = routeTexts.get(r);
  if (text === undefined) {
    const parts = [r.type === "local" ? `local ${r.dst}` : r.dst];
    if (r.via) parts.push(`via ${r.via}`);
    parts.push(`dev ${r.dev}`);
    if (r.src) parts.push(`src ${r.src}`);
    routeTexts.set(r, (text = parts.join(" ")));
  }
  return text;
}

/** The routing decision for a packet leaving by `route` (built whole: spreading is slow on this path). */
export function routeEvent(
  w: Walk,
  netns: string,
  decision: "output" | "forward",
  route: Route,
  outIface: string,
): RouteEvent {
  const text = routeText(route);
  return route.via
    ? { type: "route", packetId: w.packetId, netns, decision, routeText: text, outIface, nextHop: route.via }
    : { type: "route", packetId: w.packetId, netns, decision, routeText: text, outIface };
}

/**
 * The rule's own trace line (and the PACKET line before it, when it opened the chain's
 * run): nft reports a verdict once its target has run, so REJECT's answer is traced first.
 */
export function verdictTail(lines: string[]): string[] {
  let at = lines.length - 1;
  if (at < 0) return [];
  if (at > 0 && lines[at - 1]!.startsWith("PACKET:")) at--;
  return lines.splice(at);
}

export function martian(netns: string, iface: string, addr: string): DropCause {
  return { code: "martian", netns, iface, addr };
}

/** The walk's commonest dead end: nothing on `iface` answers ARP for the next hop. */
export function noNeighbour(w: Walk, netns: string, iface: string, nextHop: string): Delivery {
  return drop(w, netns, "martian", `no neighbour answers for ${nextHop} on ${iface}`, martian(netns, iface, nextHop));
}
