/**
 * The lesson in progress and the progress of every lesson. The worker checks the goals
 * (lessons/progress.ts) on every line and reports how far the learner is; this slice keeps
 * that, reveals hints one at a time, asks the lesson's predictions where the trace stops
 * (the player's pause points) and checks each answer against what the trace then does.
 * Progress is kept in the browser; a link carries `{ id, goal }` (selectLessonMark).
 */
import type { StateCreator } from "zustand";
// Only the lessons' data and the pure trace readers come to the page: the goal checks run in the worker.
import { findLesson, isComplete, LESSONS } from "../lessons/catalogue.ts";
import { pauseStep, predictionOutcome } from "../lessons/predictions.ts";
import type { Lesson } from "../lessons/types.ts";
import type { RunReply, TraceEvent } from "../worker/protocol.ts";
import {
  loadLessons,
  saveLessons,
  type ActiveLesson,
  type KeyValueStore,
  type LessonProgress,
  type SavedAnswer,
} from "./lesson-storage.ts";
import type { PausePoint } from "./player-slice.ts";
import type { TermLine } from "./terminal-slice.ts";
import type { AppState, SimClient } from "./types.ts";

/** Where a lesson stands, as a link carries it (the session link's `lesson` field): goals reached so far. */
export interface LessonMark {
  readonly id: string;
  readonly goal: number;
}

export interface Answer extends SavedAnswer {
  /** What the simulation did: the address, or `deliver@…` / `drop@…`. */
  readonly actual?: string;
  /** The trace it was asked on (the card shows the result while that trace is on show). */
  readonly seq: number;
}

export interface LessonState extends ActiveLesson {
  readonly answers: Readonly<Record<string, Answer | SavedAnswer>>;
  /** The trace that proved the lesson, and its step, to show again. */
  readonly proof: { readonly events: readonly TraceEvent[]; readonly index: number } | null;
  /** The prediction answered last, while its result is on show. */
  readonly answered: string | null;
}

export interface LessonSlice {
  lesson: LessonState | null;
  /** Every lesson's best: goals reached, finished. */
  lessonProgress: Readonly<Record<string, LessonProgress>>;
  lessonListOpen: boolean;
  welcomed: boolean;
  setLessonListOpen: (open: boolean) => void;
  dismissWelcome: () => void;
  /** Starts a lesson afresh: the lab is reset, its setup typed, its goals checked from then on. */
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
  /** Continues a lesson from a link or storage (the world is rebuilt by replaying its lines). */
  restoreLesson: (mark: LessonMark | undefined) => Promise<void>;
  /** At start-up: continues the lesson the browser's storage says was in hand (before the history replays). */
  resumeSavedLesson: () => Promise<void>;
  /** Called with every reply the terminal gets: goals reached, a hint for a command not found. */
  noteLessonReply: (reply: RunReply) => void;
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
  (client: () => SimClient, storage: KeyValueStore | undefined): StateCreator<AppState, [], [], LessonSlice> =>
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
            const world = get().world;
            return world !== null && pauseStep(p, world, steps) === index;
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

    const labLines = (lines: readonly Omit<TermLine, "id">[]) =>
      set((s) => {
        let id = s.nextLineId;
        return { lines: [...s.lines, ...lines.map((l) => ({ ...l, id: id++ }))], nextLineId: id };
      });

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
        const lesson = findLesson(id);
        if (!lesson) return;
        set({ lessonListOpen: false, welcomed: true });
        await client().setLesson(null);
        await get().submit("reset");
        labLines([{ kind: "note", text: "", lab: { kind: "lesson-start", lessonId: lesson.id } }]);
        for (const line of lesson.setup) await get().submit(line);
        const r = await client().setLesson(lesson.id, 0);
        set({
          lesson: {
            id: lesson.id,
            goalsDone: r?.goalsDone ?? 0,
            hintsShown: 0,
            solutionShown: false,
            answers: {},
            proof: null,
            answered: null,
          },
        });
        record(lesson.id, 0);
        armPredictions();
        persist();
      },
      async leaveLesson() {
        await client().setLesson(null);
        set({ lesson: null });
        get().setPausePoints([]);
        persist();
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
        if (!s.lesson || !p || !s.world || !pending || pending.id !== id) return;
        const o = predictionOutcome(p, s.world, s.lastEvents, pending.index);
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
        set((s) => ({ lastEvents: proof.events, traceSeq: s.traceSeq + 1, cursor: null }));
        get().goToStep(proof.index);
      },
      async restoreLesson(mark) {
        const lesson = mark ? findLesson(mark.id) : undefined;
        if (!mark || !lesson) return;
        const r = await client().setLesson(lesson.id, mark.goal);
        if (!r) return;
        const stored = loadLessons(storage).active;
        const same = stored?.id === lesson.id ? stored : undefined;
        set({
          lesson: {
            id: lesson.id,
            goalsDone: r.goalsDone,
            hintsShown: same?.hintsShown ?? 0,
            solutionShown: same?.solutionShown ?? false,
            answers: same?.answers ?? {},
            proof: null,
            answered: null,
          },
        });
        record(lesson.id, r.goalsDone);
        armPredictions();
        persist();
      },
      async resumeSavedLesson() {
        const active = loadLessons(storage).active;
        if (active) await get().restoreLesson({ id: active.id, goal: active.goalsDone });
      },
      noteLessonReply(reply) {
        const s = get();
        const l = s.lesson;
        const lesson = selectActiveLesson(s);
        if (!l || !lesson) return;
        const lines: Omit<TermLine, "id">[] = [];
        const report = reply.lesson;
        if (report && report.id === l.id && report.goalsDone > l.goalsDone) {
          for (let g = l.goalsDone; g < report.goalsDone; g++)
            lines.push({ kind: "note", text: "", lab: { kind: "goal-done", lessonId: l.id, goal: g } });
          const proof = report.proofStep === undefined ? l.proof : { events: reply.events, index: report.proofStep };
          set({ lesson: { ...l, goalsDone: report.goalsDone, proof } });
          record(l.id, report.goalsDone);
          if (isComplete(lesson, report.goalsDone))
            lines.push({ kind: "note", text: "", lab: { kind: "lesson-done", lessonId: l.id } });
          persist();
        } else if (reply.exitCode === 127 && reply.control === undefined && !isComplete(lesson, l.goalsDone)) {
          lines.push({ kind: "note", text: "", lab: { kind: "stuck", lessonId: l.id } });
        }
        if (lines.length > 0) labLines(lines);
      },
    };
  };

export { LESSONS };
