/**
 * Places the topology's nodes with dagre, in ranks from the internet to the
 * containers (internet → host → bridge → veth → container): top to bottom while
 * a few containers fit side by side, left to right (containers stacked) beyond.
 * Pure and deterministic: the same elements always get the same positions, and
 * sizes come from nodeSize() so no two nodes overlap. dagre's ordering phase grows
 * much faster than linearly (about 80 ms for 100 nodes), so a big world is laid out
 * in the same ranks by stacking each rank's nodes in wire order (linear time).
 */
import { Position } from "@xyflow/react";
import { Graph, layout } from "@dagrejs/dagre";
import { nodeSize, type NetEdge, type NetNode } from "./to-flow-elements.ts";

/**
 * Tight gaps: the whole chain must fit a laptop-wide panel at a zoom where 11 px text stays
 * readable (≥ 9 px on screen), and every pixel between nodes is zoom lost. The wires only
 * need to be long enough to see the packet dot travel along them.
 */
export const NODE_SEP = 16;
export const RANK_SEP = 40;
/** Top to bottom, ranks are stacked rows: a shorter gap is still a visible wire. */
export const RANK_SEP_TB = 30;

/** Containers that still fit side by side under the bridge. */
export const MAX_TOP_DOWN_CONTAINERS = 3;

export type Direction = "TB" | "LR";

/** Top-down suits a tall or square panel with few containers; a wide, short panel reads better left to right. */
export function chooseDirection(nodes: readonly NetNode[], aspect = 1): Direction {
  if (aspect > WIDE_ASPECT) return "LR";
  return nodes.filter((n) => n.data.kind === "container").length <= MAX_TOP_DOWN_CONTAINERS ? "TB" : "LR";
}

/** Width / height beyond which the panel counts as wide. */
export const WIDE_ASPECT = 1.6;

/** Beyond this many nodes dagre is too slow to keep a command's effect under 100 ms. */
export const MAX_DAGRE_NODES = 40;

const RANK_OF: Record<NetNode["data"]["kind"], number> = { internet: 0, host: 1, bridge: 2, port: 3, container: 4 };

/** Ranks as columns (LR) or rows (TB); within a rank, nodes follow the order of the node they hang from. */
function stackedRanks(
  nodes: readonly NetNode[],
  edges: readonly NetEdge[],
  sizes: ReadonlyMap<string, { width: number; height: number }>,
  direction: Direction,
): Map<string, { x: number; y: number }> {
  const parent = new Map<string, string>();
  for (const e of edges) if (!parent.has(e.target)) parent.set(e.target, e.source);
  const ranks: NetNode[][] = [[], [], [], [], []];
  for (const n of nodes) ranks[RANK_OF[n.data.kind]]!.push(n);
  const order = new Map<string, number>();
  for (const rank of ranks) {
    const keyed = rank.map((n, i) => ({ n, i, p: order.get(parent.get(n.id) ?? "") ?? Number.MAX_SAFE_INTEGER }));
    keyed.sort((a, b) => a.p - b.p || a.i - b.i);
    keyed.forEach((k, i) => order.set(k.n.id, i));
    rank.splice(0, rank.length, ...keyed.map((k) => k.n));
  }
  const across = (id: string) => (direction === "LR" ? sizes.get(id)!.height : sizes.get(id)!.width);
  const along = (id: string) => (direction === "LR" ? sizes.get(id)!.width : sizes.get(id)!.height);
  const spans = ranks.map((r) => r.reduce((sum, n) => sum + across(n.id), 0) + NODE_SEP * Math.max(0, r.length - 1));
  const widest = Math.max(0, ...spans);
  const centres = new Map<string, { x: number; y: number }>();
  let main = 10;
  ranks.forEach((rank, ri) => {
    if (rank.length === 0) return;
    const depth = Math.max(...rank.map((n) => along(n.id)));
    let cross = 10 + (widest - spans[ri]!) / 2;
    for (const n of rank) {
      const c = across(n.id);
      const mainCentre = main + depth / 2;
      const crossCentre = cross + c / 2;
      centres.set(n.id, direction === "LR" ? { x: mainCentre, y: crossCentre } : { x: crossCentre, y: mainCentre });
      cross += c + NODE_SEP;
    }
    main += depth + (direction === "LR" ? RANK_SEP : RANK_SEP_TB);
  });
  return centres;
}

export function layoutElements(
  nodes: readonly NetNode[],
  edges: readonly NetEdge[],
  direction: Direction = chooseDirection(nodes),
): NetNode[] {
  const g = new Graph({ multigraph: false });
  const ranksep = direction === "TB" ? RANK_SEP_TB : RANK_SEP;
  g.setGraph({ rankdir: direction, nodesep: NODE_SEP, ranksep, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  const sizes = new Map<string, { width: number; height: number }>();
  for (const n of nodes) {
    const size = nodeSize(n.data);
    sizes.set(n.id, size);
    g.setNode(n.id, { width: size.width, height: size.height });
  }
  for (const e of edges) g.setEdge(e.source, e.target);
  const fast = nodes.length > MAX_DAGRE_NODES ? stackedRanks(nodes, edges, sizes, direction) : null;
  if (!fast) layout(g);
  return nodes.map((n) => {
    const p = fast ? fast.get(n.id) : (g.node(n.id) as { x: number; y: number } | undefined);
    const size = sizes.get(n.id)!;
    // dagre gives centres; React Flow wants the top-left corner.
    const x = Math.round((p?.x ?? 0) - size.width / 2);
    const y = Math.round((p?.y ?? 0) - size.height / 2);
    return {
      ...n,
      position: { x, y },
      width: size.width,
      height: size.height,
      style: { width: size.width, height: size.height },
      sourcePosition: direction === "TB" ? Position.Bottom : Position.Right,
      targetPosition: direction === "TB" ? Position.Top : Position.Left,
    };
  });
}

/** What the last layout was computed for, so a world change that moves nothing costs no layout. */
export interface LayoutCache {
  key: string;
  placed: NetNode[];
}

export function createLayoutCache(): LayoutCache {
  return { key: "", placed: [] };
}

/**
 * layoutElements, skipped when the graph's shape (ids, sizes, wires, direction) is as last
 * time; and nodes whose content did not change keep their previous object, so React Flow
 * (and the memoised node component) re-renders only what changed.
 */
export function layoutCached(
  cache: LayoutCache,
  nodes: readonly NetNode[],
  edges: readonly NetEdge[],
  direction: Direction,
): NetNode[] {
  const shape = [
    direction,
    nodes.map((n) => `${n.id}:${nodeSize(n.data).width}x${nodeSize(n.data).height}`).join(","),
    edges.map((e) => e.id).join(","),
  ].join("|");
  const old = new Map(cache.placed.map((n) => [n.id, n]));
  let placed: NetNode[];
  if (shape === cache.key) {
    placed = nodes.map((n) => {
      const prev = old.get(n.id)!;
      return { ...prev, data: n.data };
    });
  } else {
    placed = layoutElements(nodes, edges, direction);
  }
  const reused = placed.map((n) => {
    const prev = old.get(n.id);
    return prev &&
      prev.position.x === n.position.x &&
      prev.position.y === n.position.y &&
      JSON.stringify(prev.data) === JSON.stringify(n.data)
      ? prev
      : n;
  });
  cache.key = shape;
  cache.placed = reused;
  return reused;
}
