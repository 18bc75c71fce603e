/**
 * A network created after the learner restored a firewall without Docker's nat chain:
 * dockerd writes the network's MASQUERADE, fails on its SKIP DNAT rule and makes no
 * network; the MASQUERADE stays, even past a daemon restart (oracle: dd06 on 26 and 28).
 */
import { describe, expect, it } from "vitest";
import { applyCommand, createWorld, HOST_SESSION, type World } from "../../../../src/sim/index.ts";
import type { EngineVersion } from "../../../../src/sim/docker/engine/index.ts";

function terminal(engine: EngineVersion, lines: readonly string[]): { out: string[]; world: World } {
  let world = createWorld(1, { engine });
  const out: string[] = [];
  for (const l of lines) {
    const r = applyCommand(world, l, HOST_SESSION);
    world = r.world;
    out.push(r.stdout + r.stderr);
  }
  return { out, world };
}

const RESTORE = "printf '*nat\\n:PREROUTING ACCEPT [0:0]\\n:POSTROUTING ACCEPT [0:0]\\nCOMMIT\\n' | iptables-restore";

describe.each(["26", "28"] as const)("docker network create with nat's DOCKER chain gone (%s)", (engine) => {
  it("fails on the SKIP DNAT rule after writing the MASQUERADE, and makes no network", () => {
    const { out, world } = terminal(engine, [
      RESTORE,
      "docker network create appnet 2>&1; echo rc=$?",
      "iptables -t nat -S POSTROUTING",
      "docker network ls --format '{{.Name}}' | grep -c appnet",
    ]);
    const br = /br-[0-9a-f]{12}/.exec(out[1]!)?.[0];
    expect(br).toBeDefined();
    expect(out[1]).toBe(
      "Error response from daemon: Failed to Setup IP tables: Unable to enable SKIP DNAT rule:  " +
        `(iptables failed: iptables --wait -t nat -I DOCKER -i ${br} -j RETURN: ` +
        "iptables: No chain/target/match by that name.\n (exit status 1))\nrc=1\n",
    );
    expect(out[2]).toBe(`-P POSTROUTING ACCEPT\n-A POSTROUTING -s 172.18.0.0/16 ! -o ${br} -j MASQUERADE\n`);
    expect(out[3]).toBe("0\n");
    expect(world.docker.networks.some((n) => n.name === "appnet")).toBe(false);
  });
});
