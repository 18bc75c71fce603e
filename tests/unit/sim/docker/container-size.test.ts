import { describe, expect, it } from "vitest";
import { sizeRw } from "../../../../src/sim/docker/container-size.ts";
import { runLine } from "../../../../src/sim/shell/run.ts";
import { createWorld, type World } from "../../../../src/sim/world.ts";

function world(...lines: string[]): World {
  let w = createWorld();
  for (const l of lines) w = runLine(w, { machine: "host" }, l).world;
  return w;
}
const out = (w: World, line: string) => runLine(w, { machine: "host" }, line).stdout;
const ctr = (w: World, name: string) => w.docker.containers.find((c) => c.name === name)!;

describe("a container's size (docker ps -s)", () => {
  const base = ["docker run -d -p 2024:80 --name web nginx", "docker run -d --name bb nginx sleep 1000"];

  it("counts nginx's pid file while it runs and nothing for a container that wrote nothing", () => {
    const w = world(...base);
    expect(sizeRw(w, ctr(w, "web"))).toBe(2);
    expect(sizeRw(w, ctr(w, "bb"))).toBe(0);
    const stopped = world(...base, "docker stop web");
    expect(sizeRw(stopped, ctr(stopped, "web"))).toBe(0);
  });

  it("counts the bytes a learner writes, not the resolver files Docker bind-mounts", () => {
    const w = world(...base, "docker exec bb sh -c 'echo hello > /tmp/x'", "docker exec bb sh -c 'touch /tmp/empty'");
    expect(sizeRw(w, ctr(w, "bb"))).toBe(6);
    expect(out(w, "docker ps -s --format '{{.Names}} {{.Size}}'")).toBe(
      "bb 6B (virtual 24.7MB)\nweb 2B (virtual 24.7MB)\n",
    );
  });

  it("adds the SIZE column to the default table only with -s, and sizes a format that shows them", () => {
    const w = world(...base);
    expect(out(w, "docker ps -s").split("\n")[0]).toMatch(/NAMES {5}SIZE$/);
    expect(out(w, "docker ps").split("\n")[0]).toMatch(/NAMES$/);
    expect(out(w, "docker container ls --format '{{.Names}} {{.Size}}'")).toBe(
      "bb 0B (virtual 24.7MB)\nweb 2B (virtual 24.7MB)\n",
    );
    expect(out(w, "docker ps --format '{{.Names}}' -s")).toBe("bb\nweb\n");
  });
});
