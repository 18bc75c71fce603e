/** The client's patience a server may wait against: set for one exchange, restored after it, nested or not. */
import { describe, expect, it } from "vitest";
import {
  clientAbandoned,
  clientHungUp,
  patienceEnds,
  withPatience,
} from "../../../../src/sim/programs/client-patience.ts";

describe("client patience", () => {
  it("lasts for the exchange it was given to, and a hang-up is that exchange's alone", () => {
    expect(patienceEnds()).toBeUndefined();
    const seen = withPatience(3000, () => {
      const inner = withPatience(undefined, () => {
        clientHungUp();
        return [patienceEnds(), clientAbandoned()];
      });
      return [...inner, patienceEnds(), clientAbandoned()];
    });
    expect(seen).toEqual([undefined, true, 3000, false]);
    expect(patienceEnds()).toBeUndefined();
    expect(clientAbandoned()).toBe(false);
  });

  it("is restored when the exchange throws", () => {
    expect(() =>
      withPatience(5, () => {
        clientHungUp();
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(patienceEnds()).toBeUndefined();
    expect(clientAbandoned()).toBe(false);
  });
});
