import { useTranslation } from "react-i18next";

const swatch = "inline-block h-4 w-4 shrink-0 border-2";

/** What each colour and mark on the graph means, one click away. */
export function Legend() {
  const { t } = useTranslation("topology");
  const rows: [string, string][] = [
    [`${swatch} rounded-full border-white bg-orange-500`, t("legend.request")],
    [`${swatch} rounded-[4px] border-white bg-fuchsia-600`, t("legend.reply")],
    [`${swatch} rounded-full border-white bg-red-600`, t("legend.drop")],
    [`${swatch} rounded border-fuchsia-700 bg-fuchsia-200`, t("legend.nat")],
    [`${swatch} rounded border-amber-500 bg-amber-100`, t("legend.here")],
    [`${swatch} rounded border-sky-700 bg-sky-50`, t("legend.passed")],
    [`${swatch} rounded border-slate-300 bg-white`, t("legend.ahead")],
    [`${swatch} rounded border-red-600 bg-red-50`, t("legend.cause")],
  ];
  return (
    <details className="ml-1 self-start rounded border border-slate-300 bg-white/95 text-sm text-slate-900 shadow dark:border-slate-600 dark:bg-slate-900/95 dark:text-slate-100">
      <summary className="cursor-pointer px-2 py-1 font-semibold max-lg:min-h-11 max-lg:leading-9">
        {t("legend.button")}
      </summary>
      <div className="max-w-72 px-2 pb-2" data-testid="legend">
        <p className="font-semibold">{t("legend.title")}</p>
        <ul className="mt-1 space-y-1">
          {rows.map(([cls, text]) => (
            <li key={text} className="flex items-start gap-2">
              <span className={cls} aria-hidden="true" />
              <span>{text}</span>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
