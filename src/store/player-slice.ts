/**
 * The packet animation's transport: which step of the last command's trace is
 * shown, whether it plays, and how fast. The steps themselves are derived from
 * the trace (ui/trace/timeline.ts); this slice only holds the cursor.
 */
import type { StateCreator } from "zustand";
import type { AppState } from "./types.ts";

export const SPEEDS = [0.5, 1, 2, 4] as const;
export type Speed = (typeof SPEEDS)[number];

export interface PlayerSlice {
  step: number;
  playing: boolean;
  speed: Speed;
  /** Steps in the current trace (set by the trace view once it has built the timeline). */
  stepCount: number;
  /**
   * A step to open the next trace at, paused (a link's "step shown"); used up by the next
   * setStepCount instead of starting from the first step and playing.
   */
  pendingStep: number | null;
  setStepCount: (n: number) => void;
  /** Opens the next trace paused at `step` (see pendingStep). */
  openAtStep: (step: number) => void;
  goTo: (step: number) => void;
  stepBy: (delta: number) => void;
  play: () => void;
  pause: () => void;
  setSpeed: (s: Speed) => void;
}

export const createPlayerSlice: StateCreator<AppState, [], [], PlayerSlice> = (set, get) => ({
  step: 0,
  playing: false,
  speed: 1,
  stepCount: 0,
  pendingStep: null,
  setStepCount(n) {
    const pending = get().pendingStep;
    if (pending !== null)
      set({ stepCount: n, step: Math.max(0, Math.min(n - 1, pending)), playing: false, pendingStep: null });
    else set({ stepCount: n, step: 0, playing: n > 0 });
  },
  openAtStep(step) {
    set({ pendingStep: step, playing: false });
  },
  goTo(step) {
    const n = get().stepCount;
    set({ step: Math.max(0, Math.min(n - 1, step)), playing: false });
  },
  stepBy(delta) {
    const { step, stepCount } = get();
    const next = Math.max(0, Math.min(stepCount - 1, step + delta));
    set({ step: next, playing: get().playing && next < stepCount - 1 });
  },
  play() {
    const { step, stepCount } = get();
    if (stepCount === 0) return;
    set({ playing: true, step: step >= stepCount - 1 ? 0 : step });
  },
  pause() {
    set({ playing: false });
  },
  setSpeed(speed) {
    set({ speed });
  },
});
