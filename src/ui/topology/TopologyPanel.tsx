import type { ReactNode } from "react";
import {
  Background,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  getViewportForBounds,
  useReactFlow,
  useStore,
  type NodeChange,
  type NodeMouseHandler,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { selectCurrentStep, selectWorldView, useAppStore } from "../../store/index.ts";
import { Panel } from "../app/Panel.tsx";
import { packetLabel } from "../trace/nat-label.ts";
import { stepSeconds } from "../trace/step-time.ts";
import { useNameOf, useTimeline } from "../trace/use-timeline.ts";
import { CauseMarker } from "./CauseMarker.tsx";
import { choosePadding, fitOptions, idealPanelHeight, PRESENTER_MIN_ZOOM, type GraphExtent } from "./fit.ts";
import { PIPE_GAP, pipelineLayout, placePipeline } from "./hook-pipeline.ts";
import { pipelineState } from "./pipeline-state.ts";
import type { HooksNode } from "./HookPipelineNode.tsx";
import { chooseDirection, createLayoutCache, layoutCached, WIDE_ASPECT } from "./layout.ts";
import { Legend } from "./Legend.tsx";
import { DetailsPanel } from "./DetailsPanel.tsx";
import { nodeTypes } from "./node-types.ts";
import { packetPath, packetPlace, type PacketPlace } from "./packet-place.ts";
import { PacketDot } from "./PacketDot.tsx";
import { StepCaption } from "./StepCaption.tsx";
import { PredictionOverlay } from "../lesson/PredictionCard.tsx";
import { locateIface, nsNodeId, toFlowElements, type NetNode } from "./to-flow-elements.ts";
import { useFollowPacket } from "./use-follow-packet.ts";
import { wordsFrom } from "./node-words.ts";

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
  const world = useAppStore(selectWorldView);
  const selected = useAppStore((s) => s.selectedNode);
  const selectNode = useAppStore((s) => s.selectNode);
  const stepIndex = useAppStore(selectCurrentStep);
  const speed = useAppStore((s) => s.speed);
  const presenter = useAppStore((s) => s.presenter);
  const timeline = useTimeline();
  const nameOf = useNameOf();
  const { t } = useTranslation("topology");
  const words = useMemo(() => wordsFrom(t), [t]);
  const { fitView, getNodes } = useReactFlow();
  const [cache] = useState(createLayoutCache);

  const { nodes, edges, direction } = useMemo(() => {
    if (!world) return { nodes: [] as NetNode[], edges: [], direction: "LR" as const };
    const el = toFlowElements(world, { large: presenter, words });
    const dir = chooseDirection(el.nodes, aspect);
    return { nodes: layoutCached(cache, el.nodes, el.edges, dir), edges: el.edges, direction: dir };
  }, [world, aspect, cache, presenter, words]);
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
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  const bounds = useMemo(() => {
    if (nodes.length === 0) return null;
    const xs = nodes.flatMap((n) => [n.position.x, n.position.x + (n.width ?? 0)]);
    const ys = nodes.flatMap((n) => [n.position.y, n.position.y + (n.height ?? 0)]);
    return { minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys) };
  }, [nodes]);
  const step = timeline.steps[stepIndex];
  const tracing = timeline.steps.length > 0 && bounds !== null;

  // The machine the packet is in opens into its netfilter hooks, beside it on the graph.
  const pipeShape = direction === "LR" ? "wide" : "tall";
  const pipeLayout = useMemo(() => pipelineLayout(pipeShape), [pipeShape]);
  const pipeState = useMemo(
    () => (tracing ? pipelineState(timeline.steps, stepIndex) : null),
    [tracing, timeline, stepIndex],
  );
  const machine = pipeState ? byId.get(nsNodeId(pipeState.netns)) : undefined;
  const placed =
    machine && bounds
      ? placePipeline(
          { x: machine.position.x, y: machine.position.y, w: machine.width ?? 0, h: machine.height ?? 0 },
          bounds,
          direction,
          pipeLayout,
        )
      : null;
  // Between machines (a step on no machine) the pipeline stays where it was.
  const [lastPipe, setLastPipe] = useState({ x: 0, y: 0 });
  if (placed && (placed.x !== lastPipe.x || placed.y !== lastPipe.y)) setLastPipe(placed);
  const { x: pipeX, y: pipeY } = placed ?? lastPipe;
  const pipePos = useMemo(() => ({ x: pipeX, y: pipeY }), [pipeX, pipeY]);
  const inMachine = machine !== undefined;
  const where = pipeState ? nameOf(pipeState.netns) : "";
  const hooksNode = useMemo<HooksNode | null>(
    () =>
      tracing
        ? {
            id: "hooks",
            type: "hooks",
            position: { x: pipeX, y: pipeY },
            width: pipeLayout.width,
            height: pipeLayout.height,
            style: { width: pipeLayout.width, height: pipeLayout.height },
            selectable: false,
            focusable: false,
            draggable: false,
            zIndex: 5,
            data: { shape: pipeShape, where, state: inMachine ? pipeState : null, nameOf },
          }
        : null,
    [tracing, pipeX, pipeY, pipeLayout, pipeShape, where, inMachine, pipeState, nameOf],
  );
  const shown = useMemo<(NetNode | HooksNode)[]>(
    () => [
      ...nodes.map((n) => (n.id === selected ? { ...n, selected: true } : n)),
      ...leaving,
      ...(hooksNode ? [hooksNode] : []),
    ],
    [nodes, selected, leaving, hooksNode],
  );
  const extentKey = useMemo(() => {
    if (!bounds) return "";
    const w = bounds.maxX - bounds.minX;
    const h = bounds.maxY - bounds.minY;
    // While a trace is shown, the band the pipeline moves in counts as part of the graph.
    if (!tracing) return `${w},${h}`;
    return direction === "LR"
      ? `${Math.max(w, pipeLayout.width)},${h + PIPE_GAP + pipeLayout.height}`
      : `${w + PIPE_GAP + pipeLayout.width},${Math.max(h, pipeLayout.height)}`;
  }, [bounds, tracing, direction, pipeLayout]);
  useEffect(() => {
    if (!onExtent || extentKey === "") return;
    const [width = 0, height = 0] = extentKey.split(",").map(Number);
    onExtent({ width, height, direction });
  }, [extentKey, direction, onExtent]);

  // The packet: where it is at this step, and the way it came from where the last step showed it.
  /** Settles when the latest fit has finished (see useFollowPacket). */
  const fitted = useRef<Promise<unknown>>(Promise.resolve());
  const shownPipe = pipeState && machine ? { state: pipeState, layout: pipeLayout, position: pipePos } : null;
  const place = step && world ? packetPlace(step, world, byId, shownPipe) : null;
  // Where the packet was drawn before this step: it travels from there.
  const placeKey = place ? `${stepIndex}|${place.nodeId}|${place.point.x}|${place.point.y}` : "";
  const [trail, setTrail] = useState<{
    key: string;
    index: number;
    from: PacketPlace | null;
    place: PacketPlace | null;
  }>({ key: "", index: -1, from: null, place: null });
  const from = trail.index !== stepIndex ? trail.place : trail.from;
  if (trail.key !== placeKey) setTrail({ key: placeKey, index: stepIndex, from, place });
  const points = place ? packetPath(from ?? place, place, edges, byId) : [];
  const label = packetLabel(step);
  const followed = shownPipe && pipeState?.at && hooksNode ? hooksNode : undefined;
  // Counts finished fits: a fit that cannot show everything (a phone, presenter mode) may
  // have left the packet outside, so the follow looks again after each.
  const [fits, setFits] = useState(0);
  useFollowPacket(
    followed ?? (step && world ? byId.get(locateIface(world, step.at.netns, step.at.iface)) : undefined),
    followed ? 34 : 0,
    fitted,
    fits,
    presenter ? PRESENTER_MIN_ZOOM : 0,
  );
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
  const shape = nodes.map((n) => n.id).join(",") + (tracing ? ",hooks" : "");
  const paneWidth = useStore((s) => s.width);
  const paneHeight = useStore((s) => s.height);
  const domNode = useStore((s) => s.domNode);
  // The nodes' drawn sizes: the padding is chosen on them, so a node measured (or grown) after
  // the fit was scheduled fits again; under load it can still be unmeasured 30 ms after it appears.
  const sizes = useStore((s) => {
    let sig = "";
    for (const n of s.nodeLookup.values()) sig += `${n.measured.width ?? 0}x${n.measured.height ?? 0},`;
    return sig;
  });
  // The fit's padding, chosen on the nodes as they are drawn (see choosePadding).
  const padding = useCallback(() => {
    const controls = domNode?.querySelector(".react-flow__controls");
    const pane = domNode?.getBoundingClientRect();
    const c = controls?.getBoundingClientRect();
    const rects = getNodes().map((n) => ({
      x: n.position.x,
      y: n.position.y,
      width: n.measured?.width ?? n.width ?? 0,
      height: n.measured?.height ?? n.height ?? 0,
    }));
    const { minZoom, maxZoom } = fitOptions(paneWidth, 0, presenter);
    return choosePadding(
      rects,
      c && pane ? { x: c.left - pane.left, y: c.top - pane.top, width: c.width, height: c.height } : null,
      (bounds, p) => getViewportForBounds(bounds, paneWidth, paneHeight, minZoom, maxZoom, p),
    );
  }, [domNode, getNodes, paneWidth, paneHeight, presenter]);
  useEffect(() => {
    if (shape === "") return;
    // A big graph re-fits at once: animating a hundred nodes costs more than it shows.
    const many = shape.split(",").length > MANY_NODES;
    const duration = many ? 0 : 250;
    let done: () => void = () => undefined;
    fitted.current = new Promise<void>((r) => (done = r));
    // React Flow settles a fit only when its animation ends, not when a drag interrupts it:
    // the follow waits no longer than the animation would take.
    const limit = window.setTimeout(done, 30 + duration + 50);
    const t = window.setTimeout(
      () =>
        void fitView(fitOptions(paneWidth, duration, presenter, padding())).finally(() => {
          done();
          setFits((n) => n + 1);
        }),
      30,
    );
    return () => {
      window.clearTimeout(t);
      window.clearTimeout(limit);
      done();
    };
  }, [shape, sizes, fitView, padding, paneWidth, paneHeight, aspect, direction, presenter]);

  type AnyNode = NetNode | HooksNode;
  const onNodeClick: NodeMouseHandler<AnyNode> = (_, n) => {
    if (n.type === "net") selectNode(n.id);
  };
  // Keyboard selection (Enter on a focused node) arrives as a change, not a click.
  const onNodesChange = (changes: NodeChange<AnyNode>[]) => {
    for (const c of changes) if (c.type === "select" && c.selected && c.id !== "hooks") selectNode(c.id);
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
      fitViewOptions={fitOptions(paneWidth, 0, presenter)}
      minZoom={0.05}
      nodesConnectable={false}
      nodesDraggable={false}
      edgesFocusable={false}
      aria-label={t("graph")}
      colorMode={colorMode}
      className={nodes.length > MANY_NODES ? "many-nodes" : ""}
    >
      <Background />
      {/* Top right, in a row with the legend: the bottom of the pane is where the pipeline opens. */}
      <Controls
        showInteractive={false}
        orientation="horizontal"
        position="top-right"
        onFitView={() => void fitView(fitOptions(paneWidth, 250, presenter, padding()))}
      >
        <Legend />
      </Controls>
      {step ? (
        <PacketDot
          stepKey={stepIndex}
          points={points}
          label={label}
          seconds={stepSeconds(step) / speed}
          align={bounds && place && place.point.x > (bounds.minX + bounds.maxX) / 2 ? "right" : "left"}
        />
      ) : null}
      {step?.event.type === "drop" && step.event.cause?.fixAt ? (
        <CauseMarker cause={step.event.cause} node={byId.get(nsNodeId(step.event.cause.fixAt.netns))} />
      ) : null}
    </ReactFlow>
  );
}

export function TopologyPanel({
  actions,
  className,
  hidden,
  colorMode = "light",
  onIdealHeight,
}: {
  /** Controls for the title bar (the engine picker). */
  readonly actions?: ReactNode;
  readonly className?: string;
  readonly hidden?: boolean;
  readonly colorMode?: "light" | "dark";
  /** Told the height the panel needs (see idealPanelHeight) whenever it changes. */
  readonly onIdealHeight?: (px: number | null) => void;
}) {
  const { t } = useTranslation("topology");
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
    <Panel id="topology" title={t("panel")} className={className} actions={actions} hidden={hidden}>
      <div className="flex h-full w-full flex-col">
        <div className="flex min-h-0 w-full flex-1 flex-col md:flex-row" ref={outer}>
          <div className="relative min-h-64 flex-1 lg:min-h-0" data-testid="topology" ref={box}>
            <ReactFlowProvider>
              <Graph colorMode={colorMode} aspect={wide ? WIDE_ASPECT + 1 : 1} onExtent={setExtent} />
            </ReactFlowProvider>
            <PredictionOverlay />
          </div>
          <DetailsPanel />
        </div>
        <StepCaption />
      </div>
    </Panel>
  );
}
