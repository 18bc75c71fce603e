/**
 * Every lesson's prose, per language, apart from the logic. English is the source; each
 * other language has the same keys (a unit test says which are missing), and a missing
 * language or lesson falls back to English.
 */
import type { LessonId } from "./catalogue.ts";
import { text as l01en } from "./l01-default-bridge/text.en.ts";
import { text as l01ru } from "./l01-default-bridge/text.ru.ts";
import { text as l01zh } from "./l01-default-bridge/text.zh.ts";
import { text as l02en } from "./l02-docker-run/text.en.ts";
import { text as l02ru } from "./l02-docker-run/text.ru.ts";
import { text as l02zh } from "./l02-docker-run/text.zh.ts";
import { text as l03en } from "./l03-request-out/text.en.ts";
import { text as l03ru } from "./l03-request-out/text.ru.ts";
import { text as l03zh } from "./l03-request-out/text.zh.ts";
import { text as l04en } from "./l04-conntrack/text.en.ts";
import { text as l04ru } from "./l04-conntrack/text.ru.ts";
import { text as l04zh } from "./l04-conntrack/text.zh.ts";
import { text as l05en } from "./l05-ip-forward/text.en.ts";
import { text as l05ru } from "./l05-ip-forward/text.ru.ts";
import { text as l05zh } from "./l05-ip-forward/text.zh.ts";
import { text as l06en } from "./l06-masquerade/text.en.ts";
import { text as l06ru } from "./l06-masquerade/text.ru.ts";
import { text as l06zh } from "./l06-masquerade/text.zh.ts";
import { text as l07en } from "./l07-publish/text.en.ts";
import { text as l07ru } from "./l07-publish/text.ru.ts";
import { text as l07zh } from "./l07-publish/text.zh.ts";
import { text as l08en } from "./l08-request-in/text.en.ts";
import { text as l08ru } from "./l08-request-in/text.ru.ts";
import { text as l08zh } from "./l08-request-in/text.zh.ts";
import { text as l09en } from "./l09-localhost/text.en.ts";
import { text as l09ru } from "./l09-localhost/text.ru.ts";
import { text as l09zh } from "./l09-localhost/text.zh.ts";
import { text as l10en } from "./l10-filter/text.en.ts";
import { text as l10ru } from "./l10-filter/text.ru.ts";
import { text as l10zh } from "./l10-filter/text.zh.ts";
import { text as l11en } from "./l11-user-networks/text.en.ts";
import { text as l11ru } from "./l11-user-networks/text.ru.ts";
import { text as l11zh } from "./l11-user-networks/text.zh.ts";
import { text as l12en } from "./l12-write-it-yourself/text.en.ts";
import { text as l12ru } from "./l12-write-it-yourself/text.ru.ts";
import { text as l12zh } from "./l12-write-it-yourself/text.zh.ts";
import type { LessonText } from "./types.ts";

export type TextLanguage = "en" | "ru" | "zh";

export const LESSON_TEXTS: Readonly<Record<TextLanguage, Readonly<Record<LessonId, LessonText>>>> = {
  en: {
    "l01-default-bridge": l01en,
    "l02-docker-run": l02en,
    "l03-request-out": l03en,
    "l04-conntrack": l04en,
    "l05-ip-forward": l05en,
    "l06-masquerade": l06en,
    "l07-publish": l07en,
    "l08-request-in": l08en,
    "l09-localhost": l09en,
    "l10-filter": l10en,
    "l11-user-networks": l11en,
    "l12-write-it-yourself": l12en,
  },
  ru: {
    "l01-default-bridge": l01ru,
    "l02-docker-run": l02ru,
    "l03-request-out": l03ru,
    "l04-conntrack": l04ru,
    "l05-ip-forward": l05ru,
    "l06-masquerade": l06ru,
    "l07-publish": l07ru,
    "l08-request-in": l08ru,
    "l09-localhost": l09ru,
    "l10-filter": l10ru,
    "l11-user-networks": l11ru,
    "l12-write-it-yourself": l12ru,
  },
  zh: {
    "l01-default-bridge": l01zh,
    "l02-docker-run": l02zh,
    "l03-request-out": l03zh,
    "l04-conntrack": l04zh,
    "l05-ip-forward": l05zh,
    "l06-masquerade": l06zh,
    "l07-publish": l07zh,
    "l08-request-in": l08zh,
    "l09-localhost": l09zh,
    "l10-filter": l10zh,
    "l11-user-networks": l11zh,
    "l12-write-it-yourself": l12zh,
  },
};

/** A lesson's prose in `lang` (a language tag such as `zh-CN` works), English when there is none. */
export function lessonText(id: string, lang: string): LessonText | undefined {
  const base = lang.toLowerCase().split(/[-_]/)[0] as TextLanguage;
  const table = Object.hasOwn(LESSON_TEXTS, base) ? LESSON_TEXTS[base] : LESSON_TEXTS.en;
  const own = Object.hasOwn(table, id) ? table[id as LessonId] : undefined;
  return own ?? (Object.hasOwn(LESSON_TEXTS.en, id) ? LESSON_TEXTS.en[id as LessonId] : undefined);
}
