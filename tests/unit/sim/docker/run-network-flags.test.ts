/** docker run's network flags as other tutorials use them (oracle session al, round 27). */
import { describe, expect, it } from "vitest";
import { createWorld, type World } from "../../../../src/sim/index.ts";
import { inside, out, run } from "../lab.ts";

const world = (engine: "26" | "28" = "26"): World => createWorld(1, { engine });

describe("docker run: pflag's shorthand bool with a value", () => {
  it("reads -P=false as --publish-all=false", () => {
    const w = run(world(), "docker run -d -P=false --name off nginx");
    expect(out(w, "docker port off").text).toBe("");
    expect(out(w, "docker inspect -f '{{.HostConfig.PublishAllPorts}}' off").stdout).toBe("false\n");
  });
});
