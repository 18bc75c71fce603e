/**
 * Bind mounts: a machine's path under a mount's target is the source machine's path
 * under the mount's source, for every reader and writer of files (kernel/files.ts,
 * file-meta.ts, the shell's file tree). Mounts do not nest through each other here: a
 * source lies on the host, which has none.
 */
import type { BindMount, KernelWorld } from "./types.ts";

const NONE: readonly BindMount[] = [];

export function mountsOf(world: KernelWorld, fs: string): readonly BindMount[] {
  const all = world.mounts;
  return all !== undefined && Object.hasOwn(all, fs) ? all[fs]! : NONE;
}

/** The mount `path` lies in (the longest target at or above it), if any. */
export function mountAt(world: KernelWorld, fs: string, path: string): BindMount | undefined {
  const list = mountsOf(world, fs);
  let best: BindMount | undefined;
  for (const m of list) {
    const inside = path === m.target || path.startsWith(m.target === "/" ? "/" : m.target + "/");
    if (inside && (best === undefined || m.target.length > best.target.length)) best = m;
  }
  return best;
}

export interface Resolved {
  readonly fs: string;
  readonly path: string;
  readonly mount?: BindMount;
}

/** Where a machine's path really is: on its own tree, or on a mount's source. */
export function resolvePath(world: KernelWorld, fs: string, path: string): Resolved {
  if (world.mounts === undefined) return { fs, path };
  const m = mountAt(world, fs, path);
  if (m === undefined) return { fs, path };
  const rest = path.slice(m.target.length);
  const joined = m.source === "/" ? rest || "/" : m.source + rest;
  return { fs: m.sourceFs, path: joined, mount: m };
}

/** Whether writing at `path` meets a read-only mount (EROFS). */
export function readOnlyAt(world: KernelWorld, fs: string, path: string): boolean {
  return mountAt(world, fs, path)?.readOnly === true;
}

/** A machine's mounts replaced (an empty list drops the entry, as when its container goes). */
export function withMounts<W extends KernelWorld>(world: W, fs: string, mounts: readonly BindMount[]): W {
  const all: Record<string, readonly BindMount[]> = { ...world.mounts };
  if (mounts.length === 0) delete all[fs];
  else all[fs] = mounts;
  return { ...world, mounts: all };
}
