import { useTranslation } from "react-i18next";
import { findLesson, useAppStore, type LabLine } from "../../store/index.ts";
import { Prose } from "./Prose.tsx";
import { lessonNumber, useLessonText } from "./use-lesson-text.ts";

const note = "my-1 border-l-4 py-0.5 pl-2 font-sans";
const prefix = "mr-1 rounded px-1 text-xs font-bold text-slate-950 uppercase";

function Help({ line }: { readonly line: Extract<LabLine, { kind: "help" }> }) {
  const { t } = useTranslation("lessons");
  const machine = t(`machine.${line.help.machine}`);
  return (
    <div role="note" className={`${note} border-sky-400 bg-sky-950/70 text-sky-50`} data-testid="lab-help">
      <p>
        <span className={`${prefix} bg-sky-400`}>{t("note.prefix")}</span>
        <strong>{t("help.title")}</strong>
      </p>
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
    </div>
  );
}

function LessonNote({ line }: { readonly line: Exclude<LabLine, { kind: "help" }> }) {
  const { t } = useTranslation("lessons");
  const text = useLessonText(line.lessonId);
  const lesson = findLesson(line.lessonId);
  if (!text || !lesson) return null;
  const title = text.title;
  let body: React.ReactNode;
  let tone = "border-violet-400 bg-violet-950/70 text-violet-50";
  let tag = "bg-violet-300";
  if (line.kind === "lesson-start") {
    body = t("note.started", { number: t("number", { n: lessonNumber(lesson.id) }), title });
  } else if (line.kind === "goal-done") {
    const goal = lesson.goals[line.goal];
    tone = "border-emerald-400 bg-emerald-950/70 text-emerald-50";
    tag = "bg-emerald-400";
    body = (
      <>
        ✓ {t("note.goalDone")} <Prose text={goal ? (text.goals[goal.id] ?? goal.id) : ""} />
      </>
    );
  } else if (line.kind === "lesson-done") {
    tone = "border-emerald-400 bg-emerald-950/70 text-emerald-50";
    tag = "bg-emerald-400";
    body = t("note.lessonDone", { title });
  } else {
    tone = "border-amber-400 bg-amber-950/70 text-amber-50";
    tag = "bg-amber-400";
    body = (
      <>
        {t("note.stuck")}
        <button
          type="button"
          className="ml-2 rounded border border-amber-300 px-1.5 text-sm hover:bg-amber-900 max-lg:min-h-11"
          onClick={() => useAppStore.getState().revealHint()}
        >
          {t("note.stuckButton")}
        </button>
      </>
    );
  }
  return (
    <div role="note" className={`${note} ${tone}`} data-testid={`lab-${line.kind}`}>
      <span className={`${prefix} ${tag}`}>{t("note.prefix")}</span>
      {body}
    </div>
  );
}

/** The lab's own lines in the terminal, set apart from what the tools print and in the reader's language. */
export function LabLineView({ line }: { readonly line: LabLine }) {
  return line.kind === "help" ? <Help line={line} /> : <LessonNote line={line} />;
}
