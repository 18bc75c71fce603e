import { describe, expect, it } from "vitest";
import { pathBetween, wirePoints } from "../../../src/ui/topology/path.ts";
import { toFlowElements } from "../../../src/ui/topology/to-flow-elements.ts";
import { containerId, hostVethName, labWorld } from "./fixtures/worlds.ts";

describe("pathBetween", () => {
  const { edges } = toFlowElements(labWorld(2));
  it("follows the wires from docker0 to a container through its veth end", () => {
    expect(pathBetween(edges, "br:host/docker0", `ns:${containerId(1)}`)).toEqual([
      "br:host/docker0",
      `if:host/${hostVethName(1)}`,
      `ns:${containerId(1)}`,
    ]);
  });
  it("goes from one container to another across the bridge", () => {
    expect(pathBetween(edges, `ns:${containerId(0)}`, "ns:internet")).toEqual([
      `ns:${containerId(0)}`,
      `if:host/${hostVethName(0)}`,
      "br:host/docker0",
      "ns:host",
      "ns:internet",
    ]);
  });
  it("falls back to a straight line when no wire joins them, and stays put for one node", () => {
    expect(pathBetween(edges, "ns:host", "ns:nowhere")).toEqual(["ns:host", "ns:nowhere"]);
    expect(pathBetween(edges, "ns:host", "ns:host")).toEqual(["ns:host"]);
  });
});

describe("wirePoints", () => {
  const nodes = new Map([
    ["a", { position: { x: 0, y: 0 }, width: 100, height: 50, sourcePosition: "right", targetPosition: "left" }],
    ["b", { position: { x: 200, y: 100 }, width: 100, height: 40, sourcePosition: "right", targetPosition: "left" }],
  ]);
  const edges = [{ id: "a-b", source: "a", target: "b" }] as unknown as Parameters<typeof wirePoints>[0];

  it("leaves by the source handle and enters by the target handle, resting on top edges", () => {
    expect(wirePoints(edges, nodes, ["a", "b"])).toEqual([
      { x: 50, y: 0 },
      { x: 100, y: 25 },
      { x: 200, y: 120 },
      { x: 250, y: 100 },
    ]);
  });

  it("goes against the edge for a reply: out of the target handle, into the source handle", () => {
    expect(wirePoints(edges, nodes, ["b", "a"])).toEqual([
      { x: 250, y: 100 },
      { x: 200, y: 120 },
      { x: 100, y: 25 },
      { x: 50, y: 0 },
    ]);
  });

  it("stays put when the packet does not move", () => {
    expect(wirePoints(edges, nodes, ["a"])).toEqual([{ x: 50, y: 0 }]);
  });
});
