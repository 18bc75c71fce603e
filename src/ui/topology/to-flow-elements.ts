/**
 * World → React Flow nodes and edges. Pure, so it is unit-tested without a DOM.
 * Positions are laid out later; here every node starts at the origin.
 */
import type { Edge, Node } from "@xyflow/react";
import type { World } from "../../worker/protocol.ts";

export interface MachineData extends Record<string, unknown> {
  readonly label: string;
  readonly detail: string;
}

export type MachineNode = Node<MachineData, "machine">;

export function toFlowElements(world: World): { nodes: MachineNode[]; edges: Edge[] } {
  const nodes: MachineNode[] = [
    { id: "internet", type: "machine", position: { x: 0, y: 0 }, data: { label: "internet", detail: "10.88.0.1" } },
    {
      id: "host",
      type: "machine",
      position: { x: 0, y: 160 },
      data: { label: world.hostname, detail: "eth0 10.88.0.4/16" },
    },
  ];
  const edges: Edge[] = [{ id: "internet-host", source: "internet", target: "host" }];
  return { nodes, edges };
}
