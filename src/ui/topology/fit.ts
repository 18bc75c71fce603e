/**
 * How the topology is fitted into its pane, and how much height a wide page should give it.
 * Pure (no React), so the numbers are unit-tested: the aim is node text of at least 9 px on
 * screen (11 px in the graph's units, drawn at zoom ≥ 0.82) wherever the screen allows.
 */
import type { Direction } from "./layout.ts";

/**
 * Fitting leaves a fixed margin, not a share of the pane: a share (React Flow's 0.1) costs
 * a wide panel 10% of its zoom. The top keeps room for the packet dot riding a node's top edge.
 */
const FIT_PADDING = { top: "26px", bottom: "14px", x: "14px" } as const;
/**
 * When a node would sit under the zoom controls and legend in the pane's top-right corner
 * (the first container of a left-to-right graph, at 1280 and 1440 px), the top margin clears
 * them instead. Only then: the margin costs a height-limited graph (the pipeline open under
 * it) 7% of its zoom, and its text falls under 14 px on a laptop.
 */
const FIT_PADDING_CLEAR = { ...FIT_PADDING, top: "52px" } as const;
type Padding = typeof FIT_PADDING | typeof FIT_PADDING_CLEAR;

/** A rectangle: a node in the graph's units, or the controls in the pane's pixels. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Where a rectangle of the graph lands on the pane at this viewport. */
function onPane(r: Rect, v: { x: number; y: number; zoom: number }): Rect {
  return { x: r.x * v.zoom + v.x, y: r.y * v.zoom + v.y, width: r.width * v.zoom, height: r.height * v.zoom };
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * The fit's padding for these nodes: the usual one unless, fitted with it, a node would lie
 * under the controls. `viewportFor` is React Flow's getViewportForBounds with the pane's size
 * and zoom range bound, passed in so this stays pure.
 */
export function choosePadding(
  nodes: readonly Rect[],
  controls: Rect | null,
  viewportFor: (bounds: Rect, padding: Padding) => { x: number; y: number; zoom: number },
): Padding {
  if (!controls || nodes.length === 0) return FIT_PADDING;
  const x = Math.min(...nodes.map((n) => n.x));
  const y = Math.min(...nodes.map((n) => n.y));
  const bounds = {
    x,
    y,
    width: Math.max(...nodes.map((n) => n.x + n.width)) - x,
    height: Math.max(...nodes.map((n) => n.y + n.height)) - y,
  };
  const v = viewportFor(bounds, FIT_PADDING);
  // A few pixels of air, so a node's border does not touch the controls' shadow either.
  const around = { x: controls.x - 4, y: controls.y - 4, width: controls.width + 8, height: controls.height + 8 };
  return nodes.some((n) => overlaps(onPane(n, v), around)) ? FIT_PADDING_CLEAR : FIT_PADDING;
}

/** Beyond this the graph only gets bigger, not clearer; a projector still gets 16 px text. */
export const FIT_MAX_ZOOM = 1.5;
/**
 * A pane narrower than this (a phone, upright or turned, a small tablet) never shrinks the
 * graph below a readable zoom: the rest is a drag away (and the view follows the packet),
 * where a fitted view would print three containers in 5 px text. Laptop-wide panes fit
 * everything, so the whole path stays in sight while the details panel is open.
 */
export const NARROW_PANE = 900;
export const NARROW_MIN_ZOOM = 0.85;

/**
 * Presenter mode never draws the graph smaller than this: its smallest text (14 px in the
 * graph's units, see LARGE) then reads at 20 px on screen; what does not fit is a drag away,
 * and the view follows the packet.
 */
export const PRESENTER_MIN_ZOOM = 20 / 14 + 0.01;
export const PRESENTER_MAX_ZOOM = 2;

export function fitOptions(paneWidth: number, duration: number, presenter = false, padding: Padding = FIT_PADDING) {
  return {
    padding,
    maxZoom: presenter ? PRESENTER_MAX_ZOOM : FIT_MAX_ZOOM,
    minZoom: presenter ? PRESENTER_MIN_ZOOM : paneWidth > 0 && paneWidth < NARROW_PANE ? NARROW_MIN_ZOOM : 0.05,
    duration,
  };
}

/** The graph's extent in its own units, and how it is laid out: what the page needs to give it room. */
export interface GraphExtent {
  readonly width: number;
  readonly height: number;
  readonly direction: Direction;
}

/**
 * The height (in CSS pixels, title bar included) the panel needs to show a left-to-right
 * graph as large as its width allows: the page gives the topology no more than that, and
 * the rest to the terminal and the trace. Null when the graph runs top to bottom (height
 * is then what it fits to, so there is no such height).
 */
export function idealPanelHeight(extent: GraphExtent, panelWidth: number): number | null {
  if (extent.direction !== "LR" || extent.width <= 0 || panelWidth <= 0) return null;
  const zoom = Math.min(FIT_MAX_ZOOM, (panelWidth - 28) / extent.width);
  // Fit margins (the top one clearing the controls' row), and the panel's title bar and borders.
  return Math.ceil(extent.height * zoom + 52 + 14 + 36);
}
