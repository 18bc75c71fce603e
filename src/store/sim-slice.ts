/**
 * The page's read-only mirror of the worker's world, and the trace of the last
 * command. The worker owns the truth; this slice only holds its latest reply.
 */
import type { StateCreator } from "zustand";
import type { CompletionSpecs, PeekReply, Session, TraceEvent, World } from "../worker/protocol.ts";
import type { AppState, SimClient } from "./types.ts";

export interface SimSlice {
  world: World | null;
  session: Session;
  lastEvents: readonly TraceEvent[];
  /** Bumped on every command, so views can tell a new trace from a re-render. */
  traceSeq: number;
  busy: boolean;
  /** The shell's command specs, for Tab completion (fetched once: they never change). */
  completionSpecs: CompletionSpecs;
  /** The topology node the user selected (its details show in a side panel). */
  selectedNode: string | null;
  /** Load the worker's current world (at start-up). */
  connect: () => Promise<void>;
  /** Attach the terminal to another machine (the machine switcher). */
  attach: (machine: string) => Promise<void>;
  /** What a read-only command prints in `machine` now (the world is not changed). */
  peek: (line: string, machine: string) => Promise<PeekReply>;
  selectNode: (id: string | null) => void;
}

export const createSimSlice =
  (client: () => SimClient): StateCreator<AppState, [], [], SimSlice> =>
  (set) => ({
    world: null,
    session: { machine: "host" },
    lastEvents: [],
    traceSeq: 0,
    busy: false,
    completionSpecs: { commands: [], images: [] },
    selectedNode: null,
    async connect() {
      const [snap, specs] = await Promise.all([client().snapshot(), client().completionSpecs()]);
      set({ world: snap.world, session: snap.session, completionSpecs: specs });
    },
    async attach(machine) {
      const snap = await client().attach(machine);
      set((s) => ({
        world: snap.world,
        session: snap.session,
        // Recorded so a shared link replays the switch; `#attach` is the lab's, not a shell's.
        shareLog:
          snap.session.machine === s.session.machine ? s.shareLog : [...s.shareLog, `#attach ${snap.session.machine}`],
      }));
    },
    async peek(line, machine) {
      return client().peek(line, machine);
    },
    selectNode(id) {
      set({ selectedNode: id });
    },
  });
