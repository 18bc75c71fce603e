import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyCommand, createWorld } from "../../../src/sim/index.ts";

describe("applyCommand", () => {
  it("prints what echo prints", () => {
    const r = applyCommand(createWorld(1), "echo hello   world");
    expect(r).toMatchObject({ stdout: "hello world\n", stderr: "", exitCode: 0 });
  });

  it("answers an unknown command as bash does", () => {
    const r = applyCommand(createWorld(1), "dockr ps");
    expect(r).toMatchObject({ stdout: "", stderr: "bash: dockr: command not found\n", exitCode: 127 });
  });

  it("changes the hostname and leaves the old world untouched", () => {
    const before = createWorld(1);
    const r = applyCommand(before, "hostname lab");
    expect(applyCommand(r.world, "hostname").stdout).toBe("lab\n");
    expect(applyCommand(before, "hostname").stdout).toBe("docker-host\n");
  });

  it("emits a command event first", () => {
    const r = applyCommand(createWorld(1), "false");
    expect(r.events[0]).toEqual({ type: "command", machine: "host", line: "false", exitCode: 1 });
  });

  it("never throws, whatever is typed", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (line) => {
        const r = applyCommand(createWorld(7), line);
        expect(typeof r.exitCode).toBe("number");
      }),
      { numRuns: 500 },
    );
  });

  it("replays identically from the same seed: worlds, outputs and traces", () => {
    // Commands that draw on the seeded source: container ids and names, MACs, veth
    // names, ephemeral ports, conntrack ids, and packets on the wire.
    const line = fc.constantFrom(
      "docker run -d -p 2024:80 --name web nginx",
      "docker run -d -P nginx",
      "docker run -d nginx",
      "docker network create net1",
      "docker rm -f web",
      "docker exec web curl -s -m 3 baidu.com",
      "curl -s -m 3 http://10.88.0.4:2024/",
      "conntrack -L",
      "iptables -t nat -nvL",
      "sysctl -w net.ipv4.ip_forward=0",
      "nope",
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (lines, seed) => {
        const run = () => {
          let world = createWorld(seed);
          const seen: unknown[] = [];
          for (const l of lines) {
            const r = applyCommand(world, l);
            seen.push(r.stdout, r.stderr, r.exitCode, r.events);
            world = r.world;
          }
          return JSON.stringify([world, seen]);
        };
        expect(run()).toBe(run());
      }),
      { numRuns: 40 },
    );
  });

  it("gives another seed other ids", () => {
    const id = (seed: number) => applyCommand(createWorld(seed), "docker run -d nginx").stdout;
    expect(id(1)).toMatch(/^[0-9a-f]{64}\n$/);
    expect(id(1)).not.toBe(id(2));
  });
});
