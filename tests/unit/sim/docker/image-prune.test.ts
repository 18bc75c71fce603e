import { describe, expect, it } from "vitest";
import { createWorld } from "../../../../src/sim/world.ts";
import { out, run } from "../lab.ts";

describe("docker image prune", () => {
  const base = () =>
    run(
      createWorld(),
      "docker run -d --name c1 nginx",
      "docker exec c1 sh -c 'echo one > /one.txt'",
      "docker commit c1 site:v1",
      "docker exec c1 sh -c 'echo two > /two.txt'",
      "docker commit c1 site:v1",
    );

  it("removes the dangling image a moved tag left, and only after a yes", () => {
    const w = base();
    const dangling = "docker images --filter dangling=true --format '{{.Repository}}:{{.Tag}}'";
    expect(out(w, dangling).stdout).toBe("<none>:<none>\n");
    expect(out(w, "echo n | docker image prune").stdout).toBe(
      "WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] ",
    );
    const pruned = out(w, "echo y | docker image prune");
    expect(pruned.stdout).toMatch(/Deleted Images:\ndeleted: sha256:[0-9a-f]{64}\n/);
    expect(out(run(w, "docker image prune -f"), dangling).stdout).toBe("");
    expect(out(run(w, "docker image prune -f"), "docker image prune -f").stdout).toBe("Total reclaimed space: 0B\n");
  });

  it("keeps images a container uses, and refuses bad filters as the daemon does", () => {
    const w = base();
    expect(out(w, "docker image prune -f --filter bogus=1").stderr).toBe(
      "Error response from daemon: invalid filter 'bogus'\n",
    );
    const after = run(w, "docker image prune -a -f");
    expect(out(after, "docker images --format '{{.Repository}}'").stdout).toBe("nginx\n");
  });

  it("counts layers shared between images once in system df", () => {
    const df = out(base(), "docker system df").stdout.split("\n")[1]!;
    expect(df).toMatch(/^Images\s+3\s+1\s+24\.68MB\s+24\.68MB \(100%\)$/);
  });
});
