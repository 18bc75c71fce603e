/** One store made of slices; the worker client is injected so tests can run the engine directly. */
import { create } from "zustand";
import { createLessonSlice } from "./lesson-slice.ts";
import type { KeyValueStore } from "./lesson-storage.ts";
import { createPlayerSlice } from "./player-slice.ts";
import { createSimSlice } from "./sim-slice.ts";
import { createTerminalSlice } from "./terminal-slice.ts";
import type { AppState, SimClient } from "./types.ts";

/** `storage` keeps lesson progress (the browser's localStorage in the app; none by default, as in tests). */
export function createAppStore(client: () => SimClient, storage?: KeyValueStore) {
  return create<AppState>()((...a) => ({
    ...createSimSlice(client)(...a),
    ...createTerminalSlice(client)(...a),
    ...createPlayerSlice(...a),
    ...createLessonSlice(client, storage)(...a),
  }));
}
