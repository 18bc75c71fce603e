import {
  Background,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStore,
  type NodeChange,
  type NodeMouseHandler,
} from "@xyflow/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { useAppStore } from "../../store/index.ts";
import { Panel } from "../app/Panel.tsx";
import { stepSeconds } from "../trace/step-time.ts";
import { useTimeline } from "../trace/use-timeline.ts";
import { fitOptions, idealPanelHeight, type GraphExtent } from "./fit.ts";
import { chooseDirection, createLayoutCache, layoutCached, WIDE_ASPECT } from "./layout.ts";
import { DetailsPanel } from "./DetailsPanel.tsx";
import { nodeTypes } from "./node-types.ts";
import { PacketDot } from "./PacketDot.tsx";
import { locateIface, toFlowElements, type NetNode } from "./to-flow-elements.ts";
import { useFollowPacket } from "./use-follow-packet.ts";

const LEAVE_MS = 400;
/** Beyond this many nodes, layout changes jump instead of gliding. */
const MANY_NODES = 40;

function Graph({
  colorMode,
  aspect,
  onExtent,
}: {
  readonly colorMode: "light" | "dark";
  readonly aspect: number;
  readonly onExtent?: (extent: GraphExtent) => void;
}) {
  const world = useAppStore((s) => s.world);
  const selected = useAppStore((s) => s.selectedNode);
  const selectNode = useAppStore((s) => s.selectNode);
  const stepIndex = useAppStore((s) => s.step);
  const speed = useAppStore((s) => s.speed);
  const timeline = useTimeline();
  const { fitView } = useReactFlow();
  const [cache] = useState(createLayoutCache);

  const { nodes, edges, direction } = useMemo(() => {
    if (!world) return { nodes: [] as NetNode[], edges: [], direction: "LR" as const };
    const el = toFlowElements(world);
    const dir = chooseDirection(el.nodes, aspect);
    return { nodes: layoutCached(cache, el.nodes, el.edges, dir), edges: el.edges, direction: dir };
  }, [world, aspect, cache]);
  // Nodes that just left the world stay a moment, fading out, so removals are seen.
  const previous = useRef<NetNode[]>([]);
  const [leaving, setLeaving] = useState<NetNode[]>([]);
  useEffect(() => {
    const now = new Set(nodes.map((n) => n.id));
    const gone = previous.current
      .filter((n) => !now.has(n.id))
      .map((n) => ({ ...n, selectable: false, data: { ...n.data, leaving: true } }));
    previous.current = nodes;
    if (gone.length === 0) return;
    setLeaving(gone);
    const t = window.setTimeout(() => setLeaving([]), LEAVE_MS);
    return () => window.clearTimeout(t);
  }, [nodes]);
  const shown = useMemo(
    () => [...nodes.map((n) => (n.id === selected ? { ...n, selected: true } : n)), ...leaving],
    [nodes, selected, leaving],
  );
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  const extentKey = useMemo(() => {
    if (nodes.length === 0) return "";
    const xs = nodes.flatMap((n) => [n.position.x, n.position.x + (n.width ?? 0)]);
    const ys = nodes.flatMap((n) => [n.position.y, n.position.y + (n.height ?? 0)]);
    return `${Math.max(...xs) - Math.min(...xs)},${Math.max(...ys) - Math.min(...ys)}`;
  }, [nodes]);
  useEffect(() => {
    if (!onExtent || extentKey === "") return;
    const [width = 0, height = 0] = extentKey.split(",").map(Number);
    onExtent({ width, height, direction });
  }, [extentKey, direction, onExtent]);
  const step = timeline.steps[stepIndex];
  useFollowPacket(step && world ? byId.get(locateIface(world, step.at.netns, step.at.iface)) : undefined);
  // The wire the current hop crosses is drawn animated.
  const shownEdges = useMemo(() => {
    if (!world || !step?.from || step.event.type !== "hop") return edges;
    const ends = new Set([
      locateIface(world, step.from.netns, step.from.iface),
      locateIface(world, step.at.netns, step.at.iface),
    ]);
    return edges.map((e) =>
      ends.has(e.source) && ends.has(e.target) ? { ...e, animated: true, className: "edge-active" } : e,
    );
  }, [edges, step, world]);

  // Keep every node in view as containers come and go, and when the pane is resized
  // (the details panel opening, a phone turning) or the layout changes direction.
  const shape = nodes.map((n) => n.id).join(",");
  const paneWidth = useStore((s) => s.width);
  const paneHeight = useStore((s) => s.height);
  useEffect(() => {
    if (shape === "") return;
    // A big graph re-fits at once: animating a hundred nodes costs more than it shows.
    const many = shape.split(",").length > MANY_NODES;
    const t = window.setTimeout(() => void fitView(fitOptions(paneWidth, direction, many ? 0 : 250)), 30);
    return () => window.clearTimeout(t);
  }, [shape, fitView, paneWidth, paneHeight, aspect, direction]);

  const onNodeClick: NodeMouseHandler<NetNode> = (_, n) => selectNode(n.id);
  // Keyboard selection (Enter on a focused node) arrives as a change, not a click.
  const onNodesChange = (changes: NodeChange<NetNode>[]) => {
    for (const c of changes) if (c.type === "select" && c.selected) selectNode(c.id);
  };

  return (
    <ReactFlow
      nodes={shown}
      edges={shownEdges}
      nodeTypes={nodeTypes}
      onNodeClick={onNodeClick}
      onNodesChange={onNodesChange}
      onPaneClick={() => selectNode(null)}
      fitView
      fitViewOptions={fitOptions(paneWidth, direction, 0)}
      minZoom={0.05}
      nodesConnectable={false}
      nodesDraggable={false}
      edgesFocusable={false}
      aria-label="Network topology"
      colorMode={colorMode}
      className={nodes.length > MANY_NODES ? "many-nodes" : ""}
    >
      <Background />
      {/* In a row, so they stay below the first node of a left-to-right chain instead of over it. */}
      <Controls
        showInteractive={false}
        orientation="horizontal"
        fitViewOptions={fitOptions(paneWidth, direction, 250)}
      />
      {world ? (
        <PacketDot step={step} world={world} nodes={byId} edges={edges} seconds={stepSeconds(step) / speed} />
      ) : null}
    </ReactFlow>
  );
}

export function TopologyPanel({
  className,
  colorMode = "light",
  onIdealHeight,
}: {
  readonly className?: string;
  readonly colorMode?: "light" | "dark";
  /** Told the height the panel needs (see idealPanelHeight) whenever it changes. */
  readonly onIdealHeight?: (px: number | null) => void;
}) {
  // Only whether the panel is wide matters to the layout, so resizes within a shape re-lay nothing.
  const box = useRef<HTMLDivElement>(null);
  const [wide, setWide] = useState(false);
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(([entry]) => {
      const r = entry?.contentRect;
      if (r && r.height > 0) setWide(r.width / r.height > WIDE_ASPECT);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  // The whole panel's width, not the graph pane's: opening the details panel must not shrink the row.
  const outer = useRef<HTMLDivElement>(null);
  const [outerWidth, setOuterWidth] = useState(0);
  useEffect(() => {
    const el = outer.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(([entry]) => setOuterWidth(entry?.contentRect.width ?? 0));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const [extent, setExtent] = useState<GraphExtent | null>(null);
  const ideal = extent ? idealPanelHeight(extent, outerWidth) : null;
  useEffect(() => onIdealHeight?.(ideal), [ideal, onIdealHeight]);
  return (
    <Panel id="topology" title="Topology" className={className}>
      <div className="flex h-full w-full flex-col md:flex-row" ref={outer}>
        <div className="min-h-64 flex-1 lg:min-h-0" data-testid="topology" ref={box}>
          <ReactFlowProvider>
            <Graph colorMode={colorMode} aspect={wide ? WIDE_ASPECT + 1 : 1} onExtent={setExtent} />
          </ReactFlowProvider>
        </div>
        <DetailsPanel />
      </div>
    </Panel>
  );
}
