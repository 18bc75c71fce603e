import { describe, expect, it } from "vitest";
import { stepKeyAction, type KeyTarget } from "../../../src/ui/presenter/step-keys.ts";

const press = (key: string, extra: { shift?: boolean; command?: boolean } = {}) => ({
  key,
  shift: extra.shift ?? false,
  command: extra.command ?? false,
});
const TARGETS: KeyTarget[] = ["terminal", "text", "button", "dialog", "other"];

describe("the trace's stepping keys", () => {
  it("step with a clicker's PageDown/PageUp from anywhere while presenting, the terminal's prompt included", () => {
    for (const target of ["terminal", "text", "button", "other"] as const) {
      expect(stepKeyAction(press("PageDown"), target, true, true)).toBe("next");
      expect(stepKeyAction(press("PageUp"), target, true, true)).toBe("back");
    }
  });

  it("keep PageDown/PageUp from scrolling while presenting, even with nothing to step", () => {
    expect(stepKeyAction(press("PageDown"), "terminal", true, false)).toBe("swallow");
    expect(stepKeyAction(press("PageUp"), "other", true, false)).toBe("swallow");
  });

  it("leave PageDown/PageUp their usual meaning outside presenter mode", () => {
    for (const target of TARGETS) expect(stepKeyAction(press("PageDown"), target, false, true)).toBeNull();
  });

  it("step with →, ← and Space anywhere but where they are typed", () => {
    for (const presenter of [false, true]) {
      expect(stepKeyAction(press("ArrowRight"), "other", presenter, true)).toBe("next");
      expect(stepKeyAction(press("ArrowLeft"), "other", presenter, true)).toBe("back");
      expect(stepKeyAction(press(" "), "other", presenter, true)).toBe("next");
      expect(stepKeyAction(press(" ", { shift: true }), "other", presenter, true)).toBe("back");
      expect(stepKeyAction(press("ArrowRight"), "button", presenter, true)).toBe("next");
      for (const typed of ["terminal", "text"] as const)
        for (const key of ["ArrowRight", "ArrowLeft", " ", "Home", "End", "p"])
          expect(stepKeyAction(press(key), typed, presenter, true), `${key} in ${typed}`).toBeNull();
    }
  });

  it("let Space press a focused button, and leave dialogs and shortcuts alone", () => {
    expect(stepKeyAction(press(" "), "button", true, true)).toBeNull();
    for (const key of ["PageDown", "ArrowRight", " "])
      expect(stepKeyAction(press(key), "dialog", true, true)).toBeNull();
    expect(stepKeyAction(press("ArrowRight", { command: true }), "other", true, true)).toBeNull();
    expect(stepKeyAction(press("PageDown", { command: true }), "terminal", true, true)).toBeNull();
  });

  it("jump with Home/End and play with P, and do nothing without a trace", () => {
    expect(stepKeyAction(press("Home"), "other", false, true)).toBe("first");
    expect(stepKeyAction(press("End"), "other", false, true)).toBe("last");
    expect(stepKeyAction(press("p"), "other", false, true)).toBe("play");
    expect(stepKeyAction(press("P"), "other", false, true)).toBe("play");
    for (const key of ["ArrowRight", " ", "Home", "p"])
      expect(stepKeyAction(press(key), "other", true, false)).toBeNull();
    expect(stepKeyAction(press("x"), "other", true, true)).toBeNull();
  });
});
