/**
 * Every namespace of the interface's text, per language. English is the source: its
 * JSON files define the keys (and their types, see i18next.d.ts); the other languages
 * hold the same keys, and a unit test says which are missing. To add an area's text,
 * add `locales/<lang>/<area>.json` for each language and import the English one here;
 * the other languages are found by file name.
 */
import enApp from "./locales/en/app.json";
import enCommon from "./locales/en/common.json";
import enEngine from "./locales/en/engine.json";
import enLessons from "./locales/en/lessons.json";
import enPresenter from "./locales/en/presenter.json";
import enSession from "./locales/en/session.json";
import enTopology from "./locales/en/topology.json";
import enTrace from "./locales/en/trace.json";
import type { Language } from "./languages.ts";

export const en = {
  common: enCommon,
  app: enApp,
  trace: enTrace,
  topology: enTopology,
  session: enSession,
  lessons: enLessons,
  engine: enEngine,
  presenter: enPresenter,
} as const;

export type Resources = typeof en;
export type Namespace = keyof Resources;

/** Same shape as English, every string possibly missing (then English shows). */
type Translation<T> = { readonly [K in keyof T]?: T[K] extends string ? string : Translation<T[K]> };
type Bundle = { readonly [N in Namespace]: Translation<Resources[N]> };

const files = import.meta.glob<{ default: object }>("./locales/{ru,zh}/*.json", { eager: true });

function bundleOf(lang: Exclude<Language, "en">): Bundle {
  const out: Record<string, object> = {};
  for (const ns of Object.keys(en)) {
    const file = files[`./locales/${lang}/${ns}.json`];
    if (file) out[ns] = file.default;
  }
  return out as Bundle;
}

export const RESOURCES: Readonly<Record<Language, Bundle>> = { en, ru: bundleOf("ru"), zh: bundleOf("zh") };

export const NAMESPACES = Object.keys(en) as Namespace[];
