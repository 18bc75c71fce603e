/**
 * Every namespace of the interface's text, per language. English is the source: its
 * JSON files define the keys (and their types, see i18next.d.ts); the other languages
 * hold the same keys, and a unit test says which are missing. To add an area's text,
 * add `locales/<lang>/<area>.json` for each language and list it here.
 */
import enCommon from "./locales/en/common.json";
import enTopology from "./locales/en/topology.json";
import enTrace from "./locales/en/trace.json";
import ruCommon from "./locales/ru/common.json";
import ruTopology from "./locales/ru/topology.json";
import ruTrace from "./locales/ru/trace.json";
import zhCommon from "./locales/zh/common.json";
import zhTopology from "./locales/zh/topology.json";
import zhTrace from "./locales/zh/trace.json";
import type { Language } from "./languages.ts";

export const en = { common: enCommon, trace: enTrace, topology: enTopology } as const;

export type Resources = typeof en;
export type Namespace = keyof Resources;

/** Same shape as English, every string possibly missing (then English shows). */
type Translation<T> = { readonly [K in keyof T]?: T[K] extends string ? string : Translation<T[K]> };

export const RESOURCES: Readonly<Record<Language, { readonly [N in Namespace]: Translation<Resources[N]> }>> = {
  en,
  ru: { common: ruCommon, trace: ruTrace, topology: ruTopology },
  zh: { common: zhCommon, trace: zhTrace, topology: zhTopology },
};

export const NAMESPACES = Object.keys(en) as Namespace[];
