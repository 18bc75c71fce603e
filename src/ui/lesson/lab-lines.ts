import type { LabLine } from "../../store/index.ts";

/** The lab lines about `help` and the lesson in hand (the rest are the session's and the trace's). */
export type LessonLabLine = Extract<LabLine, { code: "help" | "lesson-start" | "goal-done" | "lesson-done" | "stuck" }>;

export function isLessonLabLine(line: LabLine): line is LessonLabLine {
  return (
    line.code === "help" ||
    line.code === "lesson-start" ||
    line.code === "goal-done" ||
    line.code === "lesson-done" ||
    line.code === "stuck"
  );
}
