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

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Where a handle on `side` of a node sits, in graph coordinates (React Flow centres handles on their side). */
export function handlePoint(
  n: { position: Point; width?: number; height?: number },
  side: "top" | "bottom" | "left" | "right",
): Point {
  const w = n.width ?? 0;
  const h = n.height ?? 0;
  switch (side) {
    case "top":
      return { x: n.position.x + w / 2, y: n.position.y };
    case "bottom":
      return { x: n.position.x + w / 2, y: n.position.y + h };
    case "left":
      return { x: n.position.x, y: n.position.y + h / 2 };
    case "right":
      return { x: n.position.x + w, y: n.position.y + h / 2 };
  }
}

type Side = Parameters<typeof handlePoint>[1];
type Placed = { position: Point; width?: number; height?: number; sourcePosition?: string; targetPosition?: string };

/**
 * The points a packet passes going along `path` (node ids): from where it rests on the
 * first node (its top edge), out of that node's handle onto the wire, into the next
 * node's handle, and so on, to rest on the last node's top edge. A hop against an
 * edge's direction (a reply) leaves by the target handle and enters by the source one.
 */
export function wirePoints(
  edges: readonly NetEdge[],
  nodes: ReadonlyMap<string, Placed>,
  path: readonly string[],
): Point[] {
  const side = (n: Placed, which: "source" | "target"): Side =>
    ((which === "source" ? n.sourcePosition : n.targetPosition) ?? (which === "source" ? "right" : "left")) as Side;
  const points: Point[] = [];
  const first = nodes.get(path[0] ?? "");
  if (first) points.push(handlePoint(first, "top"));
  for (let i = 0; i + 1 < path.length; i++) {
    const a = nodes.get(path[i]!);
    const b = nodes.get(path[i + 1]!);
    if (!a || !b) continue;
    const forward = edges.some((e) => e.source === path[i] && e.target === path[i + 1]);
    points.push(handlePoint(a, side(a, forward ? "source" : "target")));
    points.push(handlePoint(b, side(b, forward ? "target" : "source")));
  }
  const last = nodes.get(path[path.length - 1] ?? "");
  if (last && path.length > 1) points.push(handlePoint(last, "top"));
  return points;
}
