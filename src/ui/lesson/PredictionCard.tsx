import { useTranslation } from "react-i18next";
import { useShallow } from "zustand/react/shallow";
import {
  predictionOutcome,
  selectActiveLesson,
  selectPendingPrediction,
  selectShownAnswer,
  selectWorldView,
  useAppStore,
  type ChoiceValue,
} from "../../store/index.ts";
import { useWide } from "../app/use-wide.ts";
import { Prose } from "./Prose.tsx";
import { useLessonText } from "./use-lesson-text.ts";

const MACHINES = ["host", "internet", "container"] as const;

/** `deliver@internet` → "delivered on internet"; an address stays as it is. */
function useActualText(): (actual: string | undefined) => string {
  const { t } = useTranslation("lessons");
  return (actual) => {
    if (actual === undefined) return t("noAnswer");
    const m = /^(deliver|drop)@(\w+)$/.exec(actual);
    if (!m) return t("simulationSays", { value: actual });
    const machine = MACHINES.find((x) => x === m[2]) ?? "container";
    const value = t(m[1] === "deliver" ? "fate.deliver" : "fate.drop", { machine: t(`machine.${machine}`) });
    return t("simulationSays", { value });
  };
}

/**
 * A lesson's prediction, where the trace stopped to ask it: the question and its choices
 * (with the addresses they stand for in this trace); once answered, whether the simulation
 * bore the answer out, what it did, and why, before the trace plays on.
 */
export function PredictionCard({ className = "" }: { readonly className?: string }) {
  const { t } = useTranslation("lessons");
  const pending = useAppStore(useShallow(selectPendingPrediction));
  const shown = useAppStore(useShallow(selectShownAnswer));
  const lesson = useAppStore(selectActiveLesson);
  const world = useAppStore(selectWorldView);
  const events = useAppStore((s) => s.lastEvents);
  const index = useAppStore((s) => s.pauseReached?.index);
  const text = useLessonText(lesson?.id);
  const actualText = useActualText();
  const id = pending?.id ?? shown?.id;
  const prediction = lesson?.predictions.find((p) => p.id === id);
  const ptext = id ? text?.predictions[id] : undefined;
  if (!prediction || !ptext || !world || index === undefined) return null;
  const outcome = predictionOutcome(prediction, world, events, index);
  const label = (value: ChoiceValue) => ptext.choices[value] ?? value;
  const s = useAppStore.getState();
  return (
    <section
      aria-labelledby="prediction-question"
      className={`rounded border-2 border-violet-600 bg-violet-50 p-2 text-sm dark:border-violet-400 dark:bg-violet-950 ${className}`}
      data-testid="prediction"
    >
      <p className="text-xs font-bold tracking-wide text-violet-900 uppercase dark:text-violet-200">
        {t("predictionPaused")}
      </p>
      <p id="prediction-question" className="mt-1 text-base font-semibold" aria-live="polite">
        <Prose text={ptext.question} />
      </p>
      {pending ? (
        <div role="group" aria-labelledby="prediction-question" className="mt-2 flex flex-col gap-1.5">
          {outcome.choices.map((c) => (
            <button
              key={c.value}
              type="button"
              className="rounded border border-violet-500 bg-white px-2 py-1 text-left hover:bg-violet-100 max-lg:min-h-11 dark:bg-slate-900 dark:hover:bg-violet-900"
              onClick={() => s.answerPrediction(prediction.id, c.value)}
            >
              <Prose text={label(c.value)} />
              {c.address ? <span className="font-term ml-1 font-semibold">{c.address}</span> : null}
            </button>
          ))}
        </div>
      ) : shown ? (
        <div className="mt-2" role="status" data-testid="prediction-result">
          <p
            className={`font-semibold ${shown.correct ? "text-emerald-800 dark:text-emerald-300" : "text-red-800 dark:text-red-300"}`}
          >
            {shown.correct ? t("right") : t("wrong")} {actualText(shown.actual)}
          </p>
          <p className="mt-1">
            <Prose text={ptext.explain} />
          </p>
          <button
            type="button"
            className="mt-2 rounded border border-violet-500 px-2 py-0.5 hover:bg-violet-100 max-lg:min-h-11 dark:hover:bg-violet-900"
            onClick={() => s.continueAfterAnswer()}
          >
            {t("playOn")}
          </button>
        </div>
      ) : null}
    </section>
  );
}

/**
 * On a wide screen the question floats over the graph's corner, where the learner is
 * watching the packet (on a phone it sits under the graph with the trace's controls).
 */
export function PredictionOverlay() {
  const wide = useWide();
  if (!wide) return null;
  return (
    <div className="absolute right-2 bottom-2 z-10 max-h-[calc(100%-1rem)] w-[min(26rem,45%)] overflow-auto rounded shadow-lg">
      <PredictionCard />
    </div>
  );
}
