/**
 * `conntrack -E`: the kernel's conntrack events, as a background job (`conntrack -E &`)
 * that shares the shell's job table with tcpdump (shell/jobs.ts). What it prints is
 * derived from the trace a command's packets left (each entry as the packet left it)
 * and from the table itself (entries gone: expired or deleted): `[NEW]` when an entry
 * is confirmed, `[UPDATE]` when a packet changes its state, whether it was replied or
 * assured (a refreshed timeout alone is no event), `[DESTROY]` when it goes. On SIGINT
 * or SIGTERM it says how many it showed; its filters and `-e` are those of the command line.
 */
import { getNetns, updateNetns } from "../../../kernel/netns.ts";
import type { ConntrackEntry } from "../../../netfilter/conntrack-types.ts";
import { isLive } from "../../../netfilter/conntrack.ts";
import type { Capture, CtWatch } from "../../../programs/tcpdump/types.ts";
import type { TraceEvent } from "../../../trace/events.ts";
import type { World } from "../../../world.ts";
import { EVENT_DESTROY, EVENT_NEW, EVENT_UPDATE, PREFIX, TRY, parseConntrack, type CtArgs } from "./args.ts";
import { eventLine, type EventKind } from "./format.ts";

/** Whether a command line is conntrack's event mode (which the lab keeps running in the background). */
export function isEventMode(argv: readonly string[]): boolean {
  if (argv[0] !== "conntrack") return false;
  const p = parseConntrack(argv);
  return p.kind === "error" || (p.kind === "args" && p.cmd === "E");
}

/** The lab keeps at most this many entries in mind per watch (the oldest are forgotten). */
const MAX_KNOWN = 512;

export type Started =
  | { readonly ok: true; readonly watch: CtWatch }
  | { readonly ok: false; readonly stderr: string; readonly exitCode: number };

/** Starts watching the namespace's table: the entries there now are known, so only changes print. */
export function startWatch(world: World, netns: string, argv: readonly string[]): Started {
  const p = parseConntrack(argv);
  if (p.kind === "error") return { ok: false, stderr: `${PREFIX}${p.message}\n${TRY}`, exitCode: 2 };
  if (p.kind !== "args") return { ok: false, stderr: "", exitCode: 0 };
  const table = getNetns(world, netns)?.conntrack ?? [];
  const known: Record<string, ConntrackEntry> = {};
  // Only entries made while someone listened report events (an earlier conntrack -E's, say).
  for (const e of table.slice(-MAX_KNOWN)) if (e.events && isLive(e, world.clock)) known[e.id] = e;
  return { ok: true, watch: { argv: [...argv], known, shown: 0 } };
}

/** An unreplied TCP entry whose next packet came back a reset (`advance` made it CLOSE). */
function killedByReset(before: ConntrackEntry, after: ConntrackEntry): boolean {
  return before.proto === "tcp" && !before.seenReply && after.tcpState === "CLOSE";
}

const statusKey = (e: ConntrackEntry) => `${e.tcpState ?? ""}|${e.seenReply}|${e.assured}`;

export interface WatchFed {
  readonly watch: CtWatch;
  readonly text: string;
}

function argsOf(w: CtWatch): CtArgs | undefined {
  const p = parseConntrack(w.argv);
  return p.kind === "args" ? p : undefined;
}

/** The epoch seconds `-o timestamp` prints, from the world's clock (ms). */
function stamp(ms: number): string {
  const us = Math.floor(ms * 1000);
  return `[${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, "0")}]\t`;
}

/**
 * The events of one command for a watch in `netns`: its packets' entries in order, then
 * the entries that left the table (`deleted` names those a conntrack -D or -F took, and who).
 */
export function feedWatch(
  c: Capture & { readonly ctWatch: CtWatch },
  world: World,
  events: readonly TraceEvent[],
): WatchFed {
  const w = c.ctWatch;
  const deleted = new Map((w.deleted ?? []).map((d) => [d.entry.id, d]));
  const args = argsOf(w);
  if (!args) return { watch: w, text: "" };
  const known: Record<string, ConntrackEntry> = { ...w.known };
  // Unchanged (no event, nothing learnt), the watch stays the same object: a command that only looked changes no world.
  let changed = (w.deleted?.length ?? 0) > 0;
  let text = "";
  let shown = w.shown;
  const show = (kind: EventKind, e: ConntrackEntry, at: number, by?: { pid: number; prog: string }) => {
    const bit = kind === "NEW" ? EVENT_NEW : kind === "UPDATE" ? EVENT_UPDATE : EVENT_DESTROY;
    if ((args.eventMask & bit) === 0 || !args.filters.every((f) => f(e))) return;
    text += (args.output.timestamp ? stamp(at) : "") + eventLine(kind, e, at, args.output, by) + "\n";
    shown++;
  };
  for (const ev of events) {
    if (ev.type !== "conntrack" || ev.netns !== c.netns || !ev.entry?.events) continue;
    const e = ev.entry;
    if (ev.action === "confirm") {
      known[e.id] = e;
      changed = true;
      show("NEW", e, e.updatedAt);
    } else if (ev.action === "match") {
      // A packet that only refreshes the timeout is no event (nor worth remembering).
      const before = known[e.id];
      if (before && statusKey(before) === statusKey(e)) continue;
      if (before && killedByReset(before, e)) {
        // A reset answering the first SYN: the kernel drops the entry at once, CLOSE and still
        // unreplied, with the timeout it had; there is no update before its end.
        known[e.id] = { ...before, tcpState: "CLOSE" };
        changed = true;
        continue;
      }
      known[e.id] = e;
      changed = true;
      if (before) show("UPDATE", e, e.updatedAt);
    }
  }
  // Entries no longer in the table: deleted from userspace, reset, or expired on the clock.
  const table = getNetns(world, c.netns)?.conntrack ?? [];
  const live = new Set(table.filter((e) => isLive(e, world.clock)).map((e) => e.id));
  for (const id of Object.keys(known)) {
    if (live.has(Number(id))) continue;
    const e = known[id]!;
    delete known[id];
    changed = true;
    const d = deleted.get(e.id);
    if (d) show("DESTROY", d.entry, world.clock, { pid: d.pid, prog: "conntrack" });
    else if (e.tcpState === "CLOSE" && !e.seenReply) show("DESTROY", e, e.updatedAt);
    else show("DESTROY", e, Math.max(world.clock, e.updatedAt + e.timeout * 1000), undefined);
  }
  const ids = Object.keys(known);
  for (const id of ids.slice(0, Math.max(0, ids.length - MAX_KNOWN))) delete known[id];
  if (!changed) return { watch: w, text: "" };
  const watch: CtWatch = { argv: w.argv, known, shown };
  return { watch, text };
}

/**
 * The world after a conntrack -D or -F (process `pid`) took `gone` from `netns`: each watch
 * there remembers who took them, for its `[DESTROY] … [USERSPACE]` lines.
 */
export function noteDeleted(world: World, netns: string, gone: readonly ConntrackEntry[], pid: number): World {
  const caps = world.captures;
  if (!caps || gone.length === 0 || !caps.some((c) => c.ctWatch && !c.ended && c.netns === netns)) return world;
  const captures = caps.map((c) =>
    c.ctWatch && !c.ended && c.netns === netns
      ? {
          ...c,
          ctWatch: {
            ...c.ctWatch,
            deleted: [...(c.ctWatch.deleted ?? []), ...gone.map((entry) => ({ entry, pid }))].slice(-MAX_KNOWN),
          },
        }
      : c,
  );
  return { ...world, captures };
}

/** The world with one more (or one fewer) conntrack -E listening to `netns`'s table. */
export function listen(world: World, netns: string, delta: 1 | -1): World {
  const ns = getNetns(world, netns);
  if (!ns) return world;
  return updateNetns(world, ns.id, (n) => ({ ...n, ctListeners: Math.max(0, (n.ctListeners ?? 0) + delta) }));
}

/** What conntrack -E says when SIGINT or SIGTERM stops it. */
export function watchSummary(w: CtWatch): string {
  return `${PREFIX}${w.shown} flow events have been shown.\n`;
}
