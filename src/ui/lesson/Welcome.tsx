import { useTranslation } from "react-i18next";
import { LESSONS, useAppStore } from "../../store/index.ts";

/**
 * The first visit's welcome, at the top of the terminal where a newcomer looks: what the
 * picture is, in three lines, and a choice between lesson 1 and the sandbox.
 */
export function Welcome() {
  const { t } = useTranslation("lessons");
  const show = useAppStore((s) => !s.welcomed && s.lesson === null);
  if (!show) return null;
  const s = useAppStore.getState();
  const btn = "rounded border border-sky-300 px-2 py-0.5 text-sm hover:bg-sky-900 max-lg:min-h-11";
  return (
    <section
      aria-labelledby="welcome-title"
      className="mb-2 border-l-4 border-sky-400 bg-sky-950/70 py-1 pl-2 font-sans text-sky-50"
      data-testid="welcome"
    >
      <h3 id="welcome-title" className="font-semibold">
        {t("welcome.title")}
      </h3>
      <p>{t("welcome.line1")}</p>
      <p>{t("welcome.line2")}</p>
      <p>{t("welcome.line3")}</p>
      <div className="mt-1 flex flex-wrap gap-2">
        <button type="button" className={btn} onClick={() => void s.startLesson(LESSONS[0].id)}>
          {t("welcome.lesson1")}
        </button>
        <button type="button" className={btn} onClick={() => s.dismissWelcome()}>
          {t("welcome.sandbox")}
        </button>
      </div>
    </section>
  );
}
