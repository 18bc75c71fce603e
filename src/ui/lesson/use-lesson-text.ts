import { useTranslation } from "react-i18next";
import { LESSONS, lessonText, type LessonText } from "../../store/index.ts";

/** A lesson's prose in the interface's language (English where a translation is missing). */
export function useLessonText(id: string | undefined): LessonText | undefined {
  const { i18n } = useTranslation();
  return id === undefined ? undefined : lessonText(id, i18n.language);
}

/** The lesson's place in the course, from 1. */
export function lessonNumber(id: string): number {
  return LESSONS.findIndex((l) => l.id === id) + 1;
}
