/** `docker run --restart` checked as the CLI and the daemon check it, before any container is made. */
import { describe, expect, it } from "vitest";
import { createWorld } from "../../../../src/sim/world.ts";
import { out } from "../lab.ts";

describe("docker run --restart", () => {
  it("refuses --rm beside a restart policy in the CLI, exit 125", () => {
    const w = createWorld();
    const r = out(w, "docker run -d --restart=on-failure:2 --rm nginx true");
    expect(r.code).toBe(125);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("docker: Conflicting options: --restart and --rm.\nSee 'docker run --help'.\n");
    expect(out(r.world, "docker ps -aq").stdout).toBe("");
  });

  it("refuses it for docker create too, pointing at create's help", () => {
    const r = out(createWorld(), "docker create --rm --restart=always nginx");
    expect(r.code).toBe(125);
    expect(r.stderr).toBe("docker: Conflicting options: --restart and --rm.\nSee 'docker create --help'.\n");
    expect(out(r.world, "docker ps -aq").stdout).toBe("");
  });

  it("lets --rm run with --restart=no", () => {
    expect(out(createWorld(), "docker run --rm --restart=no nginx sh -c 'exit 3'").code).toBe(3);
  });

  it("passes the daemon's refusal of an unknown policy or a count on always", () => {
    const w = createWorld();
    const unknown = out(w, "docker run -d --restart=sometimes nginx true");
    expect(unknown.code).toBe(125);
    expect(unknown.stderr).toContain(
      "docker: Error response from daemon: invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'.",
    );
    const counted = out(w, "docker run -d --restart=always:3 nginx true");
    expect(counted.stderr).toContain("maximum retry count can only be used with 'on-failure'.");
    expect(out(counted.world, "docker ps -aq").stdout).toBe("");
  });
});

describe("docker run --restart on 28", () => {
  it("words the --rm conflict as CLI 28 does", () => {
    const r = out(createWorld(1, { engine: "28" }), "docker run -d --restart=always --rm nginx");
    expect(r.code).toBe(125);
    expect(r.stderr).toContain("docker: conflicting options: cannot specify both --restart and --rm\n");
  });
});
