/**
 * The netfilter hooks of the machine a packet is in, drawn on the graph beside it, in the
 * kernel's layout:
 *
 *   PREROUTING → routing → FORWARD → POSTROUTING
 *                   ↓                    ↑
 *                 INPUT → local process → OUTPUT
 *
 * Pure: the boxes' places (wide, under a left-to-right graph; tall, beside a top-to-bottom
 * one) and where the pipeline goes on the graph. What the step shown lights up in it is
 * pipeline-state.ts.
 */
import type { Hook, TableName } from "../../sim/netfilter/types.ts";

export type PipeBox = Hook | "route" | "local";
export type PipeShape = "wide" | "tall";

/** The tables each hook runs, in the kernel's priority order (iptables' view of them). */
export const HOOK_TABLES: Readonly<Record<Hook, readonly TableName[]>> = {
  PREROUTING: ["raw", "mangle", "nat"],
  INPUT: ["mangle", "filter", "nat"],
  FORWARD: ["mangle", "filter"],
  OUTPUT: ["raw", "mangle", "nat", "filter"],
  POSTROUTING: ["mangle", "nat"],
};

/**
 * `gapY` leaves the label of a packet at a bottom-row hook (it rides 9–37 px above the box's
 * top) clear of the row above; the decision line under the boxes keeps two lines.
 */
export const PIPE = { boxW: 168, boxH: 46, gapX: 26, gapY: 40, pad: 8, decisionWide: 52, decisionTall: 88 } as const;

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface Arrow {
  readonly from: PipeBox;
  readonly to: PipeBox;
  readonly points: readonly { x: number; y: number }[];
}

export interface PipelineLayout {
  readonly width: number;
  readonly height: number;
  readonly boxes: Readonly<Record<PipeBox, Rect>>;
  /** Where the machine's name and its in/out interfaces are written (the grid's free cell). */
  readonly title: Rect;
  /** The line under the boxes that says what decides at the step shown. */
  readonly decision: Rect;
  readonly arrows: readonly Arrow[];
}

/** Grid cells (column, row) in the wide shape; the tall shape is its transpose. */
const CELLS: Readonly<Record<PipeBox | "title", readonly [number, number]>> = {
  PREROUTING: [0, 0],
  route: [1, 0],
  FORWARD: [2, 0],
  POSTROUTING: [3, 0],
  title: [0, 1],
  INPUT: [1, 1],
  local: [2, 1],
  OUTPUT: [3, 1],
};

/** Every box of the pipeline. */
export const PIPE_BOXES: readonly PipeBox[] = Object.keys(CELLS).filter((b): b is PipeBox => b !== "title");

export const PIPE_EDGES: readonly (readonly [PipeBox, PipeBox])[] = [
  ["PREROUTING", "route"],
  ["route", "FORWARD"],
  ["FORWARD", "POSTROUTING"],
  ["route", "INPUT"],
  ["INPUT", "local"],
  ["local", "OUTPUT"],
  ["OUTPUT", "POSTROUTING"],
];

function arrowBetween(a: Rect, b: Rect): { x: number; y: number }[] {
  const ca = { x: a.x + a.w / 2, y: a.y + a.h / 2 };
  const cb = { x: b.x + b.w / 2, y: b.y + b.h / 2 };
  if (Math.abs(cb.x - ca.x) > Math.abs(cb.y - ca.y)) {
    const right = cb.x > ca.x;
    return [
      { x: right ? a.x + a.w : a.x, y: ca.y },
      { x: right ? b.x : b.x + b.w, y: cb.y },
    ];
  }
  const down = cb.y > ca.y;
  return [
    { x: ca.x, y: down ? a.y + a.h : a.y },
    { x: cb.x, y: down ? b.y : b.y + b.h },
  ];
}

export function pipelineLayout(shape: PipeShape): PipelineLayout {
  const { boxW, boxH, gapX, gapY, pad } = PIPE;
  const cell = (c: number, r: number): Rect => {
    const [col, row] = shape === "wide" ? [c, r] : [r, c];
    return { x: pad + col * (boxW + gapX), y: pad + row * (boxH + gapY), w: boxW, h: boxH };
  };
  const cols = shape === "wide" ? 4 : 2;
  const rows = shape === "wide" ? 2 : 4;
  const gridW = cols * boxW + (cols - 1) * gapX;
  const gridH = rows * boxH + (rows - 1) * gapY;
  const boxes = {} as Record<PipeBox, Rect>;
  for (const [box, [c, r]] of Object.entries(CELLS)) if (box !== "title") boxes[box as PipeBox] = cell(c, r);
  const decisionH = shape === "wide" ? PIPE.decisionWide : PIPE.decisionTall;
  const decision = { x: pad, y: pad + gridH + 8, w: gridW, h: decisionH };
  const arrows = PIPE_EDGES.map(([from, to]) => ({ from, to, points: arrowBetween(boxes[from], boxes[to]) }));
  return {
    width: gridW + 2 * pad,
    height: decision.y + decisionH + pad,
    boxes,
    title: cell(...CELLS.title),
    decision,
    arrows,
  };
}

/** Where the pipeline goes: under its machine in a left-to-right graph, beside it top to bottom, kept in the band next to the graph. */
export const PIPE_GAP = 36;

export function placePipeline(
  machine: Rect,
  extent: { readonly minX: number; readonly minY: number; readonly maxX: number; readonly maxY: number },
  direction: "LR" | "TB",
  size: { readonly width: number; readonly height: number },
): { x: number; y: number } {
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(Math.max(lo, hi), v));
  if (direction === "LR") {
    const x = clamp(machine.x + machine.w / 2 - size.width / 2, extent.minX, extent.maxX - size.width);
    return { x: Math.round(x), y: Math.round(extent.maxY + PIPE_GAP) };
  }
  const y = clamp(machine.y + machine.h / 2 - size.height / 2, extent.minY, extent.maxY - size.height);
  return { x: Math.round(extent.maxX + PIPE_GAP), y: Math.round(y) };
}
