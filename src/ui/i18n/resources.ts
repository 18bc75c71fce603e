/**
 * Every namespace of the interface's text, per language. English is the source: its
 * JSON files define the keys (and their types, see i18next.d.ts); the other languages
 * hold the same keys, and a unit test says which are missing. To add an area's text,
 * add `locales/<lang>/<area>.json` for each language and list it here.
 */
import enApp from "./locales/en/app.json";
import enCommon from "./locales/en/common.json";
import enSession from "./locales/en/session.json";
import ruApp from "./locales/ru/app.json";
import ruCommon from "./locales/ru/common.json";
import ruSession from "./locales/ru/session.json";
import zhApp from "./locales/zh/app.json";
import zhCommon from "./locales/zh/common.json";
import zhSession from "./locales/zh/session.json";
import type { Language } from "./languages.ts";

export const en = { common: enCommon, app: enApp, session: enSession } as const;

export type Resources = typeof en;
export type Namespace = keyof Resources;

/** Same shape as English, every string possibly missing (then English shows). */
type Translation<T> = { readonly [K in keyof T]?: T[K] extends string ? string : Translation<T[K]> };

export const RESOURCES: Readonly<Record<Language, { readonly [N in Namespace]: Translation<Resources[N]> }>> = {
  en,
  ru: { common: ruCommon, app: ruApp, session: ruSession },
  zh: { common: zhCommon, app: zhApp, session: zhSession },
};

export const NAMESPACES = Object.keys(en) as Namespace[];
