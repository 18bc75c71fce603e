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
  const engine = opts.engine ?? DEFAULT_ENGINE;
  // An engine without a profile cannot run: say so before building anything.
  engineProfile(engine);
  // Building the lab and starting dockerd (its iptables calls) took ~2 ms, paid at every
  // scenario, reset and engine switch; a world is never changed in place, so one made
  // for the same seed and engine is handed out again. Under the unit tests it is frozen,
  // so that a change in place throws there rather than leaking into every later world;
  // the app and the benchmarks leave it unfrozen, as V8 reads frozen objects more slowly
  // (about 3 µs of a 46 µs TCP connection).
  const key = `${seed} ${engine}`;
  let world = START_WORLDS.get(key);
  if (!world) {
    if (START_WORLDS.size >= START_WORLDS_MAX) START_WORLDS.clear();
    const built = ensureDaemon(buildDefaultWorld(createEmptyWorld(seed, { engine })));
    world = freezeStart ? deepFreeze(built) : built;
    START_WORLDS.set(key, world);
  }
  return world;
}

/** The starting worlds made so far, by seed and engine (a page uses one or two). */
const START_WORLDS = new Map<string, World>();
const START_WORLDS_MAX = 16;
let freezeStart = false;

/** Freezes the starting worlds handed out from now on (the unit tests' setup turns it on). */
export function freezeStartWorlds(on: boolean): void {
  freezeStart = on;
  START_WORLDS.clear();
}

function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  // Bounded by the objects of one starting world (a few thousand).
  for (let guard = 0; stack.length > 0 && guard < 1_000_000; guard++) {
    const v = stack.pop();
    if (typeof v !== "object" || v === null || Object.isFrozen(v)) continue;
    Object.freeze(v);
    for (const k of Object.keys(v)) stack.push((v as Record<string, unknown>)[k]);
  }
  return value;
}

/** The world `ms` milliseconds later (a negative or non-finite step leaves the clock where it is). */
export function advanceClock(world: World, ms: number): World {
  if (!Number.isFinite(ms) || ms <= 0) return world;
  return { ...world, clock: world.clock + Math.round(ms) };
}
