/**
 * The page's read-only mirror of the worker's world, and the trace of the last
 * command. The worker owns the truth; this slice only holds its latest reply.
 */
import type { StateCreator } from "zustand";
import {
  ATTACH_PREFIX,
  type CompletionSpecs,
  type EngineSide,
  type EngineVersion,
  type PeekReply,
  type Session,
  type TraceEvent,
  type World,
} from "../worker/protocol.ts";
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
  /** The engines the lab can run (fetched once), oldest first. */
  engines: readonly { readonly version: EngineVersion; readonly label: string }[];
  /** After a switch: the engine the world was rebuilt on and from how many lines (for the status line). */
  lastSwitch: { readonly engine: EngineVersion; readonly lines: number } | null;
  /** Rebuilds the world on another engine from the same history (the share log). */
  switchEngine: (engine: EngineVersion) => Promise<void>;
  /** `iptables-save` on each engine after `lines` (none: the article's `docker run`). */
  compareEngines: (lines: readonly string[]) => Promise<readonly EngineSide[]>;
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
  (set, get) => ({
    world: null,
    session: { machine: "host" },
    lastEvents: [],
    traceSeq: 0,
    busy: false,
    completionSpecs: { commands: [], images: [] },
    selectedNode: null,
    engines: [],
    lastSwitch: null,
    async connect() {
      const [snap, specs, engines] = await Promise.all([
        client().snapshot(),
        client().completionSpecs(),
        client().engines(),
      ]);
      set({ world: snap.world, session: snap.session, completionSpecs: specs, engines });
    },
    async attach(machine) {
      const snap = await client().attach(machine);
      set((s) => {
        // A container is recorded by name: its id differs when the history is rebuilt on another engine.
        const ref =
          snap.world.docker.containers.find((c) => c.id === snap.session.machine)?.name ?? snap.session.machine;
        return {
          world: snap.world,
          session: snap.session,
          // Recorded so a shared link replays the switch; `#attach` is the lab's, not a shell's.
          shareLog: snap.session.machine === s.session.machine ? s.shareLog : [...s.shareLog, `${ATTACH_PREFIX}${ref}`],
        };
      });
    },
    async switchEngine(engine) {
      const { shareLog } = get();
      set({ busy: true });
      try {
        const snap = await client().rebuild(engine, shareLog);
        set((s) => ({
          world: snap.world,
          session: snap.session,
          // The last trace belongs to the other engine's world.
          lastEvents: [],
          traceSeq: s.traceSeq + 1,
          selectedNode: null,
          lastSwitch: { engine, lines: shareLog.length },
        }));
      } finally {
        set({ busy: false });
      }
    },
    async compareEngines(lines) {
      return client().compare(lines);
    },
    async peek(line, machine) {
      return client().peek(line, machine);
    },
    selectNode(id) {
      set({ selectedNode: id });
    },
  });
