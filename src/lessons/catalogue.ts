/**
 * Every lesson, in the order they teach the article: the default bridge first, the
 * hand-written rules last. No lesson (the sandbox) is the default.
 */
import { lesson as l01 } from "./l01-default-bridge/lesson.ts";
import { lesson as l02 } from "./l02-docker-run/lesson.ts";
import { lesson as l03 } from "./l03-request-out/lesson.ts";
import { lesson as l04 } from "./l04-conntrack/lesson.ts";
import { lesson as l05 } from "./l05-ip-forward/lesson.ts";
import { lesson as l06 } from "./l06-masquerade/lesson.ts";
import { lesson as l07 } from "./l07-publish/lesson.ts";
import { lesson as l08 } from "./l08-request-in/lesson.ts";
import { lesson as l09 } from "./l09-localhost/lesson.ts";
import { lesson as l10 } from "./l10-filter/lesson.ts";
import { lesson as l11 } from "./l11-user-networks/lesson.ts";
import { lesson as l12 } from "./l12-write-it-yourself/lesson.ts";
import type { Lesson } from "./types.ts";

export const LESSONS = [
  l01,
  l02,
  l03,
  l04,
  l05,
  l06,
  l07,
  l08,
  l09,
  l10,
  l11,
  l12,
] as const satisfies readonly Lesson[];

export type LessonId = (typeof LESSONS)[number]["id"];

export function findLesson(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

export function isLessonId(id: unknown): id is LessonId {
  return typeof id === "string" && LESSONS.some((l) => l.id === id);
}

/** The lesson after `id` in the course, if any. */
export function nextLesson(id: string): Lesson | undefined {
  const i = LESSONS.findIndex((l) => l.id === id);
  return i >= 0 ? LESSONS[i + 1] : undefined;
}

/** Whether every goal of `lesson` is reached. */
export function isComplete(lesson: Lesson, goalsDone: number): boolean {
  return goalsDone >= lesson.goals.length;
}
