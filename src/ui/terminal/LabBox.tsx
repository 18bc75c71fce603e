import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** What a lab line is about: a warning or failure, the lab answering its own commands, a lesson, a goal reached. */
export type LabTone = "warn" | "lab" | "lesson" | "done";

const TONES: Readonly<Record<LabTone, { box: string; tag: string }>> = {
  warn: { box: "border-amber-400 bg-amber-950/70 text-amber-50", tag: "bg-amber-400" },
  lab: { box: "border-sky-400 bg-sky-950/70 text-sky-50", tag: "bg-sky-400" },
  lesson: { box: "border-violet-400 bg-violet-950/70 text-violet-50", tag: "bg-violet-300" },
  done: { box: "border-emerald-400 bg-emerald-950/70 text-emerald-50", tag: "bg-emerald-400" },
};

/** A button inside a lab line (Show, Show a hint), 44 px tall on a phone. */
export const LAB_BUTTON = "ml-2 rounded border px-1.5 text-sm max-lg:min-h-11";

/**
 * Every line the lab itself writes in the terminal, whoever writes it (the trace explaining a
 * failure, `undo` and `redo`, lines not run, `help`, a lesson's progress): one look, set apart
 * from what the tools print (which stays exactly as Linux prints it), in the reader's language.
 */
export function LabBox({
  tone,
  testId,
  children,
}: {
  readonly tone: LabTone;
  readonly testId: string;
  readonly children: ReactNode;
}) {
  const { t } = useTranslation();
  const c = TONES[tone];
  return (
    <div role="note" className={`my-1 border-l-4 py-0.5 pl-2 font-sans ${c.box}`} data-kind="lab" data-testid={testId}>
      <span className={`mr-1 rounded px-1 text-xs font-bold text-slate-950 uppercase ${c.tag}`}>{t("labPrefix")}</span>
      {children}
    </div>
  );
}
