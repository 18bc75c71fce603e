/**
 * npm run bench:build — how long building a world of many containers takes: N times
 * `docker run -d -p PORT:80 --name cN nginx` through `applyCommand`, as a share link of
 * N such lines replays. Prints the whole build's CPU time and the cost of one more
 * `docker run` at the size reached (median of the last 50 runs), for 1,000 and 5,000
 * containers (BENCH_BUILD_SIZES overrides). Issue target: 1,000 containers in under a
 * second, and a `docker run` whose cost barely grows with the containers already there.
 */
import { performance } from "node:perf_hooks";
import { applyCommand, createWorld, type World } from "../src/sim/index.ts";

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1000;
}

interface Build {
  readonly cpuMs: number;
  readonly wallMs: number;
  /** Milliseconds of one `docker run` at sizes along the way (median over 50 runs ending there). */
  readonly perRun: ReadonlyMap<number, number>;
  readonly world: World;
}

function build(n: number, checkpoints: readonly number[]): Build {
  let w = createWorld(1);
  const times: number[] = [];
  const perRun = new Map<number, number>();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = applyCommand(w, `docker run -d -p ${10000 + i}:80 --name c${i} nginx`);
    times.push(performance.now() - t);
    if (r.exitCode !== 0) throw new Error(`docker run failed at ${i}: ${r.stderr}`);
    w = r.world;
    if (checkpoints.includes(i + 1)) perRun.set(i + 1, median(times.slice(-50)));
  }
  return { cpuMs: cpuMs(c0), wallMs: performance.now() - t0, perRun, world: w };
}

// Warm the JIT on a small world first, so the first size measured is not charged for it.
build(300, []);

const sizes = (process.env.BENCH_BUILD_SIZES ?? "1000,5000").split(",").map(Number);
const checkpoints = [100, 1000, 5000];
for (const n of sizes) {
  const b = build(n, checkpoints);
  const runs = [...b.perRun].map(([at, ms]) => `${ms.toFixed(2)} ms at ${at}`).join(", ");
  const ok = n !== 1000 || b.wallMs < 1000 ? "" : "  (over the 1 s target; is the machine loaded?)";
  console.log(
    `built ${n} containers, each publishing a port: ${b.cpuMs.toFixed(0)} ms CPU (${b.wallMs.toFixed(0)} ms wall)${ok}; one docker run: ${runs}`,
  );
}
