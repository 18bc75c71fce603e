/** A learner's slips with `docker run`: a task runc cannot exec, a tty's line endings, a server in the foreground. */
import { describe, expect, it } from "vitest";
import { createWorld } from "../../../../src/sim/world.ts";
import type { Session } from "../../../../src/sim/shell/command.ts";
import { runLine } from "../../../../src/sim/shell/run.ts";
import type { World } from "../../../../src/sim/world.ts";
import { onTerminal } from "../../../../src/sim/shell/commands/docker/oneshot.ts";

const SCRIPT: Session = { machine: "host", noTty: true };

function after(engine: "26" | "28", ...lines: string[]): World {
  let w = createWorld(1, { engine });
  for (const l of lines) w = runLine(w, SCRIPT, l).world;
  return w;
}

const run = (w: World, line: string) => runLine(w, SCRIPT, line);
const PS = "docker ps -a --format '{{.Names}} {{.State}} {{.Ports}}'";

describe("a task runc cannot exec", () => {
  const slip = "docker run -d -p 2025:80 --name web3 nginx nosuch";

  it("leaves the container created, its ports listed on 26 but not on 28, and no rules", () => {
    const w26 = after("26", slip);
    expect(run(w26, PS).stdout).toBe("web3 created 0.0.0.0:2025->80/tcp, :::2025->80/tcp\n");
    expect(run(w26, "iptables -t nat -S DOCKER | grep -c 2025").stdout).toBe("0\n");
    expect(run(after("28", slip), PS).stdout).toBe("web3 created \n");
  });

  it("shows the image's exposed port when nothing was published (26)", () => {
    expect(run(after("26", "docker run -d --name xx nginx -p 2024:80"), PS).stdout).toBe("xx created 80/tcp\n");
  });

  it("fails again on docker start, with the daemon's words and the CLI's summary", () => {
    const r = run(after("26", slip), "docker start web3");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^Error response from daemon: failed to create task .*"nosuch".*: unknown\n/);
    expect(r.stderr).toMatch(/Error: failed to start containers: web3\n$/);
  });

  it("is removed by --rm", () => {
    expect(run(after("26", "docker run --rm --name gone nginx nosuch"), PS).stdout).toBe("");
  });
});

describe("a pseudo-terminal", () => {
  it("turns each newline into CR LF and merges the streams", () => {
    const t = onTerminal([
      { stream: "stdout", text: "a\n" },
      { stream: "stderr", text: "b\n" },
    ]);
    expect(t).toEqual({ stdout: "a\r\nb\r\n", stderr: "", output: [{ stream: "stdout", text: "a\r\nb\r\n" }] });
  });

  it("is what docker run -t prints through, and what its log keeps", () => {
    const r = run(createWorld(), "docker run -t --name tt nginx echo hi");
    expect(r.stdout).toBe("hi\r\n");
    expect(run(r.world, "docker logs tt").stdout).toBe("hi\r\n");
  });
});

describe("nginx in the foreground", () => {
  it("is interrupted at once: the proxied signal stops it with status 0", () => {
    const r = run(createWorld(), "docker run --name att nginx");
    expect(r.exitCode).toBe(0);
    expect(r.blocked).toBe(true);
    expect(run(r.world, PS).stdout).toBe("att exited \n");
  });

  it("runs out timeout's time, and --rm removes it", () => {
    const r = run(createWorld(), "timeout 3 docker run --rm -p 2024:80 nginx");
    expect(r.exitCode).toBe(124);
    expect(run(r.world, PS).stdout).toBe("");
    expect(run(r.world, "iptables -t nat -S DOCKER | grep -c 2024").stdout).toBe("0\n");
  });

  it("shows ^C on a terminal", () => {
    expect(runLine(createWorld(), { machine: "host" }, "docker run nginx").stdout).toBe("^C");
  });
});
