/**
 * The packet animation's transport. The position is a canonical index into the full,
 * unfiltered timeline of the last command's trace (its events without `command`), tied to
 * that trace by `traceSeq`: a new trace makes an old position stale, so the player waits at
 * the new trace's first key moment instead of playing it unseen. The view shown (key moments
 * or every step, filters, DNS folded or open) is state here; its entries are derived by
 * selectors (trace-view.ts). Autoplay, and stepping forward, stop at pause points a lesson may set.
 */
import type { StateCreator } from "zustand";
import {
  buildView,
  jumpTarget,
  NO_FILTERS,
  positionOf,
  stepEvents,
  stepInView,
  type JumpKind,
  type StepEvent,
  type TraceFilters,
  type TraceViewMode,
  type ViewEntry,
} from "./trace-view.ts";
import type { AppState } from "./types.ts";

export const SPEEDS = [0.5, 1, 2, 4] as const;
export type Speed = (typeof SPEEDS)[number];

/**
 * Where autoplay should stop and ask (a lesson's prediction): `at` is tested on every step of
 * the full timeline that playing would pass; when one holds, playing stops on the step shown
 * before it and `pauseReached` names the point and the step it is about.
 */
export interface PausePoint {
  readonly id: string;
  readonly at: (event: StepEvent, index: number, steps: readonly StepEvent[]) => boolean;
}

interface Cursor {
  readonly seq: number;
  readonly index: number;
}

export interface PlayerSlice {
  /** The full-timeline index shown, for the trace numbered `seq`; read it with selectCurrentStep. */
  cursor: Cursor | null;
  playing: boolean;
  speed: Speed;
  view: TraceViewMode;
  filters: TraceFilters;
  dnsOpen: boolean;
  pausePoints: readonly PausePoint[];
  /** The pause point autoplay stopped at (for trace `seq`); read it with selectPauseReached. */
  pauseReached: { readonly seq: number; readonly id: string; readonly index: number } | null;
  /** Go to a step of the full timeline (what a share link restores). */
  goToStep: (index: number) => void;
  /** The same as goToStep (the name the trace view has always used). */
  goTo: (index: number) => void;
  /** Steps within the view shown. */
  stepBy: (delta: number) => void;
  first: () => void;
  last: () => void;
  /** One autoplay tick: the next step of the view, unless a pause point comes first. */
  advance: () => void;
  play: () => void;
  pause: () => void;
  setSpeed: (s: Speed) => void;
  setView: (mode: TraceViewMode) => void;
  setFilters: (f: TraceFilters) => void;
  setDnsOpen: (open: boolean) => void;
  jump: (kind: JumpKind, dir: 1 | -1) => void;
  setPausePoints: (points: readonly PausePoint[]) => void;
}

/** The full timeline of the last command. */
export function selectSteps(s: AppState): readonly StepEvent[] {
  return stepEvents(s.lastEvents);
}

let viewMemo: { steps: unknown; mode: unknown; filters: unknown; dns: unknown; view: ViewEntry[] } | null = null;

/** The entries of the view shown (memoised, so a component re-renders only when it changes). */
export function selectView(s: AppState): readonly ViewEntry[] {
  const steps = selectSteps(s);
  const m = viewMemo;
  if (m && m.steps === steps && m.mode === s.view && m.filters === s.filters && m.dns === s.dnsOpen) return m.view;
  const view = buildView(steps, s.view, s.filters, s.dnsOpen);
  viewMemo = { steps, mode: s.view, filters: s.filters, dns: s.dnsOpen, view };
  return view;
}

/** The full-timeline index shown: the cursor if it belongs to this trace, else the view's first step. */
export function selectCurrentStep(s: AppState): number {
  const n = selectSteps(s).length;
  if (n === 0) return 0;
  if (s.cursor && s.cursor.seq === s.traceSeq) return Math.max(0, Math.min(n - 1, s.cursor.index));
  return selectView(s)[0]?.index ?? 0;
}

/** 1-based "step N of M" in the view shown (N is 0 when the step shown lies before the view's first). */
export function selectViewPosition(s: AppState): { n: number; of: number } {
  const view = selectView(s);
  return { n: positionOf(view, selectCurrentStep(s)) + 1, of: view.length };
}

export function selectPlaying(s: AppState): boolean {
  return s.playing && s.cursor !== null && s.cursor.seq === s.traceSeq;
}

/** What a share link needs to restore the view: the step, and how the trace is being looked at. */
export function selectViewMode(s: AppState): { view: TraceViewMode; filters: TraceFilters; dnsOpen: boolean } {
  return { view: s.view, filters: s.filters, dnsOpen: s.dnsOpen };
}

export function selectPauseReached(s: AppState): { id: string; index: number } | null {
  const p = s.pauseReached;
  return p && p.seq === s.traceSeq ? { id: p.id, index: p.index } : null;
}

export const createPlayerSlice: StateCreator<AppState, [], [], PlayerSlice> = (set, get) => {
  const at = (index: number): Pick<PlayerSlice, "cursor"> => ({ cursor: { seq: get().traceSeq, index } });
  const goToStep = (index: number) => {
    const n = selectSteps(get()).length;
    if (n === 0) return;
    set({ ...at(Math.max(0, Math.min(n - 1, Math.trunc(index)))), playing: false, pauseReached: null });
  };
  // The step a pause point stopped before: passing it again (Play once more) does not stop.
  let resumed: Cursor | null = null;
  /** Stops on `cur` when a pause point holds for a step after it, up to `to`; says whether it did. */
  const stopsBefore = (cur: number, to: number): boolean => {
    const s = get();
    if (s.pausePoints.length === 0) return false;
    const steps = selectSteps(s);
    for (let i = cur + 1; i <= to; i++) {
      if (resumed && resumed.seq === s.traceSeq && resumed.index === i) continue;
      const point = s.pausePoints.find((p) => p.at(steps[i]!, i, steps));
      if (point) {
        resumed = { seq: s.traceSeq, index: i };
        set({ ...at(cur), playing: false, pauseReached: { seq: s.traceSeq, id: point.id, index: i } });
        return true;
      }
    }
    return false;
  };
  return {
    cursor: null,
    playing: false,
    speed: 1,
    view: "key",
    filters: NO_FILTERS,
    dnsOpen: false,
    pausePoints: [],
    pauseReached: null,
    goToStep,
    goTo: goToStep,
    stepBy(delta) {
      const s = get();
      const cur = selectCurrentStep(s);
      const to = stepInView(selectView(s), cur, delta);
      if (to === null) return;
      // Stepping forward by hand stops where a prediction asks, as playing does.
      if (delta > 0 && stopsBefore(cur, to)) return;
      set({ ...at(to), playing: false, pauseReached: null });
    },
    first() {
      const v = selectView(get());
      if (v[0]) goToStep(v[0].index);
    },
    last() {
      const v = selectView(get());
      const e = v[v.length - 1];
      if (e) goToStep(e.index);
    },
    advance() {
      const s = get();
      const view = selectView(s);
      const cur = selectCurrentStep(s);
      const next = stepInView(view, cur, 1);
      if (next === null) {
        set({ playing: false });
        return;
      }
      if (stopsBefore(cur, next)) return;
      set({ ...at(next), playing: stepInView(view, next, 1) !== null });
    },
    play() {
      const s = get();
      const view = selectView(s);
      if (view.length === 0) return;
      const cur = selectCurrentStep(s);
      const atEnd = stepInView(view, cur, 1) === null;
      set({ ...at(atEnd ? view[0]!.index : cur), playing: true, pauseReached: null });
    },
    pause() {
      set({ playing: false });
    },
    setSpeed(speed) {
      set({ speed });
    },
    setView(view) {
      set({ view });
    },
    setFilters(filters) {
      set({ filters });
    },
    setDnsOpen(dnsOpen) {
      set({ dnsOpen });
    },
    jump(kind, dir) {
      const s = get();
      const to = jumpTarget(selectSteps(s), selectView(s), selectCurrentStep(s), kind, dir);
      if (to !== null) goToStep(to);
    },
    setPausePoints(pausePoints) {
      resumed = null;
      set({ pausePoints, pauseReached: null });
    },
  };
};
