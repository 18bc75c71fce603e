/**
 * The world: everything the simulation knows, as plain serialisable data.
 * Nothing in here holds functions or class instances, so a world can cross the
 * worker boundary, be snapshotted for undo and be saved into a share URL.
 */
import { createRng, type RngState } from "./rng.ts";

export const WORLD_SCHEMA_VERSION = 1;

/** The instant every world starts at; the clock only moves when commands run. */
export const EPOCH_MS = Date.UTC(2026, 10, 29, 16, 19, 0);

export interface World {
  readonly schemaVersion: typeof WORLD_SCHEMA_VERSION;
  readonly rng: RngState;
  /** Milliseconds since the Unix epoch, advanced by the commands themselves. */
  readonly clock: number;
  readonly hostname: string;
}

export function createWorld(seed = 1): World {
  return {
    schemaVersion: WORLD_SCHEMA_VERSION,
    rng: createRng(seed),
    clock: EPOCH_MS,
    hostname: "docker-host",
  };
}
