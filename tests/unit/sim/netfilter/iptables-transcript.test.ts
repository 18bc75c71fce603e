import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { replay } from "./transcript.ts";

const text = readFileSync(new URL("./fixtures/cli.txt", import.meta.url), "utf8");

describe("iptables against the real iptables 1.8.9 (fixtures/cli.txt)", () => {
  // Each line runs on the tables the lines before it left, as in the recording.
  const results = replay(text);
  it.each(results.map((r, i) => [i + 1, r.line, r] as const))("%i: %s", (_n, _line, r) => {
    expect(r.actual).toBe(r.expected);
  });
});

const restoreText = readFileSync(new URL("./fixtures/restore.txt", import.meta.url), "utf8");

describe("iptables-restore, counters and odd addresses against the real iptables 1.8.9 (fixtures/restore.txt)", () => {
  const results = replay(restoreText);
  it.each(results.map((r, i) => [i + 1, r.line, r] as const))("%i: %s", (_n, _line, r) => {
    expect(r.actual).toBe(r.expected);
  });
});

for (const name of [
  "random",
  "random2",
  "random3",
  "random4",
  "cli-random1",
  "cli-random2",
  "cli-random3",
  "token-soup1",
  "token-soup2",
  "token-soup3",
  "token-soup4",
  "ext",
  "tgt",
  "getopt",
  "restore2",
]) {
  const randomText = readFileSync(new URL(`./fixtures/${name}.txt`, import.meta.url), "utf8");
  describe(`random command lines against the real iptables 1.8.9 (fixtures/${name}.txt, generated)`, () => {
    const results = replay(randomText);
    it.each(results.map((r, i) => [i + 1, r.line, r] as const))("%i: %s", (_n, _line, r) => {
      expect(r.actual).toBe(r.expected);
    });
  });
}
