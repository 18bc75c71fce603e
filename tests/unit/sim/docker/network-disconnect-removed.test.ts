/** `network disconnect` of a network already removed: the stopped container's stale entry goes, and it starts again. */
import { describe, expect, it } from "vitest";
import { terminal } from "../shell/terminal.ts";

describe("docker network disconnect of a removed network", () => {
  it("drops a stopped container's entry by the network's name, so its next start succeeds with no network", () => {
    const { out, world } = terminal([
      "docker network create front",
      "docker run -d --name c1 --network front nginx",
      "docker stop c1",
      "docker network rm front",
      "docker network disconnect front c1; echo rc=$?",
      "docker network rm front",
      "docker start c1",
      "docker inspect -f '{{len .NetworkSettings.Networks}}' c1",
    ]);
    expect(out[4]).toBe("rc=0\n");
    expect(out[5]).toBe("Error response from daemon: network front not found\n");
    expect(out[6]).toBe("c1\n");
    expect(out[7]).toBe("0\n");
    expect(world.docker.containers.find((c) => c.name === "c1")?.status).toBe("running");
  });

  it("answers a name the container never had with the lookup's error, and with -f with the daemon's own", () => {
    const { out } = terminal([
      "docker run -d --name c1 nginx",
      "docker network disconnect front c1",
      "docker network disconnect -f front c1",
    ]);
    const id = out[0]!.trim();
    expect(out[1]).toBe("Error response from daemon: network front not found\n");
    expect(out[2]).toBe(`Error response from daemon: container ${id} is not connected to the network front\n`);
  });
});
