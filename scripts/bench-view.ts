/**
 * npm run bench:view — what crosses from the worker to the page for one command, and what
 * it costs, with 50, 1,000 and 5,000 containers (BENCH_VIEW_SIZES overrides): the bytes of
 * the answer as structured clone writes it (V8's serializer, the one postMessage uses), the
 * engine's time for the line, the clone's (written and read back, as worker and page do),
 * and the page's time to apply the view patch. Also the whole view a rebuilt session sends.
 * Medians of 7 rounds of: a line that changes nothing, a `docker run`, a `curl` through a
 * published port (conntrack and counters move, the view does not), a `docker rm -f`.
 */
import { performance } from "node:perf_hooks";
import { deserialize, serialize } from "node:v8";
import { nextView } from "../src/store/world-view.ts";
import { createEngine } from "../src/worker/engine.ts";
import type { RunReply, WorldView } from "../src/worker/protocol.ts";

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const LINES = ["echo hi", "docker run -d --name extra nginx", "curl -s 127.0.0.1:10000", "docker rm -f extra"];
const ROUNDS = 7;

const sizes = (process.env.BENCH_VIEW_SIZES ?? "50,1000,5000").split(",").map(Number);
for (const n of sizes) {
  const e = createEngine();
  const t0 = performance.now();
  const loaded = e.load({
    entries: Array.from({ length: n }, (_, i) => ({
      line: `docker run -d -p ${10000 + i}:80 --name c${i} nginx`,
      machine: "host",
    })),
  });
  const buildMs = performance.now() - t0;
  const worldBytes = serialize(e.state().world).length;
  let held: WorldView | null = deserialize(serialize(loaded.view)) as WorldView;
  const stats = new Map<string, { bytes: number[]; run: number[]; clone: number[]; apply: number[] }>();
  for (let k = 0; k < ROUNDS; k++)
    for (const line of LINES) {
      const a = performance.now();
      const r = e.run(line);
      const b = performance.now();
      const buf = serialize(r);
      const got = deserialize(buf) as RunReply;
      const c = performance.now();
      held = nextView(held, got.view);
      const d = performance.now();
      const s = stats.get(line) ?? { bytes: [], run: [], clone: [], apply: [] };
      s.bytes.push(buf.length);
      s.run.push(b - a);
      s.clone.push(c - b);
      s.apply.push(d - c);
      stats.set(line, s);
    }
  console.log(
    `${n} containers (built in ${(buildMs / 1000).toFixed(1)} s): the world ${(worldBytes / 1e6).toFixed(2)} MB, ` +
      `the whole view a rebuilt session sends ${(serialize(loaded.view).length / 1e6).toFixed(2)} MB`,
  );
  for (const [line, s] of stats)
    console.log(
      `  ${line.padEnd(34)} ${(median(s.bytes) / 1000).toFixed(1).padStart(7)} kB  ` +
        `engine ${median(s.run).toFixed(2)} ms  clone ${median(s.clone).toFixed(2)} ms  apply ${median(s.apply).toFixed(2)} ms`,
    );
}
