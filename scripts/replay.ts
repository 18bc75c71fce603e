/**
 * npm run replay -- [-o DIR] [--engine 26|28] FILE...   replays oracle scenario files
 * headlessly and prints each transcript (or writes DIR/NAME.txt), for compare.py to
 * hold against the recordings. The per-line logic lives in src/sim/scenario/.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { isEngineAvailable } from "../src/sim/index.ts";
import { replayScenario } from "../src/sim/scenario/replay.ts";

const USAGE = "usage: npm run replay -- [-o DIR] [--engine 26|28] FILE...\n";
const args = process.argv.slice(2);
let outDir: string | undefined;
let engine = "26";
const files: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === "-o") outDir = args[++i];
  else if (a === "--engine") engine = args[++i] ?? "";
  else if (a.startsWith("--engine=")) engine = a.slice("--engine=".length);
  else files.push(a);
}
if (files.length === 0 || (outDir === undefined && args.includes("-o"))) {
  process.stderr.write(USAGE);
  process.exit(2);
}
if (engine !== "26" && engine !== "28") {
  process.stderr.write(`replay: unknown engine '${engine}' (26 or 28)\n${USAGE}`);
  process.exit(2);
}
const requested: string = engine;
if (!isEngineAvailable(engine)) {
  process.stderr.write(
    `replay: Docker ${requested} is not available yet (no engine profile in src/sim/docker/engine/)\n`,
  );
  process.exit(2);
}
if (outDir) mkdirSync(outDir, { recursive: true });
for (const file of files) {
  const transcript = replayScenario(readFileSync(file, "utf8"), { engine });
  if (outDir) {
    const target = join(outDir, basename(file).replace(/\.[^.]+$/, "") + ".txt");
    writeFileSync(target, transcript);
    process.stdout.write(`replay: ${file} -> ${target}\n`);
  } else process.stdout.write(transcript);
}
