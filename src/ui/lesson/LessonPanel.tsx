import { useTranslation } from "react-i18next";
import { LESSONS, nextLesson, selectActiveLesson, useAppStore } from "../../store/index.ts";
import { Panel } from "../app/Panel.tsx";
import { Prose } from "./Prose.tsx";
import { lessonNumber, useLessonText } from "./use-lesson-text.ts";

const btn =
  "rounded border border-slate-300 px-2 py-0.5 text-sm hover:bg-slate-100 max-lg:min-h-11 dark:border-slate-700 dark:hover:bg-slate-800";

/**
 * The lesson in hand: its intro, its goals (each a read-only checkbox for assistive
 * technology, checked once the lab has seen it done), hints one at a time, the reference
 * solution on request, and once every goal is done the closing explanation with a way
 * back to the trace moment that proves it.
 */
export function LessonPanel({ className, hidden }: { readonly className?: string; readonly hidden?: boolean }) {
  const { t } = useTranslation("lessons");
  const state = useAppStore((s) => s.lesson);
  const lesson = useAppStore(selectActiveLesson);
  const text = useLessonText(lesson?.id);
  const next = lesson ? nextLesson(lesson.id) : undefined;
  const nextText = useLessonText(next?.id);
  if (!state || !lesson || !text) return null;
  const n = lessonNumber(lesson.id);
  const complete = state.goalsDone >= lesson.goals.length;
  const hints = text.hints.slice(0, state.hintsShown);
  const s = useAppStore.getState();
  return (
    <Panel id="lesson" title={t("numberOf", { n, total: LESSONS.length })} className={className} hidden={hidden}>
      <div
        className="flex h-full flex-col gap-2 overflow-auto p-2 text-sm"
        data-testid="lesson-panel"
        // Scrollable, so it must be reachable from the keyboard.
        tabIndex={0}
        aria-labelledby="lesson-name"
      >
        <h3 id="lesson-name" className="text-base font-semibold">
          {text.title}
        </h3>
        {/* Open until the first goal is reached: then the goals matter more than the reading. */}
        <details open={state.goalsDone === 0} className="rounded border border-slate-200 dark:border-slate-800">
          <summary className="cursor-pointer px-2 py-1 font-semibold max-lg:min-h-11">{t("intro")}</summary>
          <div className="flex flex-col gap-2 px-2 pb-2">
            {text.intro.map((p, i) => (
              <p key={i}>
                <Prose text={p} />
              </p>
            ))}
          </div>
        </details>
        <section aria-labelledby="lesson-goals">
          <h4 id="lesson-goals" className="font-semibold">
            {t("goals")}
          </h4>
          <ul className="mt-1 flex flex-col gap-1.5" data-testid="lesson-goals">
            {lesson.goals.map((g, i) => {
              const done = i < state.goalsDone;
              const current = i === state.goalsDone;
              return (
                <li key={g.id} className="flex items-start gap-2">
                  <span
                    role="checkbox"
                    aria-checked={done}
                    aria-readonly="true"
                    aria-labelledby={`goal-${g.id}`}
                    data-testid="lesson-goal"
                    className={`mt-0.5 flex size-4 shrink-0 items-center justify-center rounded border text-xs ${
                      done
                        ? "border-emerald-700 bg-emerald-700 text-white dark:border-emerald-400 dark:bg-emerald-400 dark:text-slate-950"
                        : "border-slate-500"
                    }`}
                  >
                    {done ? "✓" : ""}
                  </span>
                  <span
                    id={`goal-${g.id}`}
                    className={current ? "font-semibold" : done ? "text-slate-600 dark:text-slate-400" : ""}
                  >
                    <Prose text={text.goals[g.id] ?? g.id} />
                  </span>
                </li>
              );
            })}
          </ul>
        </section>
        {complete ? (
          <section
            aria-labelledby="lesson-complete"
            className="rounded border border-emerald-600 bg-emerald-50 p-2 dark:border-emerald-500 dark:bg-emerald-950"
            data-testid="lesson-complete"
          >
            <h4 id="lesson-complete" className="font-semibold text-emerald-900 dark:text-emerald-100">
              {t("complete")}
            </h4>
            {text.explanation.map((p, i) => (
              <p key={i} className="mt-1">
                <Prose text={p} />
              </p>
            ))}
            <div className="mt-2 flex flex-wrap gap-2">
              {state.proof ? (
                <button type="button" className={btn} onClick={() => s.showProof()}>
                  {t("showMe")}
                </button>
              ) : null}
              {next && nextText ? (
                <button type="button" className={btn} onClick={() => void s.startLesson(next.id)}>
                  {t("nextLesson", { title: nextText.title })}
                </button>
              ) : null}
            </div>
          </section>
        ) : null}
        {hints.length > 0 ? (
          <section aria-labelledby="lesson-hints">
            <h4 id="lesson-hints" className="font-semibold">
              {t("hintsShown")}
            </h4>
            <ol className="mt-1 list-decimal space-y-1 pl-5" data-testid="lesson-hints">
              {hints.map((h, i) => (
                <li key={i}>
                  <Prose text={h} />
                </li>
              ))}
            </ol>
          </section>
        ) : null}
        <div className="flex flex-wrap gap-2">
          {state.hintsShown < text.hints.length ? (
            <button type="button" className={btn} onClick={() => s.revealHint()}>
              {state.hintsShown === 0
                ? t("hint")
                : t("nextHint", { n: state.hintsShown + 1, total: text.hints.length })}
            </button>
          ) : (
            <p className="text-slate-600 dark:text-slate-400">{t("noMoreHints")}</p>
          )}
          {!state.solutionShown ? (
            <button type="button" className={btn} onClick={() => s.showSolution()}>
              {t("solution")}
            </button>
          ) : null}
        </div>
        {state.solutionShown ? (
          <section aria-labelledby="lesson-solution">
            <h4 id="lesson-solution" className="font-semibold">
              {t("solutionTitle")}
            </h4>
            <pre
              tabIndex={0}
              aria-labelledby="lesson-solution"
              className="font-term mt-1 overflow-x-auto rounded bg-slate-950 p-2 text-[13px] leading-5 text-slate-100"
              data-testid="lesson-solution"
            >
              <code>{lesson.solution.join("\n")}</code>
            </pre>
            <p className="mt-1 text-slate-600 dark:text-slate-400">{t("solutionNote")}</p>
          </section>
        ) : null}
        <div className="mt-auto flex flex-wrap gap-2 border-t border-slate-200 pt-2 dark:border-slate-800">
          <button type="button" className={btn} onClick={() => void s.startLesson(lesson.id)}>
            {t("restart")}
          </button>
          <button type="button" className={btn} onClick={() => void s.leaveLesson()}>
            {t("leave")}
          </button>
        </div>
      </div>
    </Panel>
  );
}
