/**
 * Where a command's neighbour learning is kept until `worldOf` writes it to the world:
 * apart from neigh-learn.ts, which walks links and so needs the walk's state, so that
 * the walk's state can hold it without the two importing each other.
 */
import { pruneTables, type Neighbour } from "../neigh.ts";
import type { KernelWorld, Link } from "../types.ts";

export interface NeighLearning {
  /** Asking link → addresses already resolved in this command. */
  readonly done: Map<Link, Set<string>>;
  /** Tables changed since the last commit, by namespace (copies the walk owns). */
  readonly tables: Map<string, Neighbour[]>;
}

export function newNeighLearning(): NeighLearning {
  return { done: new Map(), tables: new Map() };
}

/** The world with the tables this walk changed. */
export function commitNeighbours<W extends KernelWorld>(learning: NeighLearning, world: W): W {
  if (learning.tables.size === 0) return world;
  const merged: Record<string, readonly Neighbour[]> = { ...world.neigh };
  for (const [id, table] of learning.tables) merged[id] = table;
  learning.tables.clear();
  return { ...world, neigh: pruneTables(merged, world) };
}
