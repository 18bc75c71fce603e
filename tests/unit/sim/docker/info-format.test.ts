/**
 * `docker info --format` and `docker version --format` on the two engines: fields one
 * engine's structs have and the other's lack, and a failed template as the CLI prints
 * it (what it wrote before failing, a newline, then Go's error naming the struct type).
 */
import { describe, expect, it } from "vitest";
import { createWorld, type EngineVersion } from "../../../../src/sim/index.ts";
import { out } from "../lab.ts";

const world = (engine: EngineVersion) => createWorld(1, { engine });

describe("docker info --format", () => {
  it("has the fields both engines' Info carries", () => {
    for (const engine of ["26", "28"] as const) {
      const f = "docker info --format '{{.DefaultRuntime}} {{json .DefaultAddressPools}}'";
      expect(out(world(engine), f).text).toBe("runc null\n");
    }
  });

  it("keeps BridgeNfIptables on 26 only, and FirewallBackend on 28 only", () => {
    const f = "docker info --format '{{.BridgeNfIptables}}'";
    expect(out(world("26"), f).text).toBe("true\n");
    const r28 = out(world("28"), f);
    expect(r28.stdout).toBe("\n");
    expect(r28.stderr).toBe(
      `template: :1:2: executing "" at <.BridgeNfIptables>: can't evaluate field BridgeNfIptables in type system.dockerInfo\n`,
    );
    expect(r28.code).toBe(1);
    expect(out(world("28"), "docker info --format '{{.FirewallBackend}}'").text).toBe("{iptables []}\n");
    expect(out(world("28"), "docker info --format '{{json .FirewallBackend}}'").text).toBe('{"Driver":"iptables"}\n');
    expect(out(world("26"), "docker info --format '{{json .FirewallBackend}}'").stderr).toContain(
      "can't evaluate field FirewallBackend in type system.dockerInfo",
    );
  });

  it("prints what the template wrote before a missing field, then the error", () => {
    const r = out(world("26"), "docker info --format '{{.OSType}} {{.Swarm.Nope}}'");
    expect(r.stdout).toBe("linux \n");
    expect(r.stderr).toBe(
      `template: :1:20: executing "" at <.Swarm.Nope>: can't evaluate field Nope in type swarm.Info\n`,
    );
  });
});

describe("docker version --format", () => {
  it("names its template version and the Server's type in an error", () => {
    const r = out(world("28"), "docker version --format '{{.Server.Nope}}'");
    expect(r.stdout).toBe("\n");
    expect(r.stderr).toBe(
      `template: version:1:9: executing "version" at <.Server.Nope>: can't evaluate field Nope in type *types.Version\n`,
    );
    expect(r.code).toBe(1);
  });
});
