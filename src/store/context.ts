/** What the slices share: the supervised worker, the browser's storage, and one queue for the worker's work. */
import type { SessionStore } from "./persist.ts";
import type { Supervisor } from "./supervisor.ts";

export interface StoreContext {
  readonly sup: Supervisor;
  readonly storage: SessionStore;
  /**
   * Runs worker operations one after another: a line typed while a link replays (or while
   * a replaced worker rebuilds the session) waits for it, instead of interleaving with it.
   */
  serial<T>(op: () => Promise<T>): Promise<T>;
}

export function serialQueue(): StoreContext["serial"] {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(op: () => Promise<T>) => {
    const run = tail.then(op, op);
    tail = run.catch(() => undefined);
    return run;
  };
}
