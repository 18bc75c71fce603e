import { describe, expect, it } from "vitest";
import { PANELS, selectPanelShown, toggled } from "../../../src/store/presenter-slice.ts";
import { layoutOf } from "../../../src/store/session-slice.ts";
import type { AppState } from "../../../src/store/types.ts";

describe("presenter mode's panels", () => {
  it("hides and brings back a panel, keeping the panels' order and each once", () => {
    let hidden = toggled([], "trace");
    expect(hidden).toEqual(["trace"]);
    hidden = toggled(hidden, "topology");
    expect(hidden).toEqual(["topology", "trace"]);
    hidden = toggled(hidden, "trace");
    expect(hidden).toEqual(["topology"]);
    expect(PANELS.reduce((h, p) => toggled(h, p), [] as readonly (typeof PANELS)[number][])).toEqual([...PANELS]);
  });

  it("shows every panel outside presenter mode, and keeps the hidden ones for the next time", () => {
    const off = { presenter: false, hiddenPanels: ["terminal"] as const };
    const on = { ...off, presenter: true };
    expect(selectPanelShown(off, "terminal")).toBe(true);
    expect(selectPanelShown(on, "terminal")).toBe(false);
    expect(selectPanelShown(on, "trace")).toBe(true);
  });

  it("puts presenter mode and the hidden panels in the layout a link and storage keep", () => {
    const state = (p: Partial<AppState>) =>
      ({ topologyShare: null, presenter: false, hiddenPanels: [], ...p }) as unknown as AppState;
    expect(layoutOf(state({}))).toBeUndefined();
    expect(layoutOf(state({ topologyShare: 40 }))).toEqual({ topology: 40 });
    expect(layoutOf(state({ presenter: true, hiddenPanels: ["lesson"] }))).toEqual({
      presenter: true,
      hidden: ["lesson"],
    });
    expect(layoutOf(state({ hiddenPanels: ["trace"] }))).toEqual({ hidden: ["trace"] });
  });
});
