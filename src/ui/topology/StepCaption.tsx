import { useTranslation } from "react-i18next";
import { selectCurrentStep, selectSteps, selectView, useAppStore } from "../../store/index.ts";
import { useWide } from "../app/use-wide.ts";
import { PredictionCard } from "../lesson/PredictionCard.tsx";
import { Transport } from "../trace/Transport.tsx";
import { useNameOf, useTimeline } from "../trace/use-timeline.ts";
import { entryText } from "../trace/view-text.ts";

/**
 * The step shown, under the graph, with the trace's controls: on a phone the trace panel is a
 * scroll away, and the graph and what happens in it must be seen together.
 */
export function StepCaption() {
  const { t } = useTranslation("trace");
  const { t: tt } = useTranslation("topology");
  const timeline = useTimeline();
  const nameOf = useNameOf();
  const current = useAppStore(selectCurrentStep);
  const view = useAppStore(selectView);
  const total = useAppStore((s) => selectSteps(s).length);
  const wide = useWide();
  if (total === 0 || wide) return null;
  let entry = view[0];
  for (const e of view) if (e.from <= current) entry = e;
  const shown = entry && entry.index === current ? entry : { index: current, from: current, to: current };
  return (
    <section
      className="border-t border-slate-200 p-2 dark:border-slate-800"
      aria-label={tt("caption")}
      data-testid="step-caption"
    >
      <p className="font-term mb-1 text-[15px] leading-5 break-words">{entryText(shown, timeline, nameOf, t)}</p>
      <Transport />
      <PredictionCard className="mt-2" />
    </section>
  );
}
