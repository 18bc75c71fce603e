/**
 * The workload `scripts/bench-instructions.mjs` counts: `COUNT` TCP connections from the
 * internet to a published nginx in the default world (bench-sim.ts's first row).
 */
import { ensureDaemon } from "../src/sim/docker/daemon.ts";
import { applyCommand } from "../src/sim/index.ts";
import { httpExchange } from "../src/sim/programs/http-exchange.ts";
import { createWalkState } from "../src/sim/kernel/stack/context.ts";
import { createWorld } from "../src/sim/world.ts";

const r = applyCommand(ensureDaemon(createWorld(1)), "docker run -d -p 10000:80 --name c0 nginx");
if (r.exitCode !== 0) throw new Error(r.stderr);
const req = { method: "GET" as const, path: "/", host: "10.88.0.4:10000", userAgent: "curl/7.88.1" };
const count = Number(process.env.COUNT ?? 1000);
for (let i = 0; i < count; i++) {
  const ex = httpExchange(createWalkState(r.world), "internet", "curl", "10.88.0.4", 10000, req);
  if (ex.kind !== "response") throw new Error(`connection ${i} failed: ${ex.kind}`);
}
