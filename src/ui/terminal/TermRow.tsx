import { memo } from "react";
import { useTranslation } from "react-i18next";
import { useAppStore, type LabLine, type TermLine } from "../../store/index.ts";
import { isLessonLabLine, type LessonLabLine } from "../lesson/lab-lines.ts";
import { LessonLabLineView } from "../lesson/LabLineView.tsx";
import { LabNote } from "../trace/LabNote.tsx";
import { LabBox } from "./LabBox.tsx";

/** bash's PS2: the prompt of every line after the first of an unfinished command. */
export const CONTINUATION_PROMPT = ">";

/** An input as bash echoes it: the prompt, then `> ` before each continued line. */
export function InputLines({ prompt, text }: { readonly prompt: string | undefined; readonly text: string }) {
  const [first, ...rest] = text.split("\n");
  return (
    <>
      <span className="text-emerald-300">{prompt}</span> {first}
      {rest.map((l, i) => (
        <span key={i} className="block">
          <span className="text-emerald-300">{CONTINUATION_PROMPT}</span> {l}
        </span>
      ))}
    </>
  );
}

/** The lab's words about its own commands and the lines it did not run. */
function SessionLabLine({ lab }: { readonly lab: Exclude<LabLine, LessonLabLine> }) {
  const { t } = useTranslation("session");
  const testId = `lab-${lab.code}`;
  switch (lab.code) {
    case "undone":
    case "redone":
      return (
        <LabBox tone="lab" testId={testId}>
          {t(`lab.${lab.code}`, { lines: lab.lines.map((l) => l.split("\n")[0]).join("; ") })}
        </LabBox>
      );
    case "nothing-to-undo":
    case "nothing-to-redo":
      return (
        <LabBox tone="lab" testId={testId}>
          {t(`lab.${lab.code}`)}
        </LabBox>
      );
    case "not-run":
      return (
        <LabBox tone="warn" testId={testId}>
          {t(lab.reason === "unknown-machine" ? "lab.not-run-unknown-machine" : "lab.not-run-stopped-the-lab")}
        </LabBox>
      );
    case "stopped":
      return (
        <LabBox tone="warn" testId={testId}>
          {t(lab.failure === "timeout" ? "lab.stopped-timeout" : "lab.stopped-crashed", { seconds: lab.seconds })}
        </LabBox>
      );
    case "engine":
      return <EngineLabLine engine={lab.engine} count={lab.count} />;
  }
}

/** The picker's switch as the terminal keeps it: which engine, and from how many commands the world was rebuilt. */
function EngineLabLine({ engine, count }: { readonly engine: string; readonly count: number | undefined }) {
  const { t } = useTranslation("engine");
  const label = useAppStore((s) => s.engines.find((e) => e.version === engine)?.label) ?? `Docker ${engine}`;
  return (
    <LabBox tone="lab" testId="lab-engine">
      {count === undefined ? t("lab.switched", { label }) : t("lab.rebuilt", { label, count })}
    </LabBox>
  );
}

/**
 * One scrollback line; memoised, so a new command does not re-render thousands of old lines.
 * Text only, never HTML. The lab's own lines (a failure the trace explains, `undo`, `help`,
 * a lesson's progress) share one look (LabBox).
 */
export const TermRow = memo(function TermRow({ line: l }: { readonly line: TermLine }) {
  if (l.note) return <LabNote note={l.note} />;
  if (l.lab) return isLessonLabLine(l.lab) ? <LessonLabLineView line={l.lab} /> : <SessionLabLine lab={l.lab} />;
  return (
    <div className={`break-all whitespace-pre-wrap ${l.kind === "stderr" ? "text-red-300" : ""}`} data-kind={l.kind}>
      {l.kind === "input" ? <InputLines prompt={l.prompt} text={l.text} /> : l.text || "\u00a0"}
    </div>
  );
});
