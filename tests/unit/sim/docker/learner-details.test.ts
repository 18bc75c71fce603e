/**
 * Docker details a learner meets after the article (the cd scenarios): the CLI's order of a
 * `network rm`'s names and refusals, and on 28 runc's task created before the networking.
 */
import { describe, expect, it } from "vitest";
import { applyCommand, createWorld, type EngineVersion, type World } from "../../../../src/sim/index.ts";

function run(engine: EngineVersion, ...lines: string[]): World {
  let w = createWorld(1, { engine });
  for (const line of lines) w = applyCommand(w, line).world;
  return w;
}

/** What a terminal shows: the chunks in the order they were written, or stdout then stderr. */
function shown(w: World, line: string) {
  const r = applyCommand(w, line);
  const text = r.output ? r.output.map((c) => c.text).join("") : r.stdout + r.stderr;
  return { text, code: r.exitCode, world: r.world };
}

describe("docker network rm of several networks", () => {
  it("prints each name and each refusal in the order it met them (26)", () => {
    const w = run("26", "docker network create net1", "docker network create int1");
    const r = shown(w, "docker network rm net1 nosuch int1");
    expect(r.text).toBe("net1\nError response from daemon: network nosuch not found\nint1\n");
    expect(r.code).toBe(1);
  });

  it("adds 28's trailer after the last one", () => {
    const w = run("28", "docker network create net1", "docker network create int1");
    const r = shown(w, "docker network rm net1 nosuch int1");
    expect(r.text).toBe("net1\nError response from daemon: network nosuch not found\nint1\nexit status 1\n");
  });
});

describe("a program the image lacks, on a network that is not there", () => {
  const line = "docker run --rm --network nosuch nginx true";

  it("28 fails the task first: runc's error and exit 127, the container gone with --rm", () => {
    const r = shown(run("28"), line);
    expect(r.text).toContain('exec: "true": executable file not found in $PATH');
    expect(r.text).not.toContain("network nosuch not found");
    expect(r.code).toBe(127);
    expect(r.world.docker.containers).toHaveLength(0);
  });

  it("28 leaves a container without --rm created, with exit code 127", () => {
    const r = shown(run("28"), "docker run -d --name tt --network nosuch nginx true");
    expect(r.code).toBe(127);
    const c = r.world.docker.containers.find((x) => x.name === "tt")!;
    expect(c.status).toBe("created");
    expect(c.exitCode).toBe(127);
  });

  it("26 sets the network up first, so the network is what it reports", () => {
    const r = shown(run("26"), line);
    expect(r.text).toContain("network nosuch not found");
    expect(r.code).toBe(125);
  });

  it("28 still reports the network for a program the image has", () => {
    const r = shown(run("28"), "docker run -d --name ok --network nosuch nginx");
    expect(r.text).toContain("failed to set up container networking: network nosuch not found");
    expect(r.code).toBe(125);
  });

  it("28 keeps runc's own refusals, which come before the exec, as they were", () => {
    const r = shown(run("28"), "docker run --rm --network host --sysctl net.ipv4.ip_forward=0 nginx true");
    expect(r.text).toContain('sysctl "net.ipv4.ip_forward" not allowed in host network namespace');
    expect(r.code).toBe(125);
  });
});
