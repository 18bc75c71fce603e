import { describe, expect, it } from "vitest";
import { planStart } from "../../../src/store/start-plan.ts";
import type { SessionState } from "../../../src/store/session-state.ts";

const e = (line: string) => ({ line, machine: "host" });
const saved: SessionState = { entries: [e("old"), e("reset"), e("a"), e("b")], step: { trace: 3, index: 2 } };

describe("what the lab opens with", () => {
  it("storage alone, or nothing", () => {
    expect(planStart({ kind: "none" }, null)).toBeNull();
    expect(planStart({ kind: "none" }, { state: saved, thisTab: false })).toEqual({ state: saved, origin: "storage" });
    expect(planStart({ kind: "problem", problem: "damaged" }, { state: saved, thisTab: true })).toEqual({
      state: saved,
      origin: "storage",
    });
  });

  it("a link to the saved session's own lines reopens the saved session (undo included) at the link's step", () => {
    const link: SessionState = { entries: [e("a"), e("b")], step: { trace: 0, index: 5 }, layout: { topology: 30 } };
    expect(planStart({ kind: "session", state: link, version: 2 }, { state: saved, thisTab: false })).toEqual({
      state: { entries: saved.entries, step: { trace: 2, index: 5 }, layout: { topology: 30 } },
      origin: "storage",
    });
  });

  it("a link that lags behind this tab's saved session is a reload; in another tab it is a shared moment", () => {
    const link: SessionState = { entries: [e("a")] };
    expect(planStart({ kind: "session", state: link, version: 2 }, { state: saved, thisTab: true })).toEqual({
      state: saved,
      origin: "storage",
    });
    expect(planStart({ kind: "session", state: link, version: 2 }, { state: saved, thisTab: false })).toEqual({
      state: link,
      origin: "link",
    });
    const other: SessionState = { entries: [e("x")] };
    expect(planStart({ kind: "session", state: other, version: 2 }, { state: saved, thisTab: true })).toEqual({
      state: other,
      origin: "link",
    });
  });
});
