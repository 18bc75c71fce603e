/** One store made of slices; the simulation is spawned through a factory so tests can run the engine directly. */
import { create } from "zustand";
import { serialQueue, type StoreContext } from "./context.ts";
import { createLessonSlice } from "./lesson-slice.ts";
import type { KeyValueStore } from "./lesson-storage.ts";
import { memorySessionStore, type SessionStore } from "./persist.ts";
import { createPlayerSlice } from "./player-slice.ts";
import { createPresenterSlice } from "./presenter-slice.ts";
import { createSessionSlice } from "./session-slice.ts";
import { createSimSlice } from "./sim-slice.ts";
import { DEFAULT_LIMITS, Supervisor, type SimLimits, type SpawnSim } from "./supervisor.ts";
import { createTerminalSlice } from "./terminal-slice.ts";
import type { AppState } from "./types.ts";

/** Whether the step on show or the way the trace is viewed changed (what a link and storage keep of the player). */
export function viewMoved(s: AppState, prev: AppState): boolean {
  return s.cursor !== prev.cursor || s.view !== prev.view || s.filters !== prev.filters || s.dnsOpen !== prev.dnsOpen;
}

/** Whether the layout a link and storage keep changed: the dragged bar, presenter mode, the panels hidden. */
export function layoutMoved(s: AppState, prev: AppState): boolean {
  return (
    s.topologyShare !== prev.topologyShare || s.presenter !== prev.presenter || s.hiddenPanels !== prev.hiddenPanels
  );
}

/** Whether the lesson in hand or its goals reached changed (what a link and storage keep of it). */
export function lessonMoved(s: AppState, prev: AppState): boolean {
  return s.lesson?.id !== prev.lesson?.id || s.lesson?.goalsDone !== prev.lesson?.goalsDone;
}

export interface StoreOptions {
  readonly storage?: SessionStore;
  readonly limits?: SimLimits;
  /** Where lesson progress is kept (the browser's localStorage in the app; none by default, as in tests). */
  readonly lessonStorage?: KeyValueStore;
}

export function createAppStore(spawn: SpawnSim, options: StoreOptions = {}) {
  const ctx: StoreContext = {
    sup: new Supervisor(spawn, options.limits ?? DEFAULT_LIMITS),
    storage: options.storage ?? memorySessionStore(),
    serial: serialQueue(),
  };
  const store = create<AppState>()((...a) => ({
    ...createSimSlice(ctx)(...a),
    ...createTerminalSlice(ctx)(...a),
    ...createPlayerSlice(...a),
    ...createSessionSlice(ctx)(...a),
    ...createLessonSlice(ctx, options.lessonStorage)(...a),
    ...createPresenterSlice(...a),
  }));
  // Every change to the session is saved at once, so a crash a moment later loses nothing
  // (the step on show too, once the trace stops moving).
  store.subscribe((s, prev) => {
    if (s.restoring) return;
    const stepMoved = !s.playing && (viewMoved(s, prev) || s.traceOf !== prev.traceOf || s.playing !== prev.playing);
    if (
      s.log === prev.log &&
      s.session.machine === prev.session.machine &&
      !layoutMoved(s, prev) &&
      !lessonMoved(s, prev) &&
      !stepMoved
    )
      return;
    if (!ctx.storage.save(s.currentState()) && !s.notices.some((n) => n.code === "storage-failed"))
      s.notify("storage-failed", {}, "warning");
  });
  return store;
}
