/**
 * How much of the page's height the topology row takes on a wide screen, in percent,
 * clamped to a range where both rows stay usable, and remembered in localStorage.
 */
import { useCallback, useState } from "react";

/** Share of the page's height the topology row takes: the graph is what a class looks at. */
export const DEFAULT_SHARE = 55;
export const MIN_SHARE = 25;
export const MAX_SHARE = 80;
const KEY = "dnl-topology-share";

function clampShare(n: number): number {
  return Math.round(Math.min(MAX_SHARE, Math.max(MIN_SHARE, n)));
}

function savedShare(): number {
  try {
    const n = Number(localStorage.getItem(KEY));
    if (Number.isFinite(n) && n >= MIN_SHARE && n <= MAX_SHARE) return n;
  } catch {
    // Storage can be blocked (private mode): the default applies.
  }
  return DEFAULT_SHARE;
}

/** The topology row's share (percent), remembered across visits. */
export function useRowShare(): [number, (n: number) => void] {
  const [share, setShare] = useState(savedShare);
  const set = useCallback((n: number) => {
    const next = clampShare(n);
    setShare(next);
    try {
      localStorage.setItem(KEY, String(next));
    } catch {
      // Not remembered; the layout still changes.
    }
  }, []);
  return [share, set];
}
