import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chooseDirection, createLayoutCache, layoutCached, layoutElements } from "../../../src/ui/topology/layout.ts";
import { toFlowElements } from "../../../src/ui/topology/to-flow-elements.ts";
import { containerId, hostVethName, labWorld } from "./fixtures/worlds.ts";

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

  it("a big world keeps the ranks and puts each container beside its veth end", () => {
    const { nodes, edges } = toFlowElements(labWorld(50));
    const placed = layoutElements(nodes, edges);
    const x = (prefix: string) => placed.find((n) => n.id.startsWith(prefix))!.position.x;
    expect(x("ns:internet")).toBeLessThan(x("ns:host"));
    expect(x("ns:host")).toBeLessThan(x("br:host/docker0"));
    expect(x("br:host/docker0")).toBeLessThan(x("if:host/"));
    expect(x("if:host/")).toBeLessThan(x("ns:87aa"));
    const byY = (kind: string) =>
      placed
        .filter((n) => n.data.kind === kind)
        .sort((a, b) => a.position.y - b.position.y)
        .map((n) => n.id);
    const ports = byY("port");
    const containers = byY("container");
    for (let i = 0; i < 50; i++)
      expect(ports.indexOf(`if:host/${hostVethName(i)}`)).toBe(containers.indexOf(`ns:${containerId(i)}`));
  });

  it("is deterministic", () => {
    const { nodes, edges } = toFlowElements(labWorld(3));
    expect(layoutElements(nodes, edges)).toEqual(layoutElements(nodes, edges));
  });

  it("never overlaps two nodes, whatever the number of containers", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), (count) => {
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

describe("layoutCached", () => {
  it("reuses positions and unchanged node objects when the shape is the same", () => {
    const cache = createLayoutCache();
    const a = toFlowElements(labWorld(2));
    const first = layoutCached(cache, a.nodes, a.edges, "TB");
    expect(first).toEqual(layoutElements(a.nodes, a.edges, "TB"));
    const b = toFlowElements(labWorld(2));
    const second = layoutCached(cache, b.nodes, b.edges, "TB");
    expect(second.every((n, i) => n === first[i])).toBe(true);
    const c = toFlowElements(labWorld(3));
    const third = layoutCached(cache, c.nodes, c.edges, "TB");
    expect(third).toEqual(layoutElements(c.nodes, c.edges, "TB"));
  });
});
