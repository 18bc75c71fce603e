/**
 * sed, awk (mawk 1.3.4), tr, seq, printf, tee, basename, dirname, touch, test, type,
 * date and bash's compound commands held against Debian 12's own (GNU sed 4.9, mawk,
 * coreutils 9.1, bash 5.2.15, the oracle host's). Each line of fixtures/shell-tools.sh
 * ran as `bash -c LINE </dev/null` in a folder holding fixtures/text/{routes,data,words};
 * fixtures/shell-tools.txt is what it printed (both streams) and its exit code.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { transcriptBlocks } from "./terminal.ts";
import { writeFile } from "../../../../src/sim/kernel/files.ts";
import { runLine } from "../../../../src/sim/shell/run.ts";
import { createWorld, type World } from "../../../../src/sim/world.ts";

const dir = new URL("./fixtures/", import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), "utf8");

let world: World = createWorld(1);
for (const f of ["routes", "data", "words"]) world = writeFile(world, "host", `/root/${f}`, read(`text/${f}`));

describe("shell tools and control flow against Debian 12's (fixtures/shell-tools.txt)", () => {
  const want = transcriptBlocks(read("shell-tools.txt"));
  const lines = read("shell-tools.sh").replace(/\n$/, "").split("\n");
  it("has a recording for every line", () => {
    expect(want.map(([l]) => l)).toEqual(lines);
  });
  want.forEach(([line, body], i) => {
    it(`${i + 1}: ${line}`, () => {
      const r = runLine(world, { machine: "host", shell: "bash-c" }, line);
      const shown = r.output ? r.output.map((c) => c.text).join("") : r.stdout + r.stderr;
      expect(shown + (r.exitCode !== 0 ? `[exit ${r.exitCode}]\n` : "")).toBe(body);
    });
  });
});
