/**
 * compare.py hides counters (any number above 0 reads `>0`), so the SYN retransmission
 * schedule is held here against the exact counters of the oracle's k02 recording.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { replayScenario } from "../../../../src/sim/scenario/replay.ts";

const ROOT = join(import.meta.dirname, "../../../fixtures/oracle");
const dropCounters = (transcript: string) =>
  transcript
    .split("\n")
    .filter((l) => /^\s+\d+\s+\d+ DROP /.test(l))
    .map((l) => l.trim().split(/\s+/).slice(0, 2).join(" "));

describe("SYN retransmissions while curl -m N waits", () => {
  const scenario = readFileSync(join(ROOT, "scenarios/k02-syn-retransmits.sh"), "utf8");
  for (const [engine, dir] of [
    ["26", "golden"],
    ["28", "golden-28"],
  ] as const) {
    it(`count in a DROP rule exactly as on Docker ${engine}`, () => {
      const real = dropCounters(readFileSync(join(ROOT, dir, "k02-syn-retransmits.txt"), "utf8"));
      expect(real).toHaveLength(9);
      expect(dropCounters(replayScenario(scenario, { engine }))).toEqual(real);
    });
  }
});
