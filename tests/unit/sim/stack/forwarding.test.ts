/** Forwarding is on for any non-zero ip_forward, as the kernel's IN_DEV_FORWARD test reads it. */
import { describe, expect, it } from "vitest";
import { applyCommand, createWorld, type World } from "../../../../src/sim/index.ts";

function run(world: World, line: string) {
  return applyCommand(world, line);
}

describe("net.ipv4.ip_forward", () => {
  it.each([
    ["1", 0],
    ["2", 0],
    ["0", 28],
  ])("with ip_forward=%s a container's request to the internet exits %i", (value, exitCode) => {
    let w = run(createWorld(4), "docker run -d --name web nginx").world;
    w = run(w, `sysctl -w net.ipv4.ip_forward=${value}`).world;
    const r = run(w, "docker exec web curl -s -m 3 baidu.com");
    expect(r.exitCode).toBe(exitCode);
    if (exitCode === 0) expect(r.stdout).toContain("www.baidu.com");
  });
});
