/**
 * The conntrack entry a trace event carries, as `conntrack -L` prints it. The walk does
 * not write it: formatting it for every packet of every command cost an eighth of a TCP
 * connection, and only the page shows it (the worker adds it to what it sends there).
 */
import { formatEntry } from "../netfilter/conntrack.ts";
import type { TraceEvent } from "./events.ts";

/** The events with each conntrack event's `entryText` written. */
export function withEntryTexts(events: readonly TraceEvent[]): readonly TraceEvent[] {
  if (!events.some((e) => e.type === "conntrack" && e.entryText === undefined && e.entry)) return events;
  return events.map((e) =>
    e.type === "conntrack" && e.entryText === undefined && e.entry
      ? { ...e, entryText: formatEntry(e.entry, e.at) }
      : e,
  );
}
