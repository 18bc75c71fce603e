/** busybox getopt32's plain option strings, as arping and traceroute read them (fixture t05). */
import { describe, expect, it } from "vitest";
import { bbGetopt } from "../../../../src/sim/shell/lib/bb-getopt.ts";

describe("bbGetopt", () => {
  it("clusters flags, takes a value from the rest of the word or the next, and keeps the last", () => {
    const o = bbGetopt("traceroute", ["traceroute", "-nIm3", "-q", "1", "-m", "5", "10.88.0.1"], "nI", "mq");
    expect(o).toEqual({
      flags: new Set(["n", "I"]),
      values: new Map([
        ["m", "5"],
        ["q", "1"],
      ]),
      operands: ["10.88.0.1"],
    });
  });

  it("refuses an unknown letter and a missing value with busybox's words and the usage", () => {
    const bad = bbGetopt("arping", ["arping", "-Z", "x"], "q", "c");
    expect("error" in bad && bad.error.startsWith("arping: invalid option -- 'Z'\nBusyBox")).toBe(true);
    const missing = bbGetopt("arping", ["arping", "-c"], "q", "c");
    expect("error" in missing && missing.error.startsWith("arping: option requires an argument -- 'c'\n")).toBe(true);
  });
});
