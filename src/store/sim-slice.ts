/**
 * The page's view of the worker's world (what it draws: worker/view.ts), and the trace of
 * the last command. The worker owns the world; this slice holds the view it sent, patched
 * with what each answer says changed.
 */
import type { StateCreator } from "zustand";
import type {
  CompletionSpecs,
  EngineSide,
  EngineVersion,
  PeekReply,
  Session,
  TraceEvent,
  WorldView,
} from "../worker/protocol.ts";
import { engineLine } from "../worker/session-log.ts";
import type { StoreContext } from "./context.ts";
import type { AppState } from "./types.ts";

export interface SimSlice {
  /** What the page draws of the world; null until the worker first answers. */
  worldView: WorldView | null;
  /**
   * Bumped whenever the worker's world changed, even where the view did not (a `curl`
   * moves counters and conntrack), so panels showing a tool's output ask again.
   */
  worldSeq: number;
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
  /** The engines the lab can run (fetched once), oldest first. */
  engines: readonly { readonly version: EngineVersion; readonly label: string }[];
  /** After a switch: the engine the world was rebuilt on and from how many lines (for the status line). */
  lastSwitch: { readonly engine: EngineVersion; readonly lines: number } | null;
  /**
   * Rebuilds the world on another engine from the same commands (those since the last
   * `reset`), as a line of the session: shown in the terminal, recorded, undoable.
   */
  switchEngine: (engine: EngineVersion) => Promise<void>;
  /** `iptables-save` on each engine after `lines` (none: the article's `docker run`), or after this session's commands. */
  compareEngines: (source: readonly string[] | "session") => Promise<readonly EngineSide[]>;
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
    worldView: null,
    worldSeq: 0,
    session: { machine: "host" },
    lastEvents: [],
    traceSeq: 0,
    traceOf: -1,
    busy: false,
    completionSpecs: { commands: [], images: [] },
    selectedNode: null,
    engines: [],
    lastSwitch: null,
    connect() {
      return ctx.serial(async () => {
        const r = await ctx.sup.call(
          async (api) => Promise.all([api.snapshot(), api.completionSpecs(), api.engines()]),
          ctx.sup.limits.command,
        );
        if (r.ok)
          set({
            worldView: r.value[0].view,
            session: r.value[0].session,
            completionSpecs: r.value[1],
            engines: r.value[2],
          });
        else await get().recover(null, r.failure);
      });
    },
    attach(machine) {
      return ctx.serial(async () => {
        const r = await ctx.sup.call((api) => api.attach(machine), ctx.sup.limits.command);
        if (r.ok) set({ session: r.value.session });
        else await get().recover(null, r.failure);
      });
    },
    async switchEngine(engine) {
      // A line of the history, as a lesson's start is: shown, recorded, undoable, in the link.
      const reply = await get().runAction(engineLine(engine), (api) => api.switchEngine(engine));
      if (reply?.note?.code === "engine") set({ lastSwitch: { engine, lines: reply.note.count ?? 0 } });
    },
    async compareEngines(source) {
      const r = await ctx.sup.call((api) => api.compare(source), ctx.sup.limits.command);
      return r.ok ? r.value : [];
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
