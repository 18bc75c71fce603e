/**
 * The session as a whole: its log (mirrored from the engine with the same pure functions),
 * restoring one (a reload, a link, a scenario file), rebuilding it when the worker fails,
 * keeping it in the browser's storage, and the notices that say what happened. Notices
 * are codes with parameters; the interface words them in the reader's language.
 */
import type { StateCreator } from "zustand";
import type { Entry, EntryResult, LoadReply } from "../worker/protocol.ts";
import { EMPTY_LOG, isReset, RESET, sinceLastReset, type SessionLog } from "../worker/session-log.ts";
import type { StoreContext } from "./context.ts";
import { fromScenario, toScenario, type ScenarioProblem } from "./scenario-file.ts";
import type { Saved } from "./persist.ts";
import type { StartPlan } from "./start-plan.ts";
import type { LayoutState, SessionState } from "./session-state.ts";
import { selectLessonMark } from "./lesson-slice.ts";
import { selectViewPosition } from "./player-slice.ts";
import { readStepShown, showStep } from "./step-shown.ts";
import type { Failure } from "./supervisor.ts";
import { appendLines, explainingNote, replayedLines } from "./terminal-slice.ts";
import type { AppState } from "./types.ts";
import type { LinkProblem } from "./link.ts";

export type NoticeCode =
  | "restored"
  | "opened-link"
  | "opened-link-at-step"
  | "imported"
  | "lines-not-run"
  | "file-lines-not-run"
  | `link-${LinkProblem}`
  | `file-${ScenarioProblem}`
  | "worker-timeout"
  | "worker-crashed"
  | "worker-restarted"
  | "rebuilt-without"
  | "rebuild-failed"
  | "storage-failed"
  | "link-too-long-to-copy";

export interface Notice {
  readonly id: number;
  readonly code: NoticeCode;
  readonly params: Readonly<Record<string, string | number>>;
  readonly tone: "info" | "warning" | "error";
}

export type RestoreOrigin = "storage" | "link" | "file";

export interface SessionSlice {
  log: SessionLog;
  /** Container names by namespace id, as each was when its lines ran (for scenario files). */
  names: Readonly<Record<string, string>>;
  /** A session is being replayed (typing waits for it). */
  restoring: boolean;
  notices: readonly Notice[];
  /** The topology row's share of the height when the person (or a link) chose one. */
  topologyShare: number | null;
  notify: (code: NoticeCode, params?: Notice["params"], tone?: Notice["tone"]) => void;
  dismissNotice: (id: number) => void;
  /**
   * Replays a session on a fresh world and shows it. With `keepCurrent`, the present
   * history stays under a `reset`, so `undo` brings it back (a link opened in a running
   * tab, an imported file).
   */
  restore: (
    state: SessionState,
    origin: RestoreOrigin,
    opts?: { keepCurrent?: boolean; name?: string },
  ) => Promise<void>;
  /**
   * Opens the page: connects to the worker and restores what `plan` chooses (a link, the
   * saved session), with typing held until it is done.
   */
  startWith: (plan: () => Promise<StartPlan | null>) => Promise<void>;
  /** After a worker failed: replace it and rebuild the history. Call only from inside queued worker work. */
  recover: (line: string | null, failure: Failure) => Promise<void>;
  /** The session as a link or storage holds it now. */
  currentState: (extra?: { language?: string; forLink?: boolean }) => SessionState;
  exportScenario: () => string;
  importScenario: (text: string, name: string) => Promise<void>;
  setTopologyShare: (share: number | null) => void;
  /** The session the browser's storage holds (this tab's, else the latest of any tab). */
  savedSession: () => Saved | null;
}

/** The layout as a link and storage keep it (nothing when everything is as a fresh lab has it). */
export function layoutOf(s: AppState): LayoutState | undefined {
  const layout: LayoutState = {
    ...(s.topologyShare !== null ? { topology: s.topologyShare } : {}),
    ...(s.presenter ? { presenter: true as const } : {}),
    ...(s.hiddenPanels.length > 0 ? { hidden: s.hiddenPanels } : {}),
  };
  return Object.keys(layout).length > 0 ? layout : undefined;
}

/**
 * The lines to replay for a session. A link's and storage's lines hold the lesson's start (a
 * `reset` that carries it); a link that names a lesson without it (made by hand, or by a lab
 * before lessons) gets it put in front.
 */
export function withLessonStart(state: SessionState): { entries: readonly Entry[]; added: number } {
  const mark = state.lesson;
  if (!mark) return { entries: state.entries, added: 0 };
  const last = [...state.entries].reverse().find((e) => isReset(e) && !e.skip);
  if (last?.lesson === mark.id) return { entries: state.entries, added: 0 };
  return { entries: [{ line: RESET, machine: "host", lesson: mark.id }, ...state.entries], added: 1 };
}

export const createSessionSlice =
  (ctx: StoreContext): StateCreator<AppState, [], [], SessionSlice> =>
  (set, get) => {
    let noticeId = 1;

    /**
     * A link's or storage's layout: the share when it has one; presenter mode, with its
     * hidden panels, when it was presenting (a layout made outside it leaves the reader's
     * presenter mode alone: the person in front of the class decides that).
     */
    function applyLayout(layout: LayoutState) {
      set({
        ...(layout.topology !== undefined ? { topologyShare: layout.topology } : {}),
        ...(layout.presenter ? { presenter: true, hiddenPanels: layout.hidden ?? [] } : {}),
      });
    }

    /** Replays `entries` in a fresh worker world; on a failure, line by line, keeping the lines that stop it unrun. */
    async function rebuild(
      entries: readonly Entry[],
      opts: { undone?: SessionLog["undone"]; at?: string; traceOf?: number } = {},
    ): Promise<{ reply: LoadReply; stopped: number } | null> {
      const { sup } = ctx;
      const limit = (n: number) => sup.limits.load + sup.limits.perEntry * n;
      const fast = await sup.call((api) => api.load({ entries, ...opts }), limit(entries.length));
      if (fast.ok) return { reply: fast.value, stopped: 0 };
      sup.replace();
      const good: Entry[] = [];
      const results: EntryResult[] = [];
      let last: LoadReply | null = null;
      let stopped = 0;
      for (const e of entries) {
        const r = await sup.call((api) => api.append([e]), sup.limits.command);
        if (r.ok) {
          last = r.value;
          results.push(...r.value.results);
          good.push(e);
          continue;
        }
        stopped++;
        sup.replace();
        const kept: Entry = { line: e.line, machine: e.machine, skip: "stopped-the-lab" };
        good.push(kept);
        const again = await sup.call((api) => api.load({ entries: good }), limit(good.length));
        if (!again.ok) return null;
        last = again.value;
        results.push(again.value.results[again.value.results.length - 1]!);
      }
      if (opts.at !== undefined) {
        const at = opts.at;
        const r = await sup.call((api) => api.attach(at), sup.limits.command);
        if (r.ok && last) last = { ...last, session: r.value.session };
      }
      if (!last) {
        const empty = await sup.call((api) => api.load({ entries: [] }), limit(0));
        if (!empty.ok) return null;
        last = empty.value;
      }
      return { reply: { ...last, results }, stopped };
    }

    /** When nothing can be rebuilt: a fresh worker and an empty session, said plainly. */
    async function startAfresh() {
      ctx.sup.replace();
      const r = await ctx.sup.call((api) => api.load({ entries: [] }), ctx.sup.limits.load);
      set({
        log: EMPTY_LOG,
        worldView: r.ok ? r.value.view : null,
        worldSeq: get().worldSeq + 1,
        session: { machine: "host" },
        lastEvents: [],
        traceOf: -1,
      });
      get().followLesson({ events: [], exitCode: 0 });
      get().notify("rebuild-failed", {}, "error");
    }

    function namesFrom(results: readonly EntryResult[], base: Readonly<Record<string, string>>) {
      let names = base;
      for (const r of results)
        if (r.machineName && names[r.entry.machine] !== r.machineName)
          names = { ...names, [r.entry.machine]: r.machineName };
      return names;
    }

    /** Replays a session and shows it; run only from inside queued worker work (see restore). */
    async function restoreNow(
      state: SessionState,
      origin: RestoreOrigin,
      opts: { keepCurrent?: boolean; name?: string } = {},
    ) {
      const before = get();
      const keep = opts.keepCurrent === true && before.log.done.length > 0;
      const own = withLessonStart(state);
      // Lines that begin afresh (a lesson's start) need no `reset` of their own under the present history.
      const first = own.entries[0];
      const afresh = first !== undefined && isReset(first) && !first.skip;
      const prefix: Entry[] = [
        ...(keep ? [...before.log.done, ...(afresh ? [] : [{ line: RESET, machine: "host" }])] : []),
        ...own.entries.slice(0, own.added),
      ];
      const all = [...prefix, ...own.entries.slice(own.added)];
      const shownFrom = prefix.length - own.added;
      set({ restoring: true, busy: true });
      // Without a step, a link or a reload shows no trace (as after `undo`); a file shows its last line's.
      const traceOf = state.step ? prefix.length + state.step.trace : origin === "file" ? undefined : -1;
      const built = await rebuild(all, {
        ...(keep ? {} : { undone: state.undone ?? [] }),
        ...(state.at !== undefined ? { at: state.at } : {}),
        ...(traceOf !== undefined ? { traceOf } : {}),
      });
      if (!built) {
        await startAfresh();
        set({ restoring: false, busy: false });
        return;
      }
      const { reply, stopped } = built;
      const shown = reply.results.slice(shownFrom);
      // The trace first (still restoring, so nothing is saved half-way), then the step shown
      // in it through the player, then the rest in one set that saves the whole.
      set((s) => ({ lastEvents: reply.events, traceSeq: s.traceSeq + 1, traceOf: reply.traceOf }));
      if (state.step && reply.traceOf === traceOf) showStep(get(), state.step);
      if (state.layout) applyLayout(state.layout);
      const seq = get().traceSeq;
      const lines = shown.flatMap((r, i) => [
        ...replayedLines(r),
        ...(shownFrom + i === reply.traceOf ? explainingNote(reply.events, seq) : []),
      ]);
      set((s) => ({
        ...appendLines({ ...s, lines: keep ? [] : s.lines }, lines),
        worldView: reply.view,
        worldSeq: s.worldSeq + 1,
        session: reply.session,
        log: reply.log,
        names: namesFrom(reply.results, s.names),
        selectedNode: null,
      }));
      // The lesson after the lines (the replay checked its goals again), still restoring: nothing is saved half-way.
      await get().settleLesson(state.lesson, reply.lesson);
      set({ restoring: false, busy: false });
      // A lesson's start and the engine's lines are the lab's, not commands replayed.
      const n = state.entries.filter((e) => e.lesson === undefined && e.engine === undefined).length;
      const s = get();
      if (origin === "storage") s.notify("restored", { count: n });
      else if (origin === "file") s.notify("imported", { count: n, name: opts.name ?? "" });
      else if (state.step && reply.traceOf >= 0)
        s.notify("opened-link-at-step", {
          count: n,
          step: selectViewPosition(s).n,
          line: all[reply.traceOf]!.line.split("\n")[0]!,
        });
      else s.notify("opened-link", { count: n });
      const unknown = shown.filter((r) => r.entry.skip === "unknown-machine").length;
      if (unknown > 0) s.notify("lines-not-run", { count: unknown }, "warning");
      if (stopped > 0) s.notify("rebuilt-without", { count: stopped }, "warning");
    }

    return {
      log: EMPTY_LOG,
      names: {},
      restoring: false,
      notices: [],
      topologyShare: null,
      notify(code, params = {}, tone = "info") {
        set((s) => ({ notices: [...s.notices.slice(-4), { id: noticeId++, code, params, tone }] }));
      },
      dismissNotice(id) {
        set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
      },
      setTopologyShare(share) {
        set({ topologyShare: share });
      },
      savedSession() {
        return ctx.storage.load();
      },
      currentState(extra = {}) {
        const s = get();
        const done = extra.forLink ? sinceLastReset(s.log.done) : s.log.done;
        const offset = s.log.done.length - done.length;
        const shown = readStepShown(s);
        const layout = layoutOf(s);
        const lesson = selectLessonMark(s);
        return {
          entries: done.map(({ line, machine, skip, lesson, engine }) =>
            skip === "stopped-the-lab"
              ? { line, machine, skip }
              : {
                  line,
                  machine,
                  ...(lesson !== undefined ? { lesson } : {}),
                  ...(engine !== undefined ? { engine } : {}),
                },
          ),
          ...(!extra.forLink && s.log.undone.length > 0 ? { undone: s.log.undone } : {}),
          ...(s.session.machine !== "host" ? { at: s.session.machine } : {}),
          ...(shown && shown.trace >= offset ? { step: { ...shown, trace: shown.trace - offset } } : {}),
          ...(layout ? { layout } : {}),
          ...(extra.language ? { language: extra.language } : {}),
          ...(lesson ? { lesson } : {}),
        };
      },
      restore(state, origin, opts = {}) {
        return ctx.serial(() => restoreNow(state, origin, opts));
      },
      startWith(plan) {
        // Held from the first moment, so a line typed while the page opens waits for the
        // session it opens with (and is not saved over it).
        set({ restoring: true, busy: true });
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
          const chosen = await plan();
          if (chosen) await restoreNow(chosen.state, chosen.origin);
          set({ restoring: false, busy: false });
        });
      },
      async recover(line, failure) {
        const s = get();
        s.notify(
          line === null ? "worker-restarted" : failure === "timeout" ? "worker-timeout" : "worker-crashed",
          {
            line: (line ?? "").split("\n")[0]!,
            seconds: Math.round(ctx.sup.limits.command / 1000),
            count: s.log.done.length,
          },
          "error",
        );
        ctx.sup.replace();
        set({ restoring: true });
        const built = await rebuild(s.log.done, {
          undone: s.log.undone,
          at: s.session.machine,
          ...(s.traceOf >= 0 ? { traceOf: s.traceOf } : {}),
        });
        if (!built) {
          await startAfresh();
          set({ restoring: false });
          return;
        }
        set({
          worldView: built.reply.view,
          worldSeq: get().worldSeq + 1,
          session: built.reply.session,
          log: built.reply.log,
        });
        await get().settleLesson(selectLessonMark(get()), built.reply.lesson);
        set({ restoring: false });
        if (built.stopped > 0) get().notify("rebuilt-without", { count: built.stopped }, "warning");
      },
      exportScenario() {
        const s = get();
        return toScenario(s.log.done, s.names);
      },
      async importScenario(text, name) {
        const read = fromScenario(text);
        if (!read.ok) {
          get().notify(`file-${read.problem}`, { name }, "error");
          return;
        }
        await get().restore({ entries: read.entries }, "file", { keepCurrent: true, name });
        if (read.notRun.length > 0)
          get().notify(
            "file-lines-not-run",
            { count: read.notRun.length, lines: read.notRun.map((l) => `${l.lineNo}: ${l.text}`).join("; ") },
            "warning",
          );
      },
    };
  };
