/**
 * What changed between two views (view.ts), as a patch the page applies to the view it
 * holds: after `docker run` among 5,000 containers the page receives the new container,
 * its machine and the host's new veth, not 5,000 machines again.
 *
 * Views are plain data (objects, arrays, strings, numbers, booleans). A patch replaces a
 * value, or changes an object's keys (new keys go after the old ones, so the order of
 * machines is kept), or splices an array between the parts both sides share at either end.
 * Pure; unchanged parts are found by identity first (view.ts memoises), then by value.
 */

export type ViewPatch =
  /** The value itself. */
  | { readonly k: "set"; readonly v: unknown }
  /** An object's changed and new keys (in order), and the keys it lost. */
  | { readonly k: "obj"; readonly set: Readonly<Record<string, ViewPatch>>; readonly del?: readonly string[] }
  /** An array's `del` elements from `at` replaced by `ins`. */
  | { readonly k: "arr"; readonly at: number; readonly del: number; readonly ins: readonly unknown[] };

type Obj = Readonly<Record<string, unknown>>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function same(a: unknown, b: unknown): boolean {
  return a === b || diffValue(a, b) === undefined;
}

function diffArray(prev: readonly unknown[], next: readonly unknown[]): ViewPatch | undefined {
  const max = Math.min(prev.length, next.length);
  let head = 0;
  while (head < max && same(prev[head], next[head])) head++;
  if (head === prev.length && head === next.length) return undefined;
  let tail = 0;
  while (tail < max - head && same(prev[prev.length - 1 - tail], next[next.length - 1 - tail])) tail++;
  return { k: "arr", at: head, del: prev.length - head - tail, ins: next.slice(head, next.length - tail) };
}

/** Whether applying an "obj" patch to `prev` would give `next`'s key order: old keys in their order, then new ones. */
function keepsOrder(prev: Obj, next: Obj): boolean {
  const before = Object.keys(prev).filter((k) => Object.hasOwn(next, k));
  let i = 0;
  for (const k of Object.keys(next)) {
    if (Object.hasOwn(prev, k)) {
      if (before[i] !== k) return false;
      i++;
    } else if (i < before.length) return false;
  }
  return true;
}

function diffObject(prev: Obj, next: Obj): ViewPatch | undefined {
  if (!keepsOrder(prev, next)) return { k: "set", v: next };
  const set: Record<string, ViewPatch> = {};
  let changed = false;
  for (const k of Object.keys(next)) {
    const p = Object.hasOwn(prev, k) ? diffValue(prev[k], next[k]) : { k: "set" as const, v: next[k] };
    if (p) {
      set[k] = p;
      changed = true;
    }
  }
  const del = Object.keys(prev).filter((k) => !Object.hasOwn(next, k));
  if (!changed && del.length === 0) return undefined;
  return del.length > 0 ? { k: "obj", set, del } : { k: "obj", set };
}

function diffValue(prev: unknown, next: unknown): ViewPatch | undefined {
  if (prev === next) return undefined;
  if (Array.isArray(prev) && Array.isArray(next)) return diffArray(prev, next);
  if (isObj(prev) && isObj(next)) return diffObject(prev, next);
  return { k: "set", v: next };
}

/** What turns `prev` into `next`; undefined when they are equal. */
export function diffView<T>(prev: T, next: T): ViewPatch | undefined {
  return diffValue(prev, next);
}

function applyValue(prev: unknown, p: ViewPatch): unknown {
  switch (p.k) {
    case "set":
      return p.v;
    case "arr": {
      const a: readonly unknown[] = Array.isArray(prev) ? prev : [];
      return [...a.slice(0, p.at), ...p.ins, ...a.slice(p.at + p.del)];
    }
    case "obj": {
      const o: Record<string, unknown> = {};
      const base = isObj(prev) ? prev : {};
      const del = new Set(p.del ?? []);
      for (const k of Object.keys(base)) if (!del.has(k)) o[k] = base[k];
      for (const k of Object.keys(p.set)) o[k] = applyValue(o[k], p.set[k]!);
      return o;
    }
  }
}

/** `prev` with the patch applied; what the patch does not touch is kept as the same objects. */
export function applyViewPatch<T>(prev: T, patch: ViewPatch): T {
  return applyValue(prev, patch) as T;
}
