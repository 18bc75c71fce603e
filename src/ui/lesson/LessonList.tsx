import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { LESSONS, useAppStore } from "../../store/index.ts";
import { Prose } from "./Prose.tsx";
import { useLessonText } from "./use-lesson-text.ts";

const btn =
  "rounded border border-slate-300 px-2 py-0.5 text-sm hover:bg-slate-100 max-lg:min-h-11 dark:border-slate-700 dark:hover:bg-slate-800";

function LessonRow({ id, n }: { readonly id: string; readonly n: number }) {
  const { t } = useTranslation("lessons");
  const text = useLessonText(id);
  const progress = useAppStore((s) => s.lessonProgress[id]);
  const current = useAppStore((s) => s.lesson?.id === id);
  const goals = LESSONS.find((l) => l.id === id)?.goals.length ?? 0;
  const status = progress?.done
    ? t("status.done")
    : progress && progress.goals > 0
      ? t("status.progress", { done: progress.goals, total: goals })
      : t("status.new");
  return (
    <li
      className="flex items-center gap-3 border-b border-slate-200 py-2 last:border-0 dark:border-slate-800"
      data-testid="lesson-row"
    >
      <span
        aria-hidden="true"
        className={`flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-bold ${
          progress?.done
            ? "bg-emerald-700 text-white dark:bg-emerald-400 dark:text-slate-950"
            : "border border-slate-400 text-slate-700 dark:text-slate-300"
        }`}
      >
        {progress?.done ? "✓" : n}
      </span>
      <span className="min-w-0 flex-1">
        <span className="block font-semibold">
          {t("number", { n })}: <Prose text={text?.title ?? id} />
        </span>
        <span className="block text-sm text-slate-700 dark:text-slate-300" data-testid="lesson-status">
          {status}
          {current ? ` · ${t("current")}` : ""}
        </span>
      </span>
      <button
        type="button"
        className={btn}
        onClick={() => void useAppStore.getState().startLesson(id)}
        aria-label={`${current ? t("restart") : t("start")}: ${t("number", { n })}, ${text?.title ?? id}`}
      >
        {current ? t("restart") : t("start")}
      </button>
    </li>
  );
}

/** The list of lessons with their progress, as a modal dialog the Lessons control opens. */
export function LessonList() {
  const { t } = useTranslation("lessons");
  const open = useAppStore((s) => s.lessonListOpen);
  const inLesson = useAppStore((s) => s.lesson !== null);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  const close = () => useAppStore.getState().setLessonListOpen(false);
  return (
    <dialog
      ref={dialog}
      aria-labelledby="lesson-list-title"
      onClose={close}
      className="m-auto max-h-[90svh] w-[min(42rem,calc(100vw-1rem))] rounded-lg border border-slate-300 bg-white p-0 text-slate-900 backdrop:bg-slate-950/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      data-testid="lesson-list"
    >
      <div className="flex items-center gap-2 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
        <h2 id="lesson-list-title" className="text-lg font-semibold">
          {t("listTitle")}
        </h2>
        <button type="button" className={`${btn} ml-auto`} onClick={close}>
          {t("close")}
        </button>
      </div>
      <div className="px-4 py-2">
        <p className="text-sm text-slate-700 dark:text-slate-300">{t("listIntro")}</p>
        <ol className="mt-1">
          {LESSONS.map((l, i) => (
            <LessonRow key={l.id} id={l.id} n={i + 1} />
          ))}
        </ol>
        <div className="mt-2 flex items-center gap-3 border-t border-slate-200 pt-2 dark:border-slate-800">
          <span className="min-w-0 flex-1">
            <span className="block font-semibold">{t("sandbox")}</span>
            <span className="block text-sm text-slate-700 dark:text-slate-300">{t("sandboxText")}</span>
          </span>
          <button
            type="button"
            className={btn}
            onClick={() => {
              close();
              useAppStore.getState().dismissWelcome();
              if (inLesson) void useAppStore.getState().leaveLesson();
            }}
          >
            {t("sandbox")}
          </button>
        </div>
      </div>
    </dialog>
  );
}

/** The header's Lessons control: opens the list, and says how many lessons are done. */
export function LessonsButton() {
  const { t } = useTranslation("lessons");
  const done = useAppStore((s) => Object.values(s.lessonProgress).filter((p) => p.done).length);
  return (
    <button
      type="button"
      className="rounded border border-slate-300 px-2 py-0.5 text-sm dark:border-slate-700"
      aria-haspopup="dialog"
      onClick={() => useAppStore.getState().setLessonListOpen(true)}
      data-testid="lessons-button"
    >
      {done > 0 ? t("buttonProgress", { done, total: LESSONS.length }) : t("button")}
    </button>
  );
}
