import { describe, expect, it } from "vitest";
import { createWorld } from "../../../src/sim/index.ts";
import { toFlowElements } from "../../../src/ui/topology/to-flow-elements.ts";

describe("toFlowElements", () => {
  it("shows the internet and the host, linked", () => {
    const { nodes, edges } = toFlowElements(createWorld(1));
    expect(nodes.map((n) => n.id)).toEqual(["internet", "host"]);
    expect(nodes[1]?.data.label).toBe("docker-host");
    expect(edges).toEqual([{ id: "internet-host", source: "internet", target: "host" }]);
  });
});
