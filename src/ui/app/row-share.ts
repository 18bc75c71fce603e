/**
 * How much of the page's height the topology row takes on a wide screen, in percent,
 * clamped to a range where both rows stay usable. Until the learner drags the bar, the
 * row takes what the graph needs to be drawn as large as the page's width allows (up to
 * DEFAULT_SHARE), so the terminal and the trace get the rest; a dragged share is kept in
 * localStorage and wins from then on.
 */
import { useCallback, useEffect } from "react";
import { useAppStore } from "../../store/index.ts";

/** Most the topology row takes by itself: three containers at 1280×720 read at 9.5 px here. */
export const DEFAULT_SHARE = 55;
/** While a trace is shown the graph also holds the netfilter pipeline, and may take this much. */
export const TRACE_SHARE = 64;
export const MIN_SHARE = 25;
export const MAX_SHARE = 80;
const KEY = "dnl-topology-share";

function clampShare(n: number): number {
  return Math.round(Math.min(MAX_SHARE, Math.max(MIN_SHARE, n)));
}

function savedShare(): number | null {
  try {
    const saved = localStorage.getItem(KEY);
    const n = Number(saved);
    if (saved !== null && Number.isFinite(n) && n >= MIN_SHARE && n <= MAX_SHARE) return n;
  } catch {
    // Storage can be blocked (private mode): the automatic share applies.
  }
  return null;
}

/**
 * The share the topology row gets by itself: its panel's ideal height (see
 * idealPanelHeight) over the height both rows share, within MIN_SHARE..DEFAULT_SHARE.
 */
export function autoShare(idealPanelPx: number | null, rowsPx: number, cap: number = DEFAULT_SHARE): number {
  if (idealPanelPx === null || rowsPx <= 0) return DEFAULT_SHARE;
  return clampShare(Math.min(cap, (idealPanelPx / rowsPx) * 100));
}

/**
 * The share the learner chose by dragging (null until then), remembered across visits. It
 * lives in the store, so a link can carry it and open the layout it was made in (a link's
 * layout holds for the visit; only a drag is remembered).
 */
export function useRowShare(): [number | null, (n: number) => void] {
  const share = useAppStore((s) => s.topologyShare);
  useEffect(() => {
    const saved = savedShare();
    if (saved !== null && useAppStore.getState().topologyShare === null) useAppStore.getState().setTopologyShare(saved);
  }, []);
  const set = useCallback((n: number) => {
    const next = clampShare(n);
    useAppStore.getState().setTopologyShare(next);
    try {
      localStorage.setItem(KEY, String(next));
    } catch {
      // Not remembered; the layout still changes.
    }
  }, []);
  return [share === null ? null : clampShare(share), set];
}
