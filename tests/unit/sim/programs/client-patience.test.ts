/** The client's patience a server may wait against: set for one exchange, restored after it, nested or not. */
import { describe, expect, it } from "vitest";
import {
  clientAbandoned,
  clientHungUp,
  patienceEnds,
  withPatience,
} from "../../../../src/sim/programs/client-patience.ts";
import { createWalkState } from "../../../../src/sim/kernel/stack/context.ts";
import { createWorld } from "../../../../src/sim/world.ts";

describe("client patience", () => {
  it("lasts for the exchange it was given to, and a hang-up is that exchange's alone", () => {
    const st = createWalkState(createWorld(1));
    expect(patienceEnds(st)).toBeUndefined();
    const seen = withPatience(st, 3000, () => {
      const inner = withPatience(st, undefined, () => {
        clientHungUp(st);
        return [patienceEnds(st), clientAbandoned(st)];
      });
      return [...inner, patienceEnds(st), clientAbandoned(st)];
    });
    expect(seen).toEqual([undefined, true, 3000, false]);
    expect(patienceEnds(st)).toBeUndefined();
    expect(clientAbandoned(st)).toBe(false);
  });

  it("is restored when the exchange throws", () => {
    const st = createWalkState(createWorld(1));
    expect(() =>
      withPatience(st, 5, () => {
        clientHungUp(st);
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(patienceEnds(st)).toBeUndefined();
    expect(clientAbandoned(st)).toBe(false);
  });
});
