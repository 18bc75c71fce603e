import { useTranslation } from "react-i18next";
import { useShallow } from "zustand/react/shallow";
import {
  PANELS,
  selectCurrentStep,
  selectSteps,
  selectView,
  selectViewPosition,
  useAppStore,
  type PanelId,
} from "../../store/index.ts";
import { TONE } from "../trace/tones.ts";
import { useNameOf, useTimeline } from "../trace/use-timeline.ts";
import { entryText, entryTone } from "../trace/view-text.ts";
import { rememberPresenter } from "./presenter-storage.ts";

const bigBtn =
  "rounded-md border-2 border-slate-900 px-3 py-1 text-xl font-semibold disabled:opacity-50 dark:border-slate-100";

function remember() {
  const s = useAppStore.getState();
  rememberPresenter({ on: s.presenter, hidden: s.hiddenPanels });
}

/** The header's "Presenter mode" switch. */
export function PresenterToggle() {
  const { t } = useTranslation("presenter");
  const on = useAppStore((s) => s.presenter);
  return (
    <button
      type="button"
      className="rounded border border-slate-300 px-2 py-0.5 text-sm dark:border-slate-700 aria-pressed:bg-slate-800 aria-pressed:text-white dark:aria-pressed:bg-slate-200 dark:aria-pressed:text-slate-900"
      aria-pressed={on}
      onClick={() => {
        useAppStore.getState().setPresenter(!on);
        remember();
      }}
    >
      {t("toggle")}
    </button>
  );
}

/** The step shown, as large as a room needs: "Step N of M" and what happens at it. */
function StepBanner() {
  const { t } = useTranslation("presenter");
  const { t: tt } = useTranslation("trace");
  const timeline = useTimeline();
  const nameOf = useNameOf();
  const current = useAppStore(selectCurrentStep);
  const view = useAppStore(selectView);
  const total = useAppStore((s) => selectSteps(s).length);
  const pos = useAppStore(useShallow(selectViewPosition));
  const playing = useAppStore((s) => s.playing);
  if (total === 0 || pos.of === 0) {
    return (
      <p className="min-w-0 flex-1" data-testid="presenter-step">
        {t("noTrace")}
      </p>
    );
  }
  let entry = view[0]!;
  for (const e of view) if (e.from <= current) entry = e;
  const shown = entry.index === current ? entry : { index: current, from: current, to: current };
  const step = timeline.steps[current];
  const { stepBy } = useAppStore.getState();
  return (
    <section className="contents" aria-label={t("stepShown")} data-testid="presenter-step">
      <div className="flex items-center gap-4">
        <button type="button" className={bigBtn} onClick={() => stepBy(-1)} disabled={pos.n <= 1}>
          {tt("back")}
        </button>
        <p className="presenter-step-count font-bold whitespace-nowrap" aria-live={playing ? "off" : "polite"}>
          {t("step", { n: pos.n, of: pos.of })}
        </p>
        <button type="button" className={bigBtn} onClick={() => stepBy(1)} disabled={pos.n >= pos.of}>
          {tt("next")}
        </button>
      </div>
      <p
        className={`presenter-step-text font-term order-last basis-full break-words ${step ? TONE[entryTone(shown, step)] : ""}`}
        data-testid="presenter-step-text"
      >
        {entryText(shown, timeline, nameOf, tt)}
      </p>
    </section>
  );
}

/** Which panels show: one toggle each, reachable from the keyboard. */
function PanelToggles() {
  const { t } = useTranslation("presenter");
  const hidden = useAppStore((s) => s.hiddenPanels);
  const inLesson = useAppStore((s) => s.lesson !== null);
  const panels = PANELS.filter((p) => p !== "lesson" || inLesson);
  return (
    <div role="group" aria-label={t("panels")} className="ml-auto flex flex-wrap items-center gap-2">
      <span className="font-semibold">{t("panels")}:</span>
      {panels.map((p: PanelId) => (
        <button
          key={p}
          type="button"
          className={`rounded-md border-2 px-2 py-0.5 ${
            hidden.includes(p)
              ? "border-dashed border-slate-900 dark:border-slate-100"
              : "border-slate-900 bg-slate-900 text-white dark:border-slate-100 dark:bg-slate-100 dark:text-slate-950"
          }`}
          aria-pressed={!hidden.includes(p)}
          aria-controls={`${p}-panel`}
          onClick={() => {
            useAppStore.getState().togglePanel(p);
            remember();
          }}
        >
          {t(`panel.${p}`)}
        </button>
      ))}
    </div>
  );
}

/** Presenter mode's bar under the header: the step shown, large, and the panels shown. */
export function PresenterBar() {
  const { t } = useTranslation("presenter");
  const on = useAppStore((s) => s.presenter);
  if (!on) return null;
  return (
    <div
      role="region"
      aria-label={t("bar")}
      className="flex flex-wrap items-center gap-x-6 gap-y-2 border-b-2 border-slate-900 px-4 py-2 text-xl dark:border-slate-100"
      data-testid="presenter-bar"
    >
      <StepBanner />
      <PanelToggles />
    </div>
  );
}
