/**
 * `npm run bench:count`: the instructions one TCP connection costs (bench-count.ts), counted
 * by valgrind's callgrind rather than timed. A machine shared with other work times the same
 * code ±15 % and more; instruction counts repeat within about 1 %, so two versions of the
 * walk can be told apart by a few percent. The workload runs twice, with LOW and HIGH
 * connections, and the difference is divided out, so start-up and the JIT's warm-up cancel.
 * Takes about four minutes (valgrind runs node some fifty times slower).
 */
import { spawnSync, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { build } from "rolldown";

const LOW = 1000;
const HIGH = 8000;
if (spawnSync("valgrind", ["--version"]).status !== 0) {
  process.stderr.write("bench:count needs valgrind (apt-get install -y valgrind)\n");
  process.exit(2);
}
const outDir = resolve("node_modules/.cache/bench");
mkdirSync(outDir, { recursive: true });
const file = resolve(outDir, "bench-count.mjs");
await build({
  input: resolve("scripts/bench-count.ts"),
  platform: "node",
  logLevel: "warn",
  output: { file, format: "esm" },
});

function count(n) {
  return new Promise((done, fail) => {
    const args = [
      "--tool=callgrind",
      "--callgrind-out-file=/dev/null",
      "--smc-check=all-non-file",
      process.execPath,
      file,
    ];
    const p = spawn("valgrind", args, { env: { ...process.env, COUNT: String(n) } });
    let err = "";
    p.stderr.on("data", (d) => (err += d));
    p.on("close", (code) => {
      const m = /Collected : (\d+)/.exec(err);
      if (code !== 0 || !m) fail(new Error(`valgrind exited ${code}:\n${err.slice(-2000)}`));
      else done(Number(m[1]));
    });
  });
}

const [low, high] = await Promise.all([count(LOW), count(HIGH)]);
const per = (high - low) / (HIGH - LOW);
console.log(
  `${Math.round(per).toLocaleString("en")} instructions per TCP connection in the default world (${LOW} and ${HIGH} connections counted by callgrind)`,
);
