import { describe, expect, it } from "vitest";
import { applyCommand, createWorld, HOST_SESSION } from "../../../src/sim/index.ts";

describe("the shared starting world", () => {
  it("is handed out again for the same seed, and frozen under the tests so a change in place throws", () => {
    const a = createWorld(5);
    expect(createWorld(5)).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(() => {
      (a as { clock: number }).clock = 1;
    }).toThrow();
  });

  it("is left as it was by the commands run on it", () => {
    const a = createWorld(6);
    const before = JSON.stringify(a);
    applyCommand(a, "docker run -d -p 2024:80 --name web nginx", HOST_SESSION);
    expect(JSON.stringify(createWorld(6))).toBe(before);
  });
});
