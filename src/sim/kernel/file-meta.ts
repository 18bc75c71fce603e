/**
 * Directories, symbolic links, modes and removals the file commands make
 * (mkdir, ln -s, chmod, rm, mv): kept beside `files` as plain data, by machine
 * then absolute path, so a world with them still serialises and replays.
 */
import { resolvePath } from "./mounts.ts";
import type { FileMeta, KernelWorld } from "./types.ts";

export function metaOf(world: KernelWorld, machine: string, path: string): FileMeta | undefined {
  const at = resolvePath(world, machine, path);
  if (at.fs !== machine) return metaOf(world, at.fs, at.path);
  const all = world.fileMeta;
  const m = all && Object.hasOwn(all, machine) ? all[machine]! : undefined;
  return m && Object.hasOwn(m, path) ? m[path] : undefined;
}

export function metasOf(world: KernelWorld, machine: string): Readonly<Record<string, FileMeta>> {
  const all = world.fileMeta;
  return all && Object.hasOwn(all, machine) ? all[machine]! : {};
}

/** Sets (or with undefined, drops) a path's meta. */
export function setMeta<W extends KernelWorld>(world: W, machine: string, path: string, meta: FileMeta | undefined): W {
  const at = resolvePath(world, machine, path);
  if (at.fs !== machine) return setMeta(world, at.fs, at.path, meta);
  const rest = { ...metasOf(world, machine) };
  if (meta === undefined) delete rest[path];
  else rest[path] = meta;
  return { ...world, fileMeta: { ...world.fileMeta, [machine]: rest } };
}

/** Drops every meta at or under `path` (a removed tree). */
export function dropMetaTree<W extends KernelWorld>(world: W, machine: string, path: string): W {
  const at = resolvePath(world, machine, path);
  if (at.fs !== machine) return dropMetaTree(world, at.fs, at.path);
  const rest: Record<string, FileMeta> = {};
  for (const [p, m] of Object.entries(metasOf(world, machine)))
    if (p !== path && !p.startsWith(path + "/")) rest[p] = m;
  return { ...world, fileMeta: { ...world.fileMeta, [machine]: rest } };
}
