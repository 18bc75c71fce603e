/**
 * Networks and published ports after the learner took Docker's chains away: dockerd stops
 * at the first rule it cannot write, and what it wrote before stays (oracle: dd06, dd12
 * on 26 and 28).
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

describe("with filter's chains flushed and deleted (iptables -F; iptables -X)", () => {
  it("26: a network fails on the jump to DOCKER after its two FORWARD ACCEPTs went in", () => {
    const { out } = terminal("26", [
      "iptables -F; iptables -X",
      "docker network create appnet 2>&1; echo rc=$?",
      "iptables -S FORWARD",
    ]);
    const br = /br-[0-9a-f]{12}/.exec(out[1]!)?.[0];
    expect(out[1]).toBe(
      `Error response from daemon: Failed to program FILTER chain: iptables failed: iptables --wait -I FORWARD -o ${br} -j DOCKER: ` +
        "iptables v1.8.9 (nf_tables): Chain 'DOCKER' does not exist\nTry `iptables -h' or 'iptables --help' for more information.\n" +
        " (exit status 2)\nrc=1\n",
    );
    expect(out[2]).toBe(
      `-P FORWARD DROP\n-A FORWARD -i ${br} ! -o ${br} -j ACCEPT\n-A FORWARD -i ${br} -o ${br} -j ACCEPT\n`,
    );
  });

  it("28: a network fails on its first DOCKER-FORWARD rule", () => {
    const { out } = terminal("28", ["iptables -F; iptables -X", "docker network create appnet 2>&1; echo rc=$?"]);
    const br = /br-[0-9a-f]{12}/.exec(out[1]!)?.[0];
    expect(out[1]).toBe(
      "Error response from daemon: Failed to Setup IP tables: Unable to enable ACCEPT OUTGOING rule:  " +
        `(iptables failed: iptables --wait -t filter -A DOCKER-FORWARD -i ${br} -j ACCEPT: ` +
        "iptables: No chain/target/match by that name.\n (exit status 1))\nrc=1\n",
    );
  });

  it.each(["26", "28"] as const)("%s: run -p fails on the port's ACCEPT; 26 leaves the DNAT behind", (engine) => {
    const { out } = terminal(engine, [
      "iptables -F; iptables -X",
      "docker run -d -p 2025:80 --name web2 nginx 2>&1 >/dev/null | head -1",
      "iptables -t nat -S DOCKER | grep -c 2025",
    ]);
    const action = engine === "26" ? "-A" : "-I";
    expect(out[1]).toContain(
      `(iptables failed: iptables --wait -t filter ${action} DOCKER ! -i docker0 -o docker0 -p tcp -d 172.17.0.2 --dport 80 -j ACCEPT: ` +
        "iptables: No chain/target/match by that name.",
    );
    expect(out[2]).toBe(engine === "26" ? "1\n" : "0\n");
  });
});
