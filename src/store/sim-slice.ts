/**
 * The page's read-only mirror of the worker's world, and the trace of the last
 * command. The worker owns the truth; this slice only holds its latest reply.
 */
import type { StateCreator } from "zustand";
import type { CompletionSpecs, PeekReply, Session, TraceEvent, World } from "../worker/protocol.ts";
import type { StoreContext } from "./context.ts";
import type { AppState } from "./types.ts";

export interface SimSlice {
  world: World | null;
  session: Session;
  lastEvents: readonly TraceEvent[];
  /** Bumped on every command, so views can tell a new trace from a re-render. */
  traceSeq: number;
  /** Which line of the history (an index into log.done) lastEvents belongs to, or -1. */
  traceOf: number;
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
  (ctx: StoreContext): StateCreator<AppState, [], [], SimSlice> =>
  (set, get) => ({
    world: null,
    session: { machine: "host" },
    lastEvents: [],
    traceSeq: 0,
    traceOf: -1,
    busy: false,
    completionSpecs: { commands: [], images: [] },
    selectedNode: null,
    connect() {
      return ctx.serial(async () => {
        const r = await ctx.sup.call(
          async (api) => Promise.all([api.snapshot(), api.completionSpecs()]),
          ctx.sup.limits.command,
        );
        if (r.ok) set({ world: r.value[0].world, session: r.value[0].session, completionSpecs: r.value[1] });
        else await get().recover(null, r.failure);
      });
    },
    attach(machine) {
      return ctx.serial(async () => {
        const r = await ctx.sup.call((api) => api.attach(machine), ctx.sup.limits.command);
        if (r.ok) set({ world: r.value.world, session: r.value.session });
        else await get().recover(null, r.failure);
      });
    },
    async peek(line, machine) {
      const r = await ctx.sup.call((api) => api.peek(line, machine), ctx.sup.limits.command);
      // The details panel shows what it can; a failed worker is the next command's to report.
      return r.ok ? r.value : { stdout: "", stderr: "", exitCode: 1 };
    },
    selectNode(id) {
      set({ selectedNode: id });
    },
  });
