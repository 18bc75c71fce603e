import { describe, expect, it } from "vitest";
import { pathBetween } from "../../../src/ui/topology/path.ts";
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
