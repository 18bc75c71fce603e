import { useTranslation } from "react-i18next";
import { useAppStore } from "../../store/index.ts";
import type { TermLine } from "../../store/index.ts";
import { LAB_BUTTON, LabBox } from "../terminal/LabBox.tsx";
import { explainCause } from "./explain.ts";
import { useNameOf } from "./use-timeline.ts";

/** The lab's line under a failed command: the trace explains why it failed, and where (one click away). */
export function LabNote({ note }: { readonly note: NonNullable<TermLine["note"]> }) {
  const { t } = useTranslation("trace");
  const nameOf = useNameOf();
  const live = useAppStore((s) => s.traceSeq === note.seq);
  const cause = note.drop.cause;
  if (!cause) return null;
  return (
    <LabBox tone="warn" testId="lab-note">
      {t("note.text", { why: explainCause(cause, nameOf, t) })}
      {live ? (
        <button
          type="button"
          className={`${LAB_BUTTON} border-amber-300 text-amber-50 hover:bg-amber-900`}
          onClick={() => useAppStore.getState().goToStep(note.index)}
        >
          {t("note.show")}
        </button>
      ) : null}
    </LabBox>
  );
}
