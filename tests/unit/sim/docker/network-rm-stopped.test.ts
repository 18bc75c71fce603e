/** A user network removed while a stopped container still names it: dockerd keeps the entry, and the next start fails on it. */
import { describe, expect, it } from "vitest";
import { terminal } from "../shell/terminal.ts";

describe("docker start after its network was removed", () => {
  it("names the missing network by its id, as the daemon looks it up", () => {
    const { out, world } = terminal([
      "docker network create app",
      "docker run -d --name backend --network app nginx",
      "docker stop backend",
      "docker network rm app",
      "docker start backend; echo rc=$?",
    ]);
    const id = out[0]!.trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(out[4]).toBe(
      `Error response from daemon: network ${id} not found\nError: failed to start containers: backend\nrc=1\n`,
    );
    expect(world.docker.containers.find((c) => c.name === "backend")?.status).not.toBe("running");
  });
});
