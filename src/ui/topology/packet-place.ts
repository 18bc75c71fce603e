/**
 * Where the packet is drawn at a step, and the way it takes from where it was. Pure.
 * Inside a machine whose pipeline is shown, it sits on the hook (or the routing decision,
 * or the local process) it is at; elsewhere it rests on the top edge of the node standing
 * for its interface. Between two nodes it rides the wires, handle to handle.
 */
import type { WorldView } from "../../worker/protocol.ts";
import type { Step } from "../trace/timeline.ts";
import type { PipelineLayout } from "./hook-pipeline.ts";
import type { PipelineState } from "./pipeline-state.ts";
import { handlePoint, pathBetween, wirePoints, type Point } from "./path.ts";
import { locateIface, nsNodeId, type NetEdge, type NetNode } from "./to-flow-elements.ts";

export interface ShownPipeline {
  readonly state: PipelineState;
  readonly layout: PipelineLayout;
  readonly position: Point;
}

export interface PacketPlace {
  /** The node the packet is at (the machine's, when it is in the machine's pipeline). */
  readonly nodeId: string;
  readonly point: Point;
}

export function packetPlace(
  step: Step,
  world: WorldView,
  nodes: ReadonlyMap<string, NetNode>,
  pipe: ShownPipeline | null,
): PacketPlace | null {
  if (pipe && pipe.state.at && pipe.state.netns === step.at.netns) {
    const r = pipe.layout.boxes[pipe.state.at];
    return {
      nodeId: nsNodeId(step.at.netns),
      point: { x: pipe.position.x + r.x + r.w / 2, y: pipe.position.y + r.y },
    };
  }
  const nodeId = locateIface(world, step.at.netns, step.at.iface);
  const n = nodes.get(nodeId);
  return n ? { nodeId, point: handlePoint(n, "top") } : null;
}

/** The points from `from` to `to`: straight within one node, along the wires between two. */
export function packetPath(
  from: PacketPlace | null,
  to: PacketPlace,
  edges: readonly NetEdge[],
  nodes: ReadonlyMap<string, NetNode>,
): Point[] {
  if (!from) return [to.point];
  if (from.nodeId === to.nodeId) return [from.point, to.point];
  const handles = wirePoints(edges, nodes, pathBetween(edges, from.nodeId, to.nodeId)).slice(1, -1);
  return [from.point, ...handles, to.point];
}
