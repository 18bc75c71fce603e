/**
 * The world: everything the simulation knows, as plain serialisable data.
 * Nothing in here holds functions or class instances, so a world can cross the
 * worker boundary, be snapshotted for undo and be saved into a share URL.
 * Each layer sees the part it needs: the kernel a `KernelWorld` (machines,
 * files, clock, randomness), the engine a `DockerWorld` (plus dockerd's state);
 * this module puts them together.
 */
import { ensureDaemon } from "./docker/daemon.ts";
import { DEFAULT_ENGINE, engineProfile, type EngineVersion } from "./docker/engine/index.ts";
import { createDockerState, type DockerWorld } from "./docker/types.ts";
import { EPOCH_MS } from "./kernel/clock.ts";
import { buildDefaultWorld } from "./machines/lab.ts";
import type { Capture } from "./programs/tcpdump/types.ts";
import { createRng } from "./rng.ts";

export { EPOCH_MS };

export const WORLD_SCHEMA_VERSION = 1;

export interface World extends DockerWorld {
  readonly schemaVersion: typeof WORLD_SCHEMA_VERSION;
  /** tcpdumps left running in the background of the terminal (`tcpdump -n -i eth0 &`): shell/jobs.ts. */
  readonly captures?: readonly Capture[];
  /**
   * Each running container's PID counter (shell/lib/procs.ts): the PIDs its
   * `docker exec`s and forks took, so container-side `ps` is stable.
   */
  readonly pidns?: Readonly<Record<string, { readonly hostPid: number; readonly next: number }>>;
}

export interface WorldOptions {
  /** Which Docker engine the world runs (docker/engine/): `26` (Docker 26.1.5, the default). */
  readonly engine?: EngineVersion;
}

/** The world with nothing in it: no namespaces (tests build their own). */
export function createEmptyWorld(seed = 1, opts: WorldOptions = {}): World {
  return {
    schemaVersion: WORLD_SCHEMA_VERSION,
    rng: createRng(seed),
    clock: EPOCH_MS,
    netns: {},
    docker: createDockerState(opts.engine ?? DEFAULT_ENGINE),
    logs: {},
    // The host's first PIDs are systemd's daemons and the root login (shell/lib/procs.ts).
    nextPid: 1000,
    files: {},
  };
}

/**
 * The lab's starting world: the internet and the Docker host (machines/lab.ts),
 * with dockerd running, as the oracle's host always has it (docker0, its chains).
 */
export function createWorld(seed = 1, opts: WorldOptions = {}): World {
  // An engine without a profile cannot run: say so before building anything.
  engineProfile(opts.engine ?? DEFAULT_ENGINE);
  return ensureDaemon(buildDefaultWorld(createEmptyWorld(seed, opts)));
}

/** The world `ms` milliseconds later (a negative or non-finite step leaves the clock where it is). */
export function advanceClock(world: World, ms: number): World {
  if (!Number.isFinite(ms) || ms <= 0) return world;
  return { ...world, clock: world.clock + Math.round(ms) };
}
