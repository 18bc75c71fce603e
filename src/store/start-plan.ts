/**
 * What the lab opens with: the link in the address bar, or the session in storage. The
 * address bar is rewritten a moment after each change, so on a reload it can lag behind
 * storage by a line or two; a link whose lines begin this tab's saved session is that
 * lag, and the saved session wins. Any other link (other lines, another machine, another
 * lesson) is someone's moment, opened as it is.
 */
import { sameEntries, sinceLastReset } from "../worker/session-log.ts";
import type { DecodedLink } from "./link.ts";
import type { Saved } from "./persist.ts";
import type { SessionState } from "./session-state.ts";

export interface StartPlan {
  readonly state: SessionState;
  readonly origin: "link" | "storage";
}

export function planStart(link: DecodedLink, saved: Saved | null): StartPlan | null {
  const stored = saved && saved.state.entries.length > 0 ? saved : null;
  if (link.kind !== "session") return stored ? { state: stored.state, origin: "storage" } : null;
  const l = link.state;
  if (stored) {
    const tail = sinceLastReset(stored.state.entries);
    const same =
      sameEntries(tail, l.entries) &&
      (stored.state.at ?? "host") === (l.at ?? "host") &&
      stored.state.lesson?.id === l.lesson?.id;
    const lagging =
      stored.thisTab && l.entries.length < tail.length && sameEntries(tail.slice(0, l.entries.length), l.entries);
    if (same) {
      // The same lines: this session, reopened at the link's step, in the link's layout.
      const offset = stored.state.entries.length - l.entries.length;
      const { step: _stored, ...rest } = stored.state;
      return {
        state: {
          ...rest,
          ...(l.step ? { step: { ...l.step, trace: l.step.trace + offset } } : {}),
          ...(l.layout ? { layout: l.layout } : {}),
        },
        origin: "storage",
      };
    }
    if (lagging) return { state: stored.state, origin: "storage" };
  }
  return { state: l, origin: "link" };
}
