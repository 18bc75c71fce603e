/** One store made of slices; the worker client is injected so tests can run the engine directly. */
import { create } from "zustand";
import { createPlayerSlice } from "./player-slice.ts";
import { createSimSlice } from "./sim-slice.ts";
import { createTerminalSlice } from "./terminal-slice.ts";
import type { AppState, SimClient } from "./types.ts";

export function createAppStore(client: () => SimClient) {
  return create<AppState>()((...a) => ({
    ...createSimSlice(client)(...a),
    ...createTerminalSlice(client)(...a),
    ...createPlayerSlice(...a),
  }));
}
