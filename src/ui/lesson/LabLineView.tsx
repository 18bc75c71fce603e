import { useTranslation } from "react-i18next";
import { findLesson, useAppStore, type LabLine } from "../../store/index.ts";
import { LAB_BUTTON, LabBox } from "../terminal/LabBox.tsx";
import type { LessonLabLine } from "./lab-lines.ts";
import { Prose } from "./Prose.tsx";
import { lessonNumber, useLessonText } from "./use-lesson-text.ts";

function Help({ line }: { readonly line: Extract<LabLine, { code: "help" }> }) {
  const { t } = useTranslation("lessons");
  const machine = t(`machine.${line.help.machine}`);
  return (
    <LabBox tone="lab" testId="lab-help">
      <strong>{t("help.title")}</strong>
      <p>{t("help.what")}</p>
      <p>{t("help.lab")}</p>
      <p>{t("help.lessons")}</p>
      <p>{t("help.machines")}</p>
      <p className="mt-1">{t("help.commands", { machine })}</p>
      <dl className="font-term grid grid-cols-[max-content_1fr] gap-x-3 text-sm">
        {line.help.commands.map((c) => (
          <div key={c.name} className="contents">
            <dt className="text-emerald-300">{c.name}</dt>
            <dd className="text-slate-200">{c.summary}</dd>
          </div>
        ))}
      </dl>
    </LabBox>
  );
}

function LessonNote({ line }: { readonly line: Exclude<LessonLabLine, { code: "help" }> }) {
  const { t } = useTranslation("lessons");
  const text = useLessonText(line.lessonId);
  const lesson = findLesson(line.lessonId);
  if (!text || !lesson) return null;
  const title = text.title;
  const testId = `lab-${line.code}`;
  switch (line.code) {
    case "lesson-start":
      return (
        <LabBox tone="lesson" testId={testId}>
          {t("note.started", { number: t("number", { n: lessonNumber(lesson.id) }), title })}
        </LabBox>
      );
    case "goal-done": {
      const goal = lesson.goals[line.goal];
      return (
        <LabBox tone="done" testId={testId}>
          ✓ {t("note.goalDone")} <Prose text={goal ? (text.goals[goal.id] ?? goal.id) : ""} />
        </LabBox>
      );
    }
    case "lesson-done":
      return (
        <LabBox tone="done" testId={testId}>
          {t("note.lessonDone", { title })}
        </LabBox>
      );
    case "stuck":
      return (
        <LabBox tone="warn" testId={testId}>
          {t("note.stuck")}
          <button
            type="button"
            className={`${LAB_BUTTON} border-amber-300 hover:bg-amber-900`}
            onClick={() => useAppStore.getState().revealHint()}
          >
            {t("note.stuckButton")}
          </button>
        </LabBox>
      );
  }
}

/** What the lab says in the terminal about `help` and the lesson in hand. */
export function LessonLabLineView({ line }: { readonly line: LessonLabLine }) {
  return line.code === "help" ? <Help line={line} /> : <LessonNote line={line} />;
}
