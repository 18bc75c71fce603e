import { describe, expect, it } from "vitest";
import { languageOf, pickLanguage } from "../../../src/ui/i18n/languages.ts";
import { en, RESOURCES } from "../../../src/ui/i18n/resources.ts";

describe("choosing the interface's language", () => {
  it("reads a browser's language tags down to the languages the lab speaks", () => {
    expect(languageOf("ru-RU")).toBe("ru");
    expect(languageOf("zh-Hans-CN")).toBe("zh");
    expect(languageOf("zh_TW")).toBe("zh");
    expect(languageOf("EN")).toBe("en");
    expect(languageOf("de-DE")).toBeUndefined();
  });

  it("prefers a saved choice, then the browser's first language it speaks, then English", () => {
    expect(pickLanguage("zh", ["ru-RU"])).toBe("zh");
    expect(pickLanguage(null, ["de-DE", "ru-RU", "en"])).toBe("ru");
    expect(pickLanguage("klingon", ["fr"])).toBe("en");
    expect(pickLanguage(undefined, [])).toBe("en");
  });
});

/** Every key English has, as dotted paths (`trace.next`). */
function keys(obj: object, prefix = ""): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === "string" ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`),
  );
}

describe("translations", () => {
  for (const lang of ["ru", "zh"] as const) {
    it(`${lang} has every key English has, and no other`, () => {
      expect(keys(RESOURCES[lang]).sort()).toEqual(keys(en).sort());
    });
  }
});
