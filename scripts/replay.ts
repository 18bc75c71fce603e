/**
 * npm run replay -- [-o DIR] FILE...   replays oracle scenario files headlessly and
 * prints each transcript (or writes DIR/NAME.txt), for compare.py to hold against
 * the recordings. The per-line logic lives in src/sim/docker/replay.ts.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { replayScenario } from "../src/sim/scenario/replay.ts";

const args = process.argv.slice(2);
let outDir: string | undefined;
if (args[0] === "-o") {
  outDir = args[1];
  args.splice(0, 2);
}
if (args.length === 0) {
  process.stderr.write("usage: npm run replay -- [-o DIR] FILE...\n");
  process.exit(2);
}
if (outDir) mkdirSync(outDir, { recursive: true });
for (const file of args) {
  const transcript = replayScenario(readFileSync(file, "utf8"));
  if (outDir) {
    const target = join(outDir, basename(file).replace(/\.[^.]+$/, "") + ".txt");
    writeFileSync(target, transcript);
    process.stdout.write(`replay: ${file} -> ${target}\n`);
  } else process.stdout.write(transcript);
}
