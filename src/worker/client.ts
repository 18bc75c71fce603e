/**
 * The page's handle on the worker: a lazy module-level singleton. (Creating the
 * worker inside a React effect breaks under StrictMode's double mount.)
 */
import { wrap, type Remote } from "comlink";
import type { SimApi } from "./protocol.ts";

let api: Remote<SimApi> | null = null;

export function getSim(): Remote<SimApi> {
  api ??= wrap<SimApi>(new Worker(new URL("./sim.worker.ts", import.meta.url), { type: "module", name: "sim" }));
  return api;
}
