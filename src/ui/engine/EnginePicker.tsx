import { useTranslation } from "react-i18next";
import { isEngineVersion, selectEngine, useAppStore } from "../../store/index.ts";

/**
 * The engine the lab runs: Docker 26.1.5 (the article's) or 28.5.2 (what a machine
 * installed today gets). Switching is a line of the session (undoable) that rebuilds the
 * world from the same commands.
 */
export function EnginePicker({ onCompare }: { onCompare: () => void }) {
  const { t } = useTranslation("engine");
  const engine = useAppStore(selectEngine);
  const engines = useAppStore((s) => s.engines);
  const busy = useAppStore((s) => s.busy);
  const lastSwitch = useAppStore((s) => s.lastSwitch);
  const switchEngine = useAppStore((s) => s.switchEngine);
  const labelOf = (v: string) => engines.find((e) => e.version === v)?.label ?? v;
  return (
    <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs">
      <label className="flex items-center gap-1">
        <span className="text-slate-700 dark:text-slate-300">{t("picker.label")}</span>
        <select
          className="min-h-11 rounded border border-slate-300 bg-white px-1 py-0 sm:min-h-0 dark:border-slate-700 dark:bg-slate-900"
          value={engine}
          disabled={busy || engines.length === 0}
          onChange={(e) => {
            if (isEngineVersion(e.target.value)) void switchEngine(e.target.value);
          }}
        >
          {engines.map((e) => (
            <option key={e.version} value={e.version}>
              {t(e.version === "26" ? "picker.article" : "picker.today", { label: e.label })}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="min-h-11 rounded border border-slate-300 px-2 py-0 sm:min-h-0 dark:border-slate-700"
        onClick={onCompare}
      >
        {t("compare.open")}
      </button>
      <span aria-live="polite" data-testid="engine-status" className="text-slate-700 dark:text-slate-300">
        {/* Said only while it is true: an `undo` of the switch puts the other engine back. */}
        {lastSwitch && lastSwitch.lines > 0 && lastSwitch.engine === engine
          ? t("picker.rebuilt", { label: labelOf(lastSwitch.engine), count: lastSwitch.lines })
          : ""}
      </span>
    </div>
  );
}
