import { useTranslation } from "react-i18next";
import { setLanguage } from "./i18n.ts";
import { isLanguage, LANGUAGES } from "./languages.ts";

/** English, Русский, 中文: each language named in itself, so anyone finds theirs. */
export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  return (
    <label className="flex items-center gap-1 text-sm">
      <span className="sr-only">{t("language")}</span>
      <select
        className="rounded border border-slate-300 bg-transparent px-1 py-0.5 dark:border-slate-700 dark:bg-slate-900"
        value={i18n.language}
        onChange={(e) => {
          if (isLanguage(e.target.value)) setLanguage(e.target.value);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}
