/**
 * Watches the simulation worker: every call races a time limit and the worker's own error
 * events, so a worker that dies or hangs is noticed instead of leaving the terminal waiting
 * for ever. The store then replaces it (replace()) and rebuilds the world from the history.
 */
import type { SimClient } from "./types.ts";

/** A running simulation: the worker in the app, the engine itself in tests. */
export interface SimHandle {
  readonly api: SimClient;
  /** Settles when the worker reports an error it cannot answer through a call (a crash). */
  readonly failed: Promise<string>;
  terminate(): void;
}

export type SpawnSim = () => SimHandle;

/** Time limits, in milliseconds. */
export interface SimLimits {
  /** One command line. The lab's commands take milliseconds; this is far past any of them. */
  readonly command: number;
  /** Rebuilding a session: this, plus `perEntry` for each line replayed. */
  readonly load: number;
  readonly perEntry: number;
}

export const DEFAULT_LIMITS: SimLimits = { command: 8_000, load: 10_000, perEntry: 50 };

export type Failure = "timeout" | "crashed";

export type CallResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: Failure };

/** Wraps an engine as a handle that never fails (tests, and anything that runs the core in the page). */
export function directSim(make: () => SimClient): SpawnSim {
  return () => ({ api: make(), failed: new Promise<string>(() => undefined), terminate() {} });
}

export class Supervisor {
  /** Started on first use, so importing the store starts no worker (tests, the page before it renders). */
  private current: SimHandle | null = null;
  /** Bumped on every replacement, so a late answer from a replaced worker is ignored. */
  private generation = 0;

  constructor(
    private readonly spawn: SpawnSim,
    readonly limits: SimLimits = DEFAULT_LIMITS,
  ) {}

  private get handle(): SimHandle {
    this.current ??= this.spawn();
    return this.current;
  }

  get api(): SimClient {
    return this.handle.api;
  }

  async call<T>(fn: (api: SimClient) => T | Promise<T>, limitMs: number): Promise<CallResult<Awaited<T>>> {
    const handle = this.handle;
    const generation = this.generation;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<CallResult<Awaited<T>>>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, failure: "timeout" }), limitMs);
    });
    const crash = handle.failed.then((): CallResult<Awaited<T>> => ({ ok: false, failure: "crashed" }));
    const answer = (async (): Promise<CallResult<Awaited<T>>> => {
      try {
        return { ok: true, value: await fn(handle.api) };
      } catch {
        // The engine answers every command, errors included; a rejected call means the worker broke.
        return { ok: false, failure: "crashed" };
      }
    })();
    try {
      const r = await Promise.race([answer, timeout, crash]);
      return generation === this.generation ? r : { ok: false, failure: "crashed" };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the current worker and starts a new one (with a fresh world). */
  replace(): void {
    this.generation++;
    try {
      this.current?.terminate();
    } catch {
      // already gone
    }
    this.current = this.spawn();
  }
}
