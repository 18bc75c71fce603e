/**
 * `npm run bench`: how long the simulation takes to walk one full TCP connection
 * (handshake, request, response, close: 10 segments through every hook) from the
 * internet to a published port — in the default world with one container, and in
 * worlds with 10, 100 and 1,000 published containers (3 rules each, so 3,000+ rules
 * for 1,000). Prints the median CPU time per connection; the target is < 50 µs in the
 * default world and no worse than linear growth with the rule count.
 */
import { performance } from "node:perf_hooks";
import { ensureDaemon } from "../src/sim/docker/daemon.ts";
import { applyCommand, type World } from "../src/sim/index.ts";
import { httpExchange } from "../src/sim/programs/http-exchange.ts";
import { createWalkState } from "../src/sim/kernel/stack/context.ts";
import { createWorld } from "../src/sim/world.ts";

function worldWith(containers: number): World {
  let w = ensureDaemon(createWorld(1));
  for (let i = 0; i < containers; i++) {
    const r = applyCommand(w, `docker run -d -p ${10000 + i}:80 --name c${i} nginx`);
    if (r.exitCode !== 0) throw new Error(`docker run failed: ${r.stderr}`);
    w = r.world;
  }
  return w;
}

function ruleCount(w: World): number {
  const nf = w.netns.host!.netfilter;
  return (["raw", "mangle", "nat", "filter"] as const).reduce(
    (n, t) => n + nf[t].chains.reduce((m, c) => m + c.rules.length, 0),
    0,
  );
}

/** One connection from the internet to `port`, on a fresh copy of `w` each time (the world is immutable). */
function connect(w: World, port: number): number {
  const st = createWalkState(w);
  const req = { method: "GET" as const, path: "/", host: `10.88.0.4:${port}`, userAgent: "curl/7.88.1" };
  const ex = httpExchange(st, "internet", "curl", "10.88.0.4", port, req);
  if (ex.kind !== "response") throw new Error(`connection to :${port} failed: ${ex.kind}`);
  return st.packetsSent;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

type Measured = { us: number; wallUs: number; packets: number };

interface Samples {
  readonly cpu: number[];
  readonly wall: number[];
  packets: number;
}

/** Adds `runs` connections to `port`, in batches of `batch`, as CPU time (user + system) per connection. */
function sample(w: World, port: number, runs: number, into: Samples, batch = 25): void {
  for (let i = 0; i < runs; i += batch) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let j = 0; j < batch; j++) into.packets = connect(w, port);
    const c = process.cpuUsage(c0);
    into.wall.push(((performance.now() - t0) * 1000) / batch);
    into.cpu.push((c.user + c.system) / batch);
  }
}

/**
 * Medians over batches of connections to each port, in CPU time per connection (wall
 * time on a shared machine mostly measures the other processes). The ports are sampled
 * in turns, three rounds each, so a burst of load on the machine lands in a third of one
 * port's batches rather than in all of them.
 */
function measure(w: World, ports: readonly number[], runs: number): Measured[] {
  // Warm up the JIT: at least 1,000 connections and 1 s of CPU, so the first world
  // measured is not charged for the compiler's tiering up (it was, by 30-60 %).
  const warm = process.cpuUsage();
  for (let i = 0; i < Math.min(1000, runs) || cpuMs(warm) < 1000; i++) connect(w, ports[i % ports.length]!);
  const samples = ports.map((): Samples => ({ cpu: [], wall: [], packets: 0 }));
  const rounds = 3;
  for (let r = 0; r < rounds; r++) ports.forEach((p, i) => sample(w, p, Math.ceil(runs / rounds), samples[i]!));
  return samples.map((s) => ({ us: median(s.cpu), wallUs: median(s.wall), packets: s.packets }));
}

const rows: string[] = [];
const line = (cells: (string | number)[]) => rows.push(cells.map((c) => String(c).padStart(14)).join(""));
line(["containers", "rules", "first port µs", "last port µs", "wall µs", "segments"]);
let base = 0;
for (const n of (process.env.BENCH_SIZES ?? "1,10,100,1000").split(",").map(Number)) {
  const t0 = performance.now();
  const w = worldWith(n);
  const built = performance.now() - t0;
  const runs = n >= 1000 ? 300 : 2000;
  const [first, last] = measure(w, [10000, 10000 + n - 1], runs) as [Measured, Measured];
  if (n === 1) base = first.us;
  line([n, ruleCount(w), first.us.toFixed(1), last.us.toFixed(1), first.wallUs.toFixed(1), first.packets]);
  process.stderr.write(`built the ${n}-container world in ${built.toFixed(0)} ms\n`);
}
console.log(rows.join("\n"));
console.log(
  `\nmedian CPU µs per full TCP connection (wall µs for the first port); default world: ${base.toFixed(1)} µs (target < 50 µs)`,
);
