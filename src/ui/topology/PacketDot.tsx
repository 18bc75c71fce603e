import { useReducedMotion, m } from "motion/react";
import { ViewportPortal } from "@xyflow/react";
import type { World } from "../../worker/protocol.ts";
import type { Step } from "../trace/timeline.ts";
import { locateIface, type NetNode } from "./to-flow-elements.ts";

const DOT = 18;

function centre(nodes: ReadonlyMap<string, NetNode>, id: string): { x: number; y: number } | null {
  const n = nodes.get(id);
  if (!n) return null;
  // On the node's top edge, so the packet never hides the addresses it is about.
  return { x: n.position.x + (n.width ?? 0) / 2 - DOT / 2, y: n.position.y - DOT / 2 };
}

/**
 * The packet of the current step, drawn in the graph's own coordinates: a hop moves
 * it from one node to the next along the edge; other steps hold it where it is.
 */
export function PacketDot({
  step,
  world,
  nodes,
  seconds,
}: {
  readonly step: Step | undefined;
  readonly world: World;
  readonly nodes: ReadonlyMap<string, NetNode>;
  readonly seconds: number;
}) {
  const reduce = useReducedMotion();
  if (!step) return null;
  const to = centre(nodes, locateIface(world, step.at.netns, step.at.iface));
  if (!to) return null;
  const from = step.from ? (centre(nodes, locateIface(world, step.from.netns, step.from.iface)) ?? to) : to;
  const reply = step.packet?.direction === "reply";
  const dropped = step.tone === "drop";
  const colour = dropped ? "bg-red-600" : reply ? "bg-fuchsia-600" : "bg-orange-500";
  return (
    <ViewportPortal>
      <m.div
        key={step.index}
        aria-hidden="true"
        data-testid="packet-dot"
        className={`pointer-events-none absolute rounded-full border-2 border-white shadow-lg ${colour}`}
        style={{ width: DOT, height: DOT, left: 0, top: 0, zIndex: 1000 }}
        initial={{ x: from.x, y: from.y, scale: dropped ? 1.4 : 1 }}
        animate={{ x: to.x, y: to.y, scale: 1 }}
        transition={reduce ? { duration: 0 } : { duration: seconds, ease: "easeInOut" }}
      />
    </ViewportPortal>
  );
}
