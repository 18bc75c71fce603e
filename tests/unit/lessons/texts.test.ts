/**
 * Every lesson speaks every language the lab does, with the same parts as its logic:
 * a sentence for each goal, a label for each prediction's choices, as many hints in each
 * language, and code spans that open and close.
 */
import { describe, expect, it } from "vitest";
import { LESSONS } from "../../../src/lessons/catalogue.ts";
import { LESSON_TEXTS, lessonText } from "../../../src/lessons/texts.ts";
import type { LessonText } from "../../../src/lessons/types.ts";

function strings(t: LessonText): string[] {
  return [
    t.title,
    ...t.intro,
    ...Object.values(t.goals),
    ...t.hints,
    ...Object.values(t.predictions).flatMap((p) => [p.question, p.explain, ...Object.values(p.choices)]),
    ...t.explanation,
  ];
}

describe.each(["en", "ru", "zh"] as const)("lesson texts in %s", (lang) => {
  it.each(LESSONS.map((l) => [l.id, l] as const))("%s has every part its logic has", (id, lesson) => {
    const t = LESSON_TEXTS[lang][id];
    expect(Object.keys(t.goals).sort()).toEqual(lesson.goals.map((g) => g.id).sort());
    expect(Object.keys(t.predictions).sort()).toEqual(lesson.predictions.map((p) => p.id).sort());
    for (const p of lesson.predictions)
      expect(Object.keys(t.predictions[p.id]!.choices).sort()).toEqual([...p.choices].sort());
    expect(t.hints.length).toBe(LESSON_TEXTS.en[id].hints.length);
    expect(t.intro.length).toBeGreaterThan(0);
    expect(t.explanation.length).toBeGreaterThan(0);
    for (const s of strings(t)) {
      expect(s.trim()).not.toBe("");
      expect((s.match(/`/g) ?? []).length % 2, s).toBe(0);
    }
  });
});

describe("choosing a lesson's language", () => {
  it("reads a language tag, and falls back to English", () => {
    expect(lessonText("l07-publish", "zh-CN")?.title).toBe(LESSON_TEXTS.zh["l07-publish"].title);
    expect(lessonText("l07-publish", "de")?.title).toBe(LESSON_TEXTS.en["l07-publish"].title);
    expect(lessonText("no-such-lesson", "en")).toBeUndefined();
  });
});
