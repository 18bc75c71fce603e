/**
 * npm run bench:replay — how long replaying every recorded oracle scenario takes,
 * in process (no tsx start-up counted). Issue target: all fixtures under a second.
 * Reports the median of several rounds, after one warm-up round.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { replayScenario } from "../src/sim/scenario/replay.ts";

const dir = "tests/fixtures/oracle/scenarios";
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".sh"))
  .sort();
const texts = files.map((f) => readFileSync(join(dir, f), "utf8"));
const lines = texts.reduce((n, t) => n + t.split("\n").filter((l) => l.trim() && !l.startsWith("#")).length, 0);

function round(): number {
  const t0 = performance.now();
  for (const t of texts) replayScenario(t);
  return performance.now() - t0;
}

round();
const rounds = Array.from({ length: 7 }, round).sort((a, b) => a - b);
const median = rounds[Math.floor(rounds.length / 2)]!;
console.log(
  `replayed ${files.length} scenarios (${lines} command lines) in ${median.toFixed(0)} ms, ` +
    `${((median * 1000) / lines).toFixed(0)} µs a line (median of 7; target < 1000 ms)`,
);
