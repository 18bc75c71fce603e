/**
 * Lesson progress as the browser keeps it (localStorage): which goals each lesson reached
 * and whether it was finished, the lesson in progress, and whether the welcome was seen.
 * What storage holds may come from another version or be tampered with, so it is read
 * field by field and anything odd is dropped, never trusted.
 */
import { findLesson } from "../lessons/catalogue.ts";

export const LESSON_STORAGE_KEY = "dnl.lessons";

/** The little a store needs of localStorage (tests pass a Map-backed one). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface LessonProgress {
  /** Most goals reached in one go. */
  readonly goals: number;
  readonly done: boolean;
}

export interface ActiveLesson {
  readonly id: string;
  readonly goalsDone: number;
  readonly hintsShown: number;
  readonly solutionShown: boolean;
  /** Prediction id → the choice given and whether the simulation bore it out. */
  readonly answers: Readonly<Record<string, SavedAnswer>>;
}

export interface SavedAnswer {
  readonly choice: string;
  readonly correct: boolean;
}

export interface SavedLessons {
  readonly progress: Readonly<Record<string, LessonProgress>>;
  readonly active: ActiveLesson | null;
  readonly welcomed: boolean;
}

export const NO_SAVED_LESSONS: SavedLessons = { progress: {}, active: null, welcomed: false };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const count = (v: unknown, max: number): number | undefined =>
  typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= max ? v : undefined;

function readAnswers(v: unknown, ids: readonly string[]): Record<string, SavedAnswer> {
  const out: Record<string, SavedAnswer> = {};
  if (!isRecord(v)) return out;
  for (const id of ids) {
    const a = v[id];
    if (isRecord(a) && typeof a.choice === "string" && a.choice.length <= 40 && typeof a.correct === "boolean")
      out[id] = { choice: a.choice, correct: a.correct };
  }
  return out;
}

function readActive(v: unknown): ActiveLesson | null {
  if (!isRecord(v) || typeof v.id !== "string") return null;
  const lesson = findLesson(v.id);
  if (!lesson) return null;
  return {
    id: lesson.id,
    goalsDone: count(v.goalsDone, lesson.goals.length) ?? 0,
    hintsShown: count(v.hintsShown, 100) ?? 0,
    solutionShown: v.solutionShown === true,
    answers: readAnswers(
      v.answers,
      lesson.predictions.map((p) => p.id),
    ),
  };
}

/** Reads what storage holds, keeping only what makes sense for the lessons that exist. */
export function parseSavedLessons(text: string | null): SavedLessons {
  if (text === null || text.length > 100_000) return NO_SAVED_LESSONS;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return NO_SAVED_LESSONS;
  }
  if (!isRecord(raw)) return NO_SAVED_LESSONS;
  const progress: Record<string, LessonProgress> = {};
  if (isRecord(raw.progress)) {
    for (const [id, p] of Object.entries(raw.progress)) {
      const lesson = findLesson(id);
      if (!lesson || !isRecord(p)) continue;
      const goals = count(p.goals, lesson.goals.length);
      if (goals !== undefined) progress[id] = { goals, done: p.done === true && goals === lesson.goals.length };
    }
  }
  return { progress, active: readActive(raw.active), welcomed: raw.welcomed === true };
}

export function loadLessons(storage: KeyValueStore | undefined): SavedLessons {
  try {
    return parseSavedLessons(storage?.getItem(LESSON_STORAGE_KEY) ?? null);
  } catch {
    return NO_SAVED_LESSONS; // storage can be disabled (private mode): start afresh
  }
}

export function saveLessons(storage: KeyValueStore | undefined, saved: SavedLessons): void {
  try {
    storage?.setItem(LESSON_STORAGE_KEY, JSON.stringify(saved));
  } catch {
    // not kept: the lesson still runs for this visit
  }
}

/** The browser's storage, when there is one and it may be used. */
export function browserStorage(): KeyValueStore | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}
