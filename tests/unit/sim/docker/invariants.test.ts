/**
 * Property: whatever sequence of docker commands runs, the engine's bookkeeping and
 * the kernel agree — an address is allocated exactly while a running endpoint holds
 * it, a host port is in use exactly while a running container publishes it, every
 * running container has its namespace and veth, and nothing of a stopped one is left
 * (no docker-proxy, no rule naming its address).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createWorld } from "../../../../src/sim/world.ts";
import { inUseKey } from "../../../../src/sim/docker/publish.ts";
import { runLine } from "../../../../src/sim/shell/run.ts";
import type { World } from "../../../../src/sim/world.ts";

const NAMES = ["aa", "bb", "cc"];
const command = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...NAMES),
      fc.constantFrom(
        "",
        "-p 2024:80",
        "-p 80",
        "-P",
        "-p 127.0.0.1::80",
        "--network net1",
        "--network net1 -p 8080:80",
      ),
    )
    .map(([n, opts]) => `docker run -d ${opts} --name ${n} nginx`),
  fc.constantFrom(...NAMES).map((n) => `docker stop ${n}`),
  fc.constantFrom(...NAMES).map((n) => `docker start ${n}`),
  fc.constantFrom(...NAMES).map((n) => `docker restart ${n}`),
  fc.constantFrom(...NAMES).map((n) => `docker rm -f ${n}`),
  fc.constantFrom(...NAMES).map((n) => `docker network connect net1 ${n}`),
  fc.constantFrom(...NAMES).map((n) => `docker network disconnect net1 ${n}`),
  // `aaa` sorts before `bridge` and `net1`: connecting it moves the gateway and the ports.
  fc.constantFrom(...NAMES).map((n) => `docker network connect aaa ${n}`),
  fc.constantFrom(...NAMES).map((n) => `docker network disconnect aaa ${n}`),
  fc.constantFrom(...NAMES).map((n) => `docker pause ${n}`),
  fc.constantFrom(...NAMES).map((n) => `docker unpause ${n}`),
  fc.constant("systemctl restart docker"),
);

function check(w: World): void {
  const d = w.docker;
  const running = d.containers.filter((c) => c.status === "running");
  for (const net of d.networks) {
    const held = running.flatMap((c) =>
      c.endpoints.filter((e) => e.networkId === net.id && e.ipAddress).map((e) => e.ipAddress),
    );
    expect([...net.allocated].sort()).toEqual([...held].sort());
  }
  expect([...d.portsInUse].sort()).toEqual(running.flatMap((c) => c.ports.map(inUseKey)).sort());
  const host = w.netns["host"]!;
  for (const c of d.containers) {
    const ns = w.netns[c.id];
    if (c.status === "running") {
      expect(ns).toBeDefined();
      for (const ep of c.endpoints)
        expect(host.links.some((l) => l.name === ep.hostVeth && l.master !== undefined)).toBe(true);
    } else {
      expect(ns).toBeUndefined();
      expect(c.endpoints).toEqual([]);
    }
  }
  // The default route and the published ports are on the gateway endpoint: the first by network name.
  for (const c of running) {
    const named = c.endpoints
      .filter((e) => e.gateway !== "")
      .map((e) => ({ e, name: d.networks.find((n) => n.id === e.networkId)!.name }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const gw = named[0]?.e;
    const def = w.netns[c.id]!.routes.filter((r) => r.dst === "default");
    expect(def.map((r) => r.dev)).toEqual(gw ? [gw.ifname] : []);
    const dnat = runLine(w, { machine: "host" }, "iptables -t nat -S DOCKER").stdout;
    for (const ep of c.endpoints.filter((e) => e.ipAddress && c.ports.length > 0)) {
      expect(dnat.includes(`--to-destination ${ep.ipAddress}:`)).toBe(ep === gw);
    }
  }
  const proxies = host.listeners.filter((l) => l.app.kind === "docker-proxy");
  expect(proxies.length).toBe(running.reduce((n, c) => n + c.ports.length, 0));
  const liveIps = new Set(running.flatMap((c) => c.endpoints.map((e) => e.ipAddress)));
  const save = runLine(w, { machine: "host" }, "iptables-save").stdout;
  for (const m of save.matchAll(/(17[0-9]\.\d+\.\d+\.\d+)(\/32|:\d+)/g)) expect(liveIps.has(m[1]!)).toBe(true);
  // Every veth on a bridge has a container end.
  for (const l of host.links.filter((x) => x.kind === "veth" && x.master !== undefined)) {
    expect(l.peer && w.netns[l.peer.netns]).toBeTruthy();
  }
}

describe("engine invariants", () => {
  it.each(["26", "28"] as const)("hold after any sequence of docker commands on Docker %s", (engine) => {
    let base = runLine(createWorld(3, { engine }), { machine: "host" }, "docker network create net1").world;
    base = runLine(base, { machine: "host" }, "docker network create aaa").world;
    fc.assert(
      fc.property(fc.array(command, { maxLength: 14 }), (cmds) => {
        let w = base;
        for (const c of cmds) {
          w = runLine(w, { machine: "host", noTty: true }, c).world;
          check(w);
        }
      }),
      { numRuns: 60 },
    );
  });
});
