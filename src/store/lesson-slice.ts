/**
 * The lesson in progress and the progress of every lesson. The worker holds the lesson as
 * part of the session: a lesson starts with a line of the history (a `reset` that carries
 * it), every line is checked against its goals (lessons/progress.ts), and `undo`/`redo`
 * bring the lesson and its goals back as they were. This slice follows the engine's report
 * after every reply, reveals hints one at a time, asks the lesson's predictions where the
 * trace stops (the player's pause points) and checks each answer against what the trace
 * then does. Progress is kept in the browser; a link carries `{ id, goal }` (selectLessonMark).
 */
import type { StateCreator } from "zustand";
// Only the lessons' data and the pure trace readers come to the page: the goal checks run in the worker.
import { findLesson, isComplete, LESSONS } from "../lessons/catalogue.ts";
import { pauseStep, predictionOutcome } from "../lessons/predictions.ts";
import type { Lesson } from "../lessons/types.ts";
import type { LessonReport, RunReply, TraceEvent } from "../worker/protocol.ts";
import { RESET } from "../worker/session-log.ts";
import type { StoreContext } from "./context.ts";
import {
  loadLessons,
  saveLessons,
  type ActiveLesson,
  type KeyValueStore,
  type LessonProgress,
  type SavedAnswer,
} from "./lesson-storage.ts";
import type { PausePoint } from "./player-slice.ts";
import type { LessonMark } from "./session-state.ts";
import { appendLines, type TermLine } from "./terminal-slice.ts";
import type { AppState } from "./types.ts";

export type { LessonMark };

export interface Answer extends SavedAnswer {
  /** What the simulation did: the address, or `deliver@…` / `drop@…`. */
  readonly actual?: string;
  /** The trace it was asked on (the card shows the result while that trace is on show). */
  readonly seq: number;
}

export interface LessonState extends ActiveLesson {
  readonly answers: Readonly<Record<string, Answer | SavedAnswer>>;
  /** The trace that proved the lesson, its step, and the line of the history it is the trace of. */
  readonly proof: { readonly events: readonly TraceEvent[]; readonly index: number; readonly traceOf: number } | null;
  /** The prediction answered last, while its result is on show. */
  readonly answered: string | null;
}

/** What the lesson slice reads of a reply: the engine's report, and what the line did. */
type Followed = Pick<RunReply, "lesson" | "events" | "exitCode" | "control" | "entry">;

export interface LessonSlice {
  lesson: LessonState | null;
  /** Every lesson's best: goals reached, finished. */
  lessonProgress: Readonly<Record<string, LessonProgress>>;
  lessonListOpen: boolean;
  welcomed: boolean;
  setLessonListOpen: (open: boolean) => void;
  dismissWelcome: () => void;
  /**
   * Starts a lesson afresh, as one line of the history: the lab is reset, its setup run,
   * its goals checked from then on. `undo` takes the start back whole (the world and the
   * lesson before it return); `reset` typed in a lesson starts it again.
   */
  startLesson: (id: string) => Promise<void>;
  /** Back to the sandbox: no goals; the world stays as it is. */
  leaveLesson: () => Promise<void>;
  revealHint: () => void;
  showSolution: () => void;
  answerPrediction: (id: string, choice: string) => void;
  /** Puts the answered prediction's card away and plays on. */
  continueAfterAnswer: () => void;
  /** Puts the trace that proved the lesson back on show, at its step. */
  showProof: () => void;
  /** Makes the engine check `mark`'s lesson from its goal on, on the world as it is (an unknown lesson is ignored). */
  restoreLesson: (mark: LessonMark | undefined) => Promise<void>;
  /**
   * After a session was rebuilt: the lesson in hand becomes what `mark` says (none: the
   * sandbox), trusting the engine's `report` when it is the same lesson (a replay checks the
   * goals again on the same world). Call only from inside queued worker work.
   */
  settleLesson: (mark: LessonMark | undefined, report: LessonReport | undefined) => Promise<void>;
  /** Called with every reply the terminal gets: the lesson started, goals reached or taken back, a hint for a command not found. */
  followLesson: (reply: Followed, opts?: { quiet?: boolean }) => void;
}

export function selectLessonMark(s: AppState): LessonMark | undefined {
  return s.lesson ? { id: s.lesson.id, goal: s.lesson.goalsDone } : undefined;
}

export function selectActiveLesson(s: AppState): Lesson | undefined {
  return s.lesson ? findLesson(s.lesson.id) : undefined;
}

/** The prediction the player stopped for, unanswered, if any. */
export function selectPendingPrediction(s: AppState): { id: string; index: number } | null {
  const p = s.pauseReached;
  if (!s.lesson || !p || p.seq !== s.traceSeq || Object.hasOwn(s.lesson.answers, p.id)) return null;
  return { id: p.id, index: p.index };
}

/** The answer on show (just given, for the trace on show). */
export function selectShownAnswer(s: AppState): ({ id: string } & Answer) | null {
  const id = s.lesson?.answered;
  if (!id || !s.lesson) return null;
  const a = s.lesson.answers[id];
  return a && "seq" in a && a.seq === s.traceSeq ? { id, ...a } : null;
}

export const createLessonSlice =
  (ctx: StoreContext, storage: KeyValueStore | undefined): StateCreator<AppState, [], [], LessonSlice> =>
  (set, get) => {
    const saved = loadLessons(storage);

    const persist = () => {
      const s = get();
      const l = s.lesson;
      saveLessons(storage, {
        progress: s.lessonProgress,
        welcomed: s.welcomed,
        active: l
          ? {
              id: l.id,
              goalsDone: l.goalsDone,
              hintsShown: l.hintsShown,
              solutionShown: l.solutionShown,
              answers: Object.fromEntries(
                Object.entries(l.answers).map(([k, a]) => [k, { choice: a.choice, correct: a.correct }]),
              ),
            }
          : null,
      });
    };

    /** The lesson's unanswered predictions become the player's pause points. */
    const armPredictions = () => {
      const s = get();
      const lesson = selectActiveLesson(s);
      const points: PausePoint[] = (lesson?.predictions ?? [])
        .filter((p) => !Object.hasOwn(s.lesson!.answers, p.id))
        .map((p) => ({
          id: p.id,
          at: (_e, index, steps) => {
            const view = get().worldView;
            return view !== null && pauseStep(p, view, steps) === index;
          },
        }));
      s.setPausePoints(points);
    };

    const record = (id: string, goals: number) => {
      const lesson = findLesson(id);
      if (!lesson) return;
      set((s) => {
        const before = s.lessonProgress[id];
        const best = Math.max(before?.goals ?? 0, goals);
        return {
          lessonProgress: {
            ...s.lessonProgress,
            [id]: { goals: best, done: (before?.done ?? false) || isComplete(lesson, goals) },
          },
        };
      });
    };

    const labLines = (lines: readonly Omit<TermLine, "id">[]) => set((s) => appendLines(s, lines));

    /**
     * A lesson comes into hand: started afresh (hints and answers from nothing), or brought
     * back by `undo`, `redo` or a rebuilt session (hints and answers as this browser kept them).
     */
    const takeUp = (report: LessonReport, fresh: boolean) => {
      const stored = fresh ? undefined : loadLessons(storage).active;
      const same = stored?.id === report.id ? stored : undefined;
      set({
        lesson: {
          id: report.id,
          goalsDone: report.goalsDone,
          hintsShown: same?.hintsShown ?? 0,
          solutionShown: same?.solutionShown ?? false,
          answers: same?.answers ?? {},
          proof: null,
          answered: null,
        },
      });
      record(report.id, report.goalsDone);
      armPredictions();
      persist();
    };

    const drop = () => {
      set({ lesson: null });
      get().setPausePoints([]);
      persist();
    };

    return {
      lesson: null,
      lessonProgress: saved.progress,
      lessonListOpen: false,
      welcomed: saved.welcomed,
      setLessonListOpen(open) {
        set({ lessonListOpen: open });
      },
      dismissWelcome() {
        set({ welcomed: true });
        persist();
      },
      async startLesson(id) {
        if (!findLesson(id)) return;
        set({ lessonListOpen: false, welcomed: true });
        persist();
        await get().runAction(RESET, (api) => api.startLesson(id));
      },
      async leaveLesson() {
        // The page leaves at once; a worker replaced meanwhile is rebuilt into the sandbox too.
        drop();
        await ctx.serial(async () => {
          const r = await ctx.sup.call((api) => api.setLesson(null), ctx.sup.limits.command);
          if (!r.ok) await get().recover(null, r.failure);
        });
      },
      revealHint() {
        set((s) => {
          const l = s.lesson;
          const lesson = selectActiveLesson(s);
          if (!l || !lesson) return {};
          return { lesson: { ...l, hintsShown: l.hintsShown + 1 } };
        });
        persist();
      },
      showSolution() {
        set((s) => (s.lesson ? { lesson: { ...s.lesson, solutionShown: true } } : {}));
        persist();
      },
      answerPrediction(id, choice) {
        const s = get();
        const lesson = selectActiveLesson(s);
        const p = lesson?.predictions.find((x) => x.id === id);
        const pending = selectPendingPrediction(s);
        if (!s.lesson || !p || !s.worldView || !pending || pending.id !== id) return;
        const o = predictionOutcome(p, s.worldView, s.lastEvents, pending.index);
        const answer: Answer = {
          choice,
          correct: o.correct === choice,
          seq: s.traceSeq,
          ...(o.actual === undefined ? {} : { actual: o.actual }),
        };
        set({ lesson: { ...s.lesson, answers: { ...s.lesson.answers, [id]: answer }, answered: id } });
        // The pause reached stays until the learner plays on, so the card can show the result.
        const reached = get().pauseReached;
        armPredictions();
        set({ pauseReached: reached });
        persist();
      },
      continueAfterAnswer() {
        set((s) => (s.lesson ? { lesson: { ...s.lesson, answered: null } } : {}));
        get().play();
      },
      showProof() {
        const proof = get().lesson?.proof;
        if (!proof) return;
        // The proof's line is still in the history (an undo past it takes the proof away), so a link can name it.
        set((s) => ({ lastEvents: proof.events, traceSeq: s.traceSeq + 1, cursor: null, traceOf: proof.traceOf }));
        get().goToStep(proof.index);
      },
      restoreLesson(mark) {
        return ctx.serial(async () => {
          if (!mark || !findLesson(mark.id)) return;
          const r = await ctx.sup.call((api) => api.setLesson(mark.id, mark.goal), ctx.sup.limits.command);
          if (!r.ok) return get().recover(null, r.failure);
          get().followLesson({ lesson: r.value ?? undefined, events: [], exitCode: 0 }, { quiet: true });
        });
      },
      async settleLesson(mark, report) {
        if ((mark?.id ?? null) === (report?.id ?? null)) {
          get().followLesson({ lesson: report, events: [], exitCode: 0 }, { quiet: true });
          return;
        }
        const r = await ctx.sup.call((api) => api.setLesson(mark?.id ?? null, mark?.goal ?? 0), ctx.sup.limits.command);
        get().followLesson(
          { lesson: r.ok ? (r.value ?? undefined) : report, events: [], exitCode: 0 },
          { quiet: true },
        );
      },
      followLesson(reply, opts = {}) {
        const s = get();
        const l = s.lesson;
        const report = reply.lesson;
        if (!report) {
          if (l) drop();
          return;
        }
        const lesson = findLesson(report.id);
        if (!lesson) return;
        // A lesson's start (afresh: a `reset` that carries it), or another lesson brought back by undo/redo.
        const started = reply.entry?.lesson === report.id;
        if (!l || l.id !== report.id || started) {
          takeUp(report, started);
          return;
        }
        const lines: Omit<TermLine, "id">[] = [];
        if (report.goalsDone > l.goalsDone) {
          if (!opts.quiet)
            for (let g = l.goalsDone; g < report.goalsDone; g++)
              lines.push({ kind: "lab", text: "", lab: { code: "goal-done", lessonId: l.id, goal: g } });
          const proof =
            report.proofStep === undefined
              ? l.proof
              : { events: reply.events, index: report.proofStep, traceOf: get().traceOf };
          set({ lesson: { ...l, goalsDone: report.goalsDone, proof } });
          record(l.id, report.goalsDone);
          if (isComplete(lesson, report.goalsDone) && !opts.quiet)
            lines.push({ kind: "lab", text: "", lab: { code: "lesson-done", lessonId: l.id } });
          persist();
        } else if (report.goalsDone < l.goalsDone) {
          // `undo` took back the line that reached them: the goals are the world's again (the best stays in progress).
          set({ lesson: { ...l, goalsDone: report.goalsDone, proof: null } });
          persist();
        } else if (reply.exitCode === 127 && reply.control === undefined && !isComplete(lesson, l.goalsDone)) {
          lines.push({ kind: "lab", text: "", lab: { code: "stuck", lessonId: l.id } });
        }
        if (lines.length > 0) labLines(lines);
      },
    };
  };

export { LESSONS };
