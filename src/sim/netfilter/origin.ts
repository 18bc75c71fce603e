/**
 * Every packet counted copies the rule it hit, that rule's chain, table and netfilter
 * state, unchanged but for the counters. What is compiled from those objects for the
 * walk (headers, chain plans, a namespace's hook plan) does not read counters, so its
 * caches key on the object a copy was first made from: they survive a command's
 * counter updates instead of being rebuilt for the next command.
 */
const origins = new WeakMap<object, object>();

/** The object `o` was copied from by counter updates alone (itself if none). */
export function originOf<T extends object>(o: T): T {
  const from = origins.get(o);
  return from === undefined ? o : (from as T);
}

/** Records that `copy` is `from` with other counters; returns `copy`. */
export function countedCopy<T extends object>(from: T, copy: T): T {
  origins.set(copy, originOf(from));
  return copy;
}
