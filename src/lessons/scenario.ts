/**
 * A lesson as an oracle scenario file: its setup and its reference solution, one command
 * a line. Every lesson's file is recorded on real Docker (tests/fixtures/oracle/), so each
 * output a lesson relies on is known to be what Docker 26 prints.
 */
import type { Lesson } from "./types.ts";

export function lessonScenario(lesson: Lesson, title: string): string {
  return [`# ${title}`, ...lesson.setup, ...lesson.solution].join("\n") + "\n";
}
