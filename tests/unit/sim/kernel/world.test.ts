import { describe, expect, it } from "vitest";
import { advanceClock, createWorld, EPOCH_MS } from "../../../../src/sim/world.ts";

describe("advanceClock", () => {
  it("moves the clock forward and leaves the old world as it was", () => {
    const w = createWorld(1);
    const later = advanceClock(w, 3000);
    expect(later.clock).toBe(EPOCH_MS + 3000);
    expect(w.clock).toBe(EPOCH_MS);
    expect(advanceClock(later, 0.4).clock).toBe(EPOCH_MS + 3000);
  });

  it("never moves it backwards", () => {
    const w = createWorld(1);
    expect(advanceClock(w, -5)).toBe(w);
    expect(advanceClock(w, Number.NaN)).toBe(w);
  });
});
