/**
 * Starts the simulation worker. The store's supervisor holds the handle, watches it (time
 * limits, error events) and starts a new one when it fails, so this is a factory, not a
 * singleton. (Creating the worker inside a React effect breaks under StrictMode's double mount.)
 */
import { releaseProxy, wrap, type Remote } from "comlink";
import type { SimApi } from "./protocol.ts";

export interface SimWorkerHandle {
  readonly api: Remote<SimApi>;
  /** Settles with a reason when the worker reports an error no call will answer. */
  readonly failed: Promise<string>;
  terminate(): void;
}

export function spawnSimWorker(): SimWorkerHandle {
  const worker = new Worker(new URL("./sim.worker.ts", import.meta.url), { type: "module", name: "sim" });
  const api = wrap<SimApi>(worker);
  const failed = new Promise<string>((resolve) => {
    worker.addEventListener("error", (e) => {
      // Handled here (the page says what happened), so the browser need not log it as uncaught.
      e.preventDefault();
      resolve(e.message || "error");
    });
    worker.addEventListener("messageerror", () => resolve("messageerror"));
  });
  return {
    api,
    failed,
    terminate() {
      api[releaseProxy]();
      worker.terminate();
    },
  };
}
