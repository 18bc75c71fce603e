/** A world records the Docker engine it runs; everything version-specific comes from that engine's profile. */
import { describe, expect, it } from "vitest";
import { engineProfile, isEngineAvailable, profileOf } from "../../../../src/sim/docker/engine/index.ts";
import { applyCommand, createWorld } from "../../../../src/sim/index.ts";

describe("engine profiles", () => {
  it("runs Docker 26 by default, the same world as asking for it", () => {
    const w = createWorld(3);
    expect(w.docker.engine).toBe("26");
    expect(createWorld(3, { engine: "26" })).toEqual(w);
    expect(profileOf(w.docker).version).toBe("26");
  });

  it("knows 26 and 28, and nothing else", () => {
    expect(isEngineAvailable("26")).toBe(true);
    expect(isEngineAvailable("28")).toBe(true);
    expect(isEngineAvailable("27")).toBe(false);
    expect(isEngineAvailable("toString")).toBe(false);
    expect(createWorld(1, { engine: "28" }).docker.engine).toBe("28");
  });

  it("the CLI's texts are the profile's", () => {
    const w = createWorld(1);
    const texts = engineProfile("26").texts;
    expect(applyCommand(w, "docker --version").stdout).toBe(texts.versionLine + "\n");
    expect(applyCommand(w, "docker version").stdout).toBe(texts.versionText);
    expect(applyCommand(w, "docker version --format '{{.Server.APIVersion}}'").stdout).toBe("1.45\n");
  });

  it("26 writes DOCKER-USER's RETURN back with each new network, 28 never has one", () => {
    const flushed = (engine: "26" | "28") => applyCommand(createWorld(1, { engine }), "iptables -F DOCKER-USER").world;
    const after = (engine: "26" | "28", line: string) =>
      applyCommand(applyCommand(flushed(engine), line).world, "iptables -S DOCKER-USER").stdout;
    expect(after("26", "docker network create mynet")).toBe("-N DOCKER-USER\n-A DOCKER-USER -j RETURN\n");
    expect(after("26", "docker run -d nginx")).toBe("-N DOCKER-USER\n");
    expect(after("28", "docker network create mynet")).toBe("-N DOCKER-USER\n");
  });

  it("the daemon's rules are the profile's steps, in order", () => {
    const fw = engineProfile("26").firewall;
    const start = fw.daemonStart({ hairpin: false, firstStart: true, bridges: [] });
    expect(start.map((o) => o.op)).toEqual(["delete", "ensure"]);
    const net = fw.networkAdded({ bridge: "docker0", subnet: "172.17.0.0/16", internal: false }, false);
    expect(net).toContainEqual({ op: "jumpFirst", chain: "DOCKER-ISOLATION-STAGE-1" });
    const w = applyCommand(createWorld(1), "docker run -d -p 2024:80 nginx").world;
    const rules = applyCommand(w, "iptables -t nat -S DOCKER").stdout;
    expect(rules).toContain("-A DOCKER ! -i docker0 -p tcp -m tcp --dport 2024 -j DNAT --to-destination 172.17.0.2:80");
    expect(applyCommand(w, "docker ps --format '{{.Ports}}'").stdout).toBe("0.0.0.0:2024->80/tcp, :::2024->80/tcp\n");
  });
});
