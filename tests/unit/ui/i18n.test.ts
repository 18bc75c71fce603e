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

describe("the graph's own words", () => {
  it("are the interface's language, sized for it, while what Linux names stays as printed", async () => {
    const { i18n } = await import("../../../src/ui/i18n/i18n.ts");
    const { wordsFrom, ENGLISH_WORDS } = await import("../../../src/ui/topology/node-words.ts");
    const { toFlowElements, nodeSize } = await import("../../../src/ui/topology/to-flow-elements.ts");
    const { labWorld } = await import("./fixtures/worlds.ts");
    const world = labWorld(1);
    const english = toFlowElements(world).nodes;
    expect(toFlowElements(world, { words: wordsFrom(i18n.getFixedT("en", "topology")) }).nodes).toEqual(english);
    expect(english.find((n) => n.id === "br:host/docker0")!.data.subtitle).toBe(ENGLISH_WORDS.bridge(null, 1, false));
    for (const [lang, host, bridge] of [
      ["ru", "хост Docker", "мост, портов: 1"],
      ["zh", "Docker 主机", "网桥，1 个端口"],
    ] as const) {
      const nodes = toFlowElements(world, { words: wordsFrom(i18n.getFixedT(lang, "topology")) }).nodes;
      const byId = new Map(nodes.map((n) => [n.id, n.data]));
      expect(byId.get("ns:host")!.subtitle).toBe(host);
      expect(byId.get("br:host/docker0")!.subtitle).toBe(bridge);
      // Addresses and routes are Linux's: the same in every language.
      expect(byId.get("ns:host")!.lines).toEqual(english.find((n) => n.id === "ns:host")!.data.lines);
      for (const n of nodes) expect(nodeSize(n.data).width).toBeGreaterThan(0);
    }
  });
});
