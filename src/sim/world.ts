/**
 * The world: everything the simulation knows, as plain serialisable data.
 * Nothing in here holds functions or class instances, so a world can cross the
 * worker boundary, be snapshotted for undo and be saved into a share URL.
 */
import { ensureDaemon } from "./docker/daemon.ts";
import { createDockerState, type DockerState } from "./docker/types.ts";
import { buildDefaultWorld } from "./kernel/default-world.ts";
import type { Netns } from "./kernel/types.ts";
import { createRng, type RngState } from "./rng.ts";

export const WORLD_SCHEMA_VERSION = 1;

/** The instant every world starts at; the clock only moves when commands run. */
export const EPOCH_MS = Date.UTC(2026, 10, 29, 16, 19, 0);

export interface World {
  readonly schemaVersion: typeof WORLD_SCHEMA_VERSION;
  readonly rng: RngState;
  /** Milliseconds since the Unix epoch, advanced by the commands themselves. */
  readonly clock: number;
  /** Every network namespace by id: `host`, `internet`, and one per container. */
  readonly netns: Readonly<Record<string, Netns>>;
  readonly docker: DockerState;
  /** Lines each logging application wrote, by log name (`baidu.com` is the web server in the internet). */
  readonly logs: Readonly<Record<string, readonly string[]>>;
  /** The next process id handed out. */
  readonly nextPid: number;
  /**
   * Files the lab's commands wrote or Docker keeps (`/etc/docker/daemon.json`), by
   * machine (netns id) then absolute path. /proc/sys and the resolver files are views
   * of kernel state: read them through kernel/files.ts `readFile`.
   */
  readonly files: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** `-m limit` token buckets, by the rule's limit match (see kernel/stack/tables.ts). */
  readonly limits?: Readonly<Record<string, { readonly tokens: number; readonly at: number }>>;
}

/** The world with nothing in it: no namespaces (tests build their own). */
export function createEmptyWorld(seed = 1): World {
  return {
    schemaVersion: WORLD_SCHEMA_VERSION,
    rng: createRng(seed),
    clock: EPOCH_MS,
    netns: {},
    docker: createDockerState(),
    logs: {},
    nextPid: 100,
    files: {},
  };
}

/**
 * The lab's starting world: the internet and the Docker host (kernel/default-world.ts),
 * with dockerd running, as the oracle's host always has it (docker0, its chains).
 */
export function createWorld(seed = 1): World {
  return ensureDaemon(buildDefaultWorld(createEmptyWorld(seed)));
}

/** The world `ms` milliseconds later (a negative or non-finite step leaves the clock where it is). */
export function advanceClock(world: World, ms: number): World {
  if (!Number.isFinite(ms) || ms <= 0) return world;
  return { ...world, clock: world.clock + Math.round(ms) };
}
