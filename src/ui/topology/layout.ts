/**
 * Places the topology's nodes with dagre, in ranks from the internet to the
 * containers (internet → host → bridge → veth → container): top to bottom while
 * a few containers fit side by side, left to right (containers stacked) beyond.
 * Pure and deterministic: the same elements always get the same positions, and
 * sizes come from nodeSize() so no two nodes overlap.
 */
import { Position } from "@xyflow/react";
import { Graph, layout } from "@dagrejs/dagre";
import { nodeSize, type NetEdge, type NetNode } from "./to-flow-elements.ts";

export const NODE_SEP = 24;
export const RANK_SEP = 70;

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

export function layoutElements(
  nodes: readonly NetNode[],
  edges: readonly NetEdge[],
  direction: Direction = chooseDirection(nodes),
): NetNode[] {
  const g = new Graph({ multigraph: false });
  const ranksep = direction === "TB" ? RANK_SEP / 2 : RANK_SEP;
  g.setGraph({ rankdir: direction, nodesep: NODE_SEP, ranksep, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  const sizes = new Map<string, { width: number; height: number }>();
  for (const n of nodes) {
    const size = nodeSize(n.data);
    sizes.set(n.id, size);
    g.setNode(n.id, { width: size.width, height: size.height });
  }
  for (const e of edges) g.setEdge(e.source, e.target);
  layout(g);
  return nodes.map((n) => {
    const p = g.node(n.id) as { x: number; y: number } | undefined;
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
