import { useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * Says a new version of the lab is installed and waiting. It never reloads by itself: an
 * instructor mid-lesson chooses the moment (the commands are in the link and replay).
 */
export function UpdateNotice({ onReload }: { onReload: () => void }) {
  const { t } = useTranslation("app");
  const [open, setOpen] = useState(true);
  if (!open) return null;
  return (
    <div
      role="status"
      data-testid="update-notice"
      className="fixed right-4 bottom-4 z-50 flex items-center gap-3 rounded border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-lg dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <span>{t("update.ready")}</span>
      <button
        type="button"
        className="rounded bg-sky-700 px-2 py-0.5 font-medium text-white hover:bg-sky-800"
        onClick={onReload}
      >
        {t("update.reload")}
      </button>
      <button
        type="button"
        className="rounded border border-slate-300 px-2 py-0.5 dark:border-slate-700"
        onClick={() => setOpen(false)}
      >
        {t("update.later")}
      </button>
    </div>
  );
}
