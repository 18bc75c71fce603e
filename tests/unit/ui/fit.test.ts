import { describe, expect, it } from "vitest";
import { autoShare, DEFAULT_SHARE, MIN_SHARE } from "../../../src/ui/app/row-share.ts";
import { getViewportForBounds } from "@xyflow/react";
import {
  choosePadding,
  fitOptions,
  idealPanelHeight,
  NARROW_MIN_ZOOM,
  PRESENTER_MIN_ZOOM,
} from "../../../src/ui/topology/fit.ts";
import { pipelineLayout } from "../../../src/ui/topology/hook-pipeline.ts";
import { layoutElements } from "../../../src/ui/topology/layout.ts";
import { LARGE, nodeSize, toFlowElements } from "../../../src/ui/topology/to-flow-elements.ts";
import { labWorld } from "./fixtures/worlds.ts";

/** The laid-out graph's width and height, in its own units. */
function extentOf(count: number) {
  const { nodes, edges } = toFlowElements(labWorld(count));
  const placed = layoutElements(nodes, edges, "LR");
  const xs = placed.flatMap((n) => [n.position.x, n.position.x + n.width!]);
  const ys = placed.flatMap((n) => [n.position.y, n.position.y + n.height!]);
  return { width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
}

describe("the topology's fit", () => {
  it("one container, left to right, fits a 1280 px wide panel at a zoom where 11 px text is 9 px or more", () => {
    const { width } = extentOf(1);
    // The panel spans the page less its 8 px margins and borders; the fit keeps 14 px each side.
    expect((1262 - 28) / width).toBeGreaterThanOrEqual(9 / 11);
  });

  it("a phone-narrow pane never fits below a readable zoom; a laptop-wide one fits everything", () => {
    expect(fitOptions(372, 0).minZoom).toBe(NARROW_MIN_ZOOM);
    expect(NARROW_MIN_ZOOM * 11).toBeGreaterThanOrEqual(9);
    expect(fitOptions(1262, 0).minZoom).toBeLessThan(0.1);
    expect(fitOptions(0, 0).minZoom).toBeLessThan(0.1);
  });

  it("in presenter mode, never draws the graph's smallest text under 20 px, and the pipeline still fits 1280 px", () => {
    for (const width of [372, 1262, 1902]) {
      const o = fitOptions(width, 0, true);
      expect(o.minZoom * LARGE.minFontPx).toBeGreaterThanOrEqual(20);
      expect(o.maxZoom).toBeGreaterThan(o.minZoom);
    }
    // The pipeline a packet is in must be seen whole on a 1280 px page (less margins and fit padding).
    expect(pipelineLayout("wide").width * PRESENTER_MIN_ZOOM).toBeLessThanOrEqual(1262 - 28);
  });

  it("sizes presenter mode's nodes for their larger text, so no line is cut", () => {
    const { nodes } = toFlowElements(labWorld(1), { large: true });
    const plain = toFlowElements(labWorld(1)).nodes;
    nodes.forEach((n, i) => {
      expect(n.data.large).toBe(true);
      const big = nodeSize(n.data);
      const small = nodeSize(plain[i]!.data);
      expect(big.height).toBeGreaterThan(small.height);
      expect(big.width).toBeGreaterThanOrEqual(small.width);
      // Each line fits: its characters at the large width, inside the padding.
      for (const l of n.data.lines)
        expect(Math.min(l.text.length * LARGE.charWidth + 26, LARGE.maxWidth)).toBeLessThanOrEqual(big.width);
    });
  });

  it("asks for the height a left-to-right graph is drawn at when its width decides the zoom", () => {
    const extent = { width: 1000, height: 200, direction: "LR" as const };
    // zoom (1028 - 28) / 1000 = 1: 200 px of graph, 66 px of margins (the top one clears the controls), 36 px of title bar.
    expect(idealPanelHeight(extent, 1028)).toBe(302);
    // Capped at 1.5: a wider panel does not ask for more.
    expect(idealPanelHeight(extent, 3000)).toBe(Math.ceil(200 * 1.5 + 102));
    expect(idealPanelHeight({ ...extent, direction: "TB" }, 1028)).toBeNull();
  });

  it("gives the topology row its ideal height's share, within 25% and 55% of the page", () => {
    expect(autoShare(302, 604)).toBe(50);
    expect(autoShare(100, 1000)).toBe(MIN_SHARE);
    expect(autoShare(900, 1000)).toBe(DEFAULT_SHARE);
    expect(autoShare(null, 1000)).toBe(DEFAULT_SHARE);
    expect(autoShare(300, 0)).toBe(DEFAULT_SHARE);
  });

  it("clears the controls in the top-right corner only when a node would lie under them", () => {
    // A 1262 × 300 pane; the controls row 15 px in from its top-right corner.
    const fit: Parameters<typeof choosePadding>[2] = (b, p) => getViewportForBounds(b, 1262, 300, 0.05, 1.5, p);
    const controls = { x: 1262 - 15 - 175, y: 15, width: 175, height: 28 };
    const host = { x: 0, y: 40, width: 240, height: 120 };
    // One container, centred in its rank: the corner is empty, the usual margin keeps the zoom.
    const alone = { x: 800, y: 60, width: 190, height: 80 };
    expect(choosePadding([host, alone], controls, fit).top).toBe("26px");
    // Two stacked in their rank: the upper one tops the graph at its right end.
    const upper = { x: 800, y: 0, width: 190, height: 80 };
    const lower = { x: 800, y: 120, width: 190, height: 80 };
    expect(choosePadding([host, upper, lower], controls, fit).top).toBe("52px");
    // No controls drawn (or not yet measured): nothing to clear.
    expect(choosePadding([host, upper, lower], null, fit).top).toBe("26px");
  });
});
