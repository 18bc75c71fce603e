/**
 * `node scripts/bench-bundled.mjs scripts/bench-X.ts [ARGS]`: runs a benchmark on the
 * simulation as the page runs it. The worker ships bundled by Vite's bundler (rolldown,
 * no name-keeping); tsx instead compiles with esbuild's keepNames, which wraps every
 * closure the walk creates in a defineProperty call and made a TCP connection ~40 %
 * slower than the shipped code. So the script is bundled with rolldown first, into
 * node_modules/.cache/bench/, and that bundle is what runs and is timed.
 */
import { mkdirSync } from "node:fs";
import { basename, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "rolldown";

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write("usage: node scripts/bench-bundled.mjs scripts/bench-X.ts [ARGS]\n");
  process.exit(2);
}
const outDir = resolve("node_modules/.cache/bench");
mkdirSync(outDir, { recursive: true });
const file = resolve(outDir, basename(entry).replace(/\.ts$/, ".mjs"));
await build({
  input: resolve(entry),
  platform: "node",
  logLevel: "warn",
  output: { file, format: "esm" },
});
process.argv = [process.argv[0], file, ...args];
await import(pathToFileURL(file).href);
