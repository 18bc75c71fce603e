/**
 * Places the topology's nodes with dagre: left to right in the order a packet
 * leaves a container (container → veth → bridge → host → internet, drawn mirrored
 * so the internet is on the left). Pure and deterministic: the same elements always
 * get the same positions, and sizes come from nodeSize() so no two nodes overlap.
 */
import { Graph, layout } from "@dagrejs/dagre";
import { nodeSize, type NetEdge, type NetNode } from "./to-flow-elements.ts";

export const NODE_SEP = 24;
export const RANK_SEP = 70;

export function layoutElements(nodes: readonly NetNode[], edges: readonly NetEdge[]): NetNode[] {
  const g = new Graph({ multigraph: false });
  g.setGraph({ rankdir: "LR", nodesep: NODE_SEP, ranksep: RANK_SEP, marginx: 10, marginy: 10 });
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
    };
  });
}
