/**
 * grep, sort, head, tail, wc, cut and uniq held against GNU grep 3.8 and coreutils
 * 9.1 (Debian 12, the oracle host's; C.UTF-8, so bytewise order). Each line of
 * fixtures/text-tools.sh ran as `bash -c "cat routes | LINE"` in a folder holding
 * fixtures/text/{routes,data,words}; fixtures/text-tools.txt is what it printed
 * (both streams, as written) and its exit code. The lab runs the same in /root.
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

describe("text tools against GNU grep and coreutils (fixtures/text-tools.txt)", () => {
  const want = transcriptBlocks(read("text-tools.txt"));
  const lines = read("text-tools.sh").replace(/\n$/, "").split("\n");
  it("has a recording for every line", () => {
    expect(want.map(([l]) => l)).toEqual(lines);
  });
  want.forEach(([line, body], i) => {
    it(`${i + 1}: ${line}`, () => {
      const r = runLine(world, { machine: "host", shell: "bash-c" }, `cat routes | ${line}`);
      const shown = (r.output ?? []).map((c) => c.text).join("");
      expect(shown + (r.exitCode !== 0 ? `[exit ${r.exitCode}]\n` : "")).toBe(body);
    });
  });
});
