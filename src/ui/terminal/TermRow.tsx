import { memo } from "react";
import { useTranslation } from "react-i18next";
import type { LabLine, TermLine } from "../../store/index.ts";
import { LabNote } from "../trace/LabNote.tsx";

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

function LabText({ lab }: { readonly lab: LabLine }) {
  const { t } = useTranslation("session");
  switch (lab.code) {
    case "undone":
    case "redone":
      return <>{t(`lab.${lab.code}`, { lines: lab.lines.map((l) => l.split("\n")[0]).join("; ") })}</>;
    case "nothing-to-undo":
    case "nothing-to-redo":
      return <>{t(`lab.${lab.code}`)}</>;
    case "not-run":
      return <>{t(lab.reason === "unknown-machine" ? "lab.not-run-unknown-machine" : "lab.not-run-stopped-the-lab")}</>;
    case "stopped":
      return (
        <>{t(lab.failure === "timeout" ? "lab.stopped-timeout" : "lab.stopped-crashed", { seconds: lab.seconds })}</>
      );
  }
}

/** One scrollback line; memoised, so a new command does not re-render thousands of old lines. Text only, never HTML. */
export const TermRow = memo(function TermRow({ line: l }: { readonly line: TermLine }) {
  if (l.note) return <LabNote note={l.note} />;
  const tone = l.kind === "stderr" ? "text-red-300" : l.kind === "lab" ? "text-amber-200 italic" : "";
  return (
    <div className={`break-all whitespace-pre-wrap ${tone}`} data-kind={l.kind}>
      {l.kind === "input" ? (
        <InputLines prompt={l.prompt} text={l.text} />
      ) : l.lab ? (
        <LabText lab={l.lab} />
      ) : (
        l.text || "\u00a0"
      )}
    </div>
  );
});
