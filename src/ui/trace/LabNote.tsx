import { useTranslation } from "react-i18next";
import { useAppStore } from "../../store/index.ts";
import type { TermLine } from "../../store/index.ts";
import { explainCause } from "./explain.ts";
import { useNameOf } from "./use-timeline.ts";

/**
 * The lab's own line in the terminal, set apart from what the tools print (which stays
 * exactly as Linux prints it): the trace explains why the command failed, and where.
 */
export function LabNote({ note }: { readonly note: NonNullable<TermLine["note"]> }) {
  const { t } = useTranslation("trace");
  const nameOf = useNameOf();
  const live = useAppStore((s) => s.traceSeq === note.seq);
  const cause = note.drop.cause;
  if (!cause) return null;
  return (
    <div
      role="note"
      className="my-1 border-l-4 border-amber-400 bg-amber-950/70 py-0.5 pl-2 font-sans text-amber-50"
      data-testid="lab-note"
    >
      <span className="mr-1 rounded bg-amber-400 px-1 text-xs font-bold text-slate-950 uppercase">
        {t("note.prefix")}
      </span>
      {t("note.text", { why: explainCause(cause, nameOf, t) })}
      {live ? (
        <button
          type="button"
          className="ml-2 rounded border border-amber-300 px-1.5 text-sm text-amber-50 hover:bg-amber-900 max-lg:min-h-11"
          onClick={() => useAppStore.getState().goToStep(note.index)}
        >
          {t("note.show")}
        </button>
      ) : null}
    </div>
  );
}
