import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { exportScenario, importScenarioFile } from "./scenario-io.ts";

const btn = "rounded border border-slate-300 px-2 py-0 text-sm max-lg:min-h-11 dark:border-slate-700";

/** Export the session as a scenario file in the oracle's format; import one with a file picker. */
export function ScenarioControls() {
  const { t } = useTranslation("session");
  const picker = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className={btn} onClick={exportScenario}>
        {t("exportScenario")}
      </button>
      <button type="button" className={btn} onClick={() => picker.current?.click()}>
        {t("importScenario")}
      </button>
      <input
        ref={picker}
        type="file"
        accept=".sh,.txt,text/plain,application/x-sh"
        className="hidden"
        aria-hidden="true"
        tabIndex={-1}
        data-testid="scenario-file"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = "";
          if (file) void importScenarioFile(file);
        }}
      />
    </>
  );
}
