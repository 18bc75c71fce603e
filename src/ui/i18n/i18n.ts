/**
 * The interface's languages, with i18next. The lab's own words (buttons, lessons, trace
 * explanations, its errors) are translated; what the simulated tools print never is: a
 * terminal shows exactly what Linux prints. The chosen language is saved in the browser
 * and set on <html lang>, so screen readers and fonts follow it.
 */
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { DEFAULT_LANGUAGE, pickLanguage, type Language } from "./languages.ts";
import { NAMESPACES, RESOURCES } from "./resources.ts";

export const LANGUAGE_STORAGE_KEY = "dnl.language";

function savedLanguage(): string | null {
  try {
    return globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY) ?? null;
  } catch {
    return null; // storage can be disabled; the browser's languages decide then
  }
}

export function initialLanguage(): Language {
  const preferred = typeof navigator === "undefined" ? [] : [...(navigator.languages ?? [navigator.language])];
  return pickLanguage(savedLanguage(), preferred);
}

function reflect(lang: Language) {
  if (typeof document !== "undefined") document.documentElement.lang = lang === "zh" ? "zh-CN" : lang;
}

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  lng: initialLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  resources: RESOURCES,
  ns: NAMESPACES,
  defaultNS: "common",
  // React escapes what it renders; i18next must not escape it a second time.
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});
reflect(i18n.language as Language);

/** Switches the interface's language; `save` keeps the choice for the next visit. */
export function setLanguage(lang: Language, save = true): void {
  void i18n.changeLanguage(lang);
  reflect(lang);
  if (!save) return;
  try {
    globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, lang);
  } catch {
    // not saved: the choice still holds for this visit
  }
}
