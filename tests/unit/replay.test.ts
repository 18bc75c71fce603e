/**
 * Replays every recorded oracle scenario (tests/fixtures/oracle/scenarios) in a fresh
 * world on each engine and holds each block of the transcript against the real one,
 * normalised as compare.py does: Docker 26 against golden/, Docker 28 against
 * golden-28/ (the same scenarios, recorded with ORACLE_ENGINE=28). Blocks that still
 * differ are listed below with the reason; every other block must match exactly.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EngineVersion } from "../../src/sim/index.ts";
import { replayScenario } from "../../src/sim/scenario/replay.ts";
import { blocks, compareTranscripts, normLines } from "./replay-compare.ts";

const ROOT = join(import.meta.dirname, "../fixtures/oracle");

/** engine → file → block numbers (1-based) known to differ, and why. Shrink this list; never grow it to hide a regression. */
const KNOWN_DIFFERENT: Readonly<Record<EngineVersion, Readonly<Record<string, readonly number[]>>>> = {
  "26": {},
  "28": {},
};

/** Each engine's recordings. */
const RECORDINGS: readonly (readonly [EngineVersion, string])[] = [
  ["26", "golden"],
  ["28", "golden-28"],
];

function goldensIn(dir: string): string[] {
  return readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith(".txt"))
    .sort();
}

describe("normalisation (compare.py port)", () => {
  it("masks ids, MACs, veths, bridges and dates, and reads prot numbers as names", () => {
    const lines = [
      "87aa043b777a85c985dd097618fc85be8959163c2194f3ebcb6e6d1bc77d2970 87aa043b777a",
      "-A POSTROUTING -s 172.18.0.0/16 ! -o br-d5d553622c34 -j MASQUERADE",
      "6: veth4724af8@if5: link 02:42:ac:11:00:02",
      '10.88.0.1 - - [29/Nov/2026:16:19:06 +0000] "GET / HTTP/1.1" 200 615',
    ];
    expect(normLines("docker ps", lines)).toEqual([
      "<id> <sid>",
      "-A POSTROUTING -s 172.18.0.0/16 ! -o br-<net> -j MASQUERADE",
      "6: veth<x>@if5: link <mac>",
      '10.88.0.1 - - <date> "GET / HTTP/1.1" 200 615',
    ]);
    expect(
      normLines("iptables -t nat -nL", ["DNAT       6    --  0.0.0.0/0            0.0.0.0/0            tcp dpt:2024"]),
    ).toEqual(["DNAT tcp -- 0.0.0.0/0 0.0.0.0/0 tcp dpt:2024"]);
  });

  it("splits a transcript into header blocks", () => {
    expect(blocks("$ a\nx\n[exit 1]\nweb$ b\n@server-log\ny\n")).toEqual([
      ["$ a", ["x", "[exit 1]"]],
      ["web$ b", []],
      ["@server-log", ["y"]],
    ]);
  });
});

describe.each(RECORDINGS)("replay on Docker %s against %s/", (engine, dir) => {
  it("has a recording of every scenario", () => {
    const scenarios = readdirSync(join(ROOT, "scenarios")).filter((f) => f.endsWith(".sh"));
    expect(goldensIn(dir)).toEqual(scenarios.map((f) => f.replace(/\.sh$/, ".txt")).sort());
  });
  for (const file of goldensIn(dir)) {
    const name = file.replace(/\.txt$/, "");
    it(name, () => {
      const golden = readFileSync(join(ROOT, dir, file), "utf8");
      const scenario = readFileSync(join(ROOT, "scenarios", `${name}.sh`), "utf8");
      const simulated = replayScenario(scenario, { engine });
      // A transcript with more or fewer blocks than the recording is a failure on its own.
      expect(blocks(simulated).map(([h]) => h)).toEqual(blocks(golden).map(([h]) => h));
      const results = compareTranscripts(golden, simulated);
      const known = KNOWN_DIFFERENT[engine][name] ?? [];
      const unexpected = results.filter((r) => !r.ok && !known.includes(r.index));
      const report = unexpected.map(
        (r) =>
          `block ${r.index} ${r.header}\n  real: ${r.real.join("\n  real: ")}\n  sim:  ${r.sim.join("\n  sim:  ")}`,
      );
      expect(report).toEqual([]);
    });
  }
});
