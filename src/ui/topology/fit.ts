/**
 * How the topology is fitted into its pane, and how much height a wide page should give it.
 * Pure (no React), so the numbers are unit-tested: the aim is node text of at least 9 px on
 * screen (11 px in the graph's units, drawn at zoom ≥ 0.82) wherever the screen allows.
 */
import type { Direction } from "./layout.ts";

/**
 * Fitting leaves a fixed margin, not a share of the pane: a share (React Flow's 0.1) costs
 * a wide panel 10% of its zoom. The top clears the zoom controls and legend drawn in the
 * pane's top-right corner (15 px in, 28 px tall), which otherwise cover the first container
 * of a left-to-right graph, and keeps room for the packet dot riding a node's top edge.
 */
const FIT_PADDING = { top: "52px", bottom: "14px", x: "14px" } as const;
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

export function fitOptions(paneWidth: number, duration: number, presenter = false) {
  return {
    padding: FIT_PADDING,
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
  // Fit margins (the top one clears the controls' row), and the panel's title bar and borders.
  return Math.ceil(extent.height * zoom + 52 + 14 + 36);
}
