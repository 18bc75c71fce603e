import { useTranslation } from "react-i18next";
import { SPEEDS, selectPlaying, selectSteps, selectViewPosition, useAppStore, type Speed } from "../../store/index.ts";
import { useShallow } from "zustand/react/shallow";

/** A button of the trace's controls: 44 px square on a touch-sized screen, compact on a desk. */
export const traceBtn =
  "rounded border border-slate-300 px-2 py-0.5 text-sm hover:bg-slate-100 disabled:opacity-40 max-lg:min-h-11 max-lg:min-w-11 dark:border-slate-700 dark:hover:bg-slate-800";

/** First, Back, Play/Pause, Next, Last, the speed, and "step N of M" in the view shown. */
export function Transport({ className = "" }: { readonly className?: string }) {
  const { t } = useTranslation("trace");
  const playing = useAppStore(selectPlaying);
  const speed = useAppStore((s) => s.speed);
  const pos = useAppStore(useShallow(selectViewPosition));
  const steps = useAppStore((s) => selectSteps(s).length);
  const { first, stepBy, play, pause, last, setSpeed } = useAppStore.getState();
  const none = pos.of === 0;
  return (
    <div className={`flex flex-wrap items-center gap-1 ${className}`} role="group" aria-label={t("controls")}>
      <button type="button" className={traceBtn} onClick={first} disabled={none}>
        {t("first")}
      </button>
      <button type="button" className={traceBtn} onClick={() => stepBy(-1)} disabled={pos.n <= 1}>
        {t("back")}
      </button>
      <button type="button" className={traceBtn} onClick={() => (playing ? pause() : play())} disabled={none}>
        {playing ? t("pause") : t("play")}
      </button>
      <button type="button" className={traceBtn} onClick={() => stepBy(1)} disabled={pos.n >= pos.of}>
        {t("next")}
      </button>
      <button type="button" className={traceBtn} onClick={last} disabled={none}>
        {t("last")}
      </button>
      <label className="ml-1 text-sm">
        {t("speed")}{" "}
        <select
          className="rounded border border-slate-300 bg-transparent text-sm max-lg:min-h-11 dark:border-slate-700 dark:bg-slate-900"
          value={speed}
          onChange={(e) => setSpeed(Number(e.target.value) as Speed)}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <span
        className="ml-auto text-sm text-slate-700 dark:text-slate-300"
        // Announced when a person steps; while playing, a voice per step would drown everything.
        aria-live={playing ? "off" : "polite"}
        data-testid="step-counter"
      >
        {none ? (steps > 0 ? t("noSteps") : t("noPackets")) : t("counter", { n: pos.n, of: pos.of })}
      </span>
    </div>
  );
}
