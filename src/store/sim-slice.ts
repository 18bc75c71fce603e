/**
 * The page's read-only mirror of the worker's world, and the trace of the last
 * command. The worker owns the truth; this slice only holds its latest reply.
 */
import type { StateCreator } from "zustand";
import type { Session, TraceEvent, World } from "../worker/protocol.ts";
import type { AppState, SimClient } from "./types.ts";

export interface SimSlice {
  world: World | null;
  session: Session;
  lastEvents: readonly TraceEvent[];
  busy: boolean;
  /** Load the worker's current world (at start-up). */
  connect: () => Promise<void>;
}

export const createSimSlice =
  (client: () => SimClient): StateCreator<AppState, [], [], SimSlice> =>
  (set) => ({
    world: null,
    session: { machine: "host" },
    lastEvents: [],
    busy: false,
    async connect() {
      const snap = await client().snapshot();
      set({ world: snap.world, session: snap.session });
    },
  });
