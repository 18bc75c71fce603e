import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chooseDirection, layoutElements } from "../../../src/ui/topology/layout.ts";
import { toFlowElements } from "../../../src/ui/topology/to-flow-elements.ts";
import { labWorld } from "./fixtures/worlds.ts";

function overlaps(
  a: { x: number; y: number; w: number; h: number },
  b: { x: number; y: number; w: number; h: number },
) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe("layoutElements", () => {
  it("puts a few containers side by side, top to bottom from the internet", () => {
    const { nodes, edges } = toFlowElements(labWorld(2));
    const placed = layoutElements(nodes, edges);
    const y = (id: string) => placed.find((n) => n.id.startsWith(id))!.position.y;
    expect(y("ns:internet")).toBeLessThan(y("ns:host"));
    expect(y("ns:host")).toBeLessThan(y("br:host/docker0"));
    expect(y("br:host/docker0")).toBeLessThan(y("if:host/"));
    expect(y("if:host/")).toBeLessThan(y("ns:87aa"));
    expect(placed[0]).toMatchObject({ sourcePosition: "bottom", targetPosition: "top" });
  });

  it("with many containers, lays out left to right: internet, host, docker0, ports, containers", () => {
    const { nodes, edges } = toFlowElements(labWorld(4));
    const placed = layoutElements(nodes, edges);
    const x = (id: string) => placed.find((n) => n.id.startsWith(id))!.position.x;
    expect(x("ns:internet")).toBeLessThan(x("ns:host"));
    expect(x("ns:host")).toBeLessThan(x("br:host/docker0"));
    expect(x("br:host/docker0")).toBeLessThan(x("if:host/"));
    expect(x("if:host/")).toBeLessThan(x("ns:87aa"));
  });

  it("chooses left to right for a wide panel or many containers, top-down otherwise", () => {
    const few = toFlowElements(labWorld(3)).nodes;
    const many = toFlowElements(labWorld(4)).nodes;
    expect(chooseDirection(few)).toBe("TB");
    expect(chooseDirection(few, 2)).toBe("LR");
    expect(chooseDirection(many)).toBe("LR");
  });

  it("is deterministic", () => {
    const { nodes, edges } = toFlowElements(labWorld(3));
    expect(layoutElements(nodes, edges)).toEqual(layoutElements(nodes, edges));
  });

  it("never overlaps two nodes, whatever the number of containers", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), (count) => {
        const { nodes, edges } = toFlowElements(labWorld(count));
        const boxes = layoutElements(nodes, edges).map((n) => ({
          x: n.position.x,
          y: n.position.y,
          w: n.width!,
          h: n.height!,
        }));
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!)).toBe(false);
      }),
      { numRuns: 15 },
    );
  });
});
