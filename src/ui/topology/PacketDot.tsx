import { useReducedMotion, m } from "motion/react";
import { ViewportPortal } from "@xyflow/react";
import type { World } from "../../worker/protocol.ts";
import type { Step } from "../trace/timeline.ts";
import { handlePoint, pathBetween, wirePoints } from "./path.ts";
import { locateIface, type NetEdge, type NetNode } from "./to-flow-elements.ts";

const DOT = 18;

/** Where the dot rests on a node: on its top edge, so it never hides the addresses it is about. */
function rest(nodes: ReadonlyMap<string, NetNode>, id: string): { x: number; y: number } | null {
  const n = nodes.get(id);
  if (!n) return null;
  const p = handlePoint(n, "top");
  return { x: p.x - DOT / 2, y: p.y - DOT / 2 };
}

/**
 * The packet of the current step, drawn in the graph's own coordinates: a hop moves
 * it from one node to the next along the edge; other steps hold it where it is.
 */
export function PacketDot({
  step,
  world,
  nodes,
  edges,
  seconds,
}: {
  readonly step: Step | undefined;
  readonly world: World;
  readonly nodes: ReadonlyMap<string, NetNode>;
  readonly edges: readonly NetEdge[];
  readonly seconds: number;
}) {
  const reduce = useReducedMotion();
  if (!step) return null;
  const toId = locateIface(world, step.at.netns, step.at.iface);
  const to = rest(nodes, toId);
  if (!to) return null;
  const fromId = step.from ? locateIface(world, step.from.netns, step.from.iface) : toId;
  // A bridge forwards from docker0 straight to a container's eth0: the dot still follows the drawn wires,
  // leaving and entering each node by its handles so it rides on the wire itself.
  const points = wirePoints(edges, nodes, pathBetween(edges, fromId, toId)).map((p) => ({
    x: p.x - DOT / 2,
    y: p.y - DOT / 2,
  }));
  const from = points[0] ?? to;
  const reply = step.packet?.direction === "reply";
  const dropped = step.tone === "drop";
  // Where a packet ends is said on the graph too: what a person looks at while it plays.
  const badge = dropped
    ? `dropped: ${step.event.type === "drop" ? step.event.reason : ""}`
    : step.tone === "deliver"
      ? "delivered"
      : null;
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
        animate={{
          x: points.length > 1 ? points.map((p) => p.x) : to.x,
          y: points.length > 1 ? points.map((p) => p.y) : to.y,
          scale: 1,
        }}
        transition={reduce ? { duration: 0 } : { duration: seconds, ease: "easeInOut" }}
      >
        {badge ? (
          <span
            className={`absolute top-[-4px] left-5 rounded px-1 text-[11px] font-semibold whitespace-nowrap text-white ${
              dropped ? "bg-red-700" : "bg-emerald-700"
            }`}
            data-testid="packet-badge"
          >
            {badge}
          </span>
        ) : null}
      </m.div>
    </ViewportPortal>
  );
}
