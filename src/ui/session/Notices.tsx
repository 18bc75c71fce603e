import { useTranslation } from "react-i18next";
import { useAppStore, type Notice } from "../../store/index.ts";

const TONE: Record<Notice["tone"], string> = {
  info: "bg-sky-100 text-sky-950 dark:bg-sky-950 dark:text-sky-50",
  warning: "bg-amber-100 text-amber-950 dark:bg-amber-900 dark:text-amber-50",
  error: "bg-red-100 text-red-950 dark:bg-red-950 dark:text-red-50",
};

/**
 * What the lab did on its own (a session restored, a link opened or refused, a worker
 * replaced), in the reader's language. Parameters that come from a link or a file (a
 * command line, a file name) are only ever text nodes.
 */
export function Notices() {
  const { t } = useTranslation("session");
  const notices = useAppStore((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <section aria-label={t("notices")} className="flex flex-col" data-testid="notices">
      {notices.map((n) => (
        <div
          key={n.id}
          role={n.tone === "error" ? "alert" : "status"}
          data-code={n.code}
          className={`flex items-start gap-2 px-4 py-1 text-sm ${TONE[n.tone]}`}
        >
          <p className="flex-1 break-words">{t(`notice.${n.code}`, n.params)}</p>
          <button
            type="button"
            className="shrink-0 rounded border border-current px-1.5 text-xs"
            onClick={() => useAppStore.getState().dismissNotice(n.id)}
          >
            {t("dismiss")}
          </button>
        </div>
      ))}
    </section>
  );
}
