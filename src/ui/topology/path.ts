/** Paths through the topology graph, for the packet animation. Pure. */
import type { NetEdge } from "./to-flow-elements.ts";

/** The nodes from `a` to `b` along the graph's edges (breadth-first, so the shortest way), or just the two ends. */
export function pathBetween(edges: readonly NetEdge[], a: string, b: string): string[] {
  if (a === b) return [a];
  const next = new Map<string, string[]>();
  for (const e of edges) {
    next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
    next.set(e.target, [...(next.get(e.target) ?? []), e.source]);
  }
  const came = new Map<string, string>([[a, a]]);
  const queue = [a];
  while (queue.length > 0) {
    const at = queue.shift()!;
    if (at === b) break;
    for (const n of next.get(at) ?? []) {
      if (!came.has(n)) {
        came.set(n, at);
        queue.push(n);
      }
    }
  }
  if (!came.has(b)) return [a, b];
  const path = [b];
  while (path[0] !== a) path.unshift(came.get(path[0]!)!);
  return path;
}
