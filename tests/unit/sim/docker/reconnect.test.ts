/**
 * What a network connected, disconnected and connected again leaves behind, as the oracle
 * showed on both engines: the interface's name, the IPAM config the daemon keeps, and a
 * paused container in `docker info`.
 */
import { describe, expect, it } from "vitest";
import { createWorld } from "../../../../src/sim/index.ts";
import { out, run } from "../lab.ts";

const links = (w: ReturnType<typeof createWorld>) =>
  out(w, "docker exec app ip -o link | cut -d: -f2 | cut -d@ -f1")
    .stdout.split("\n")
    .filter(Boolean)
    .map((s) => s.trim());

const JUGGLE = [
  "docker network create --subnet 10.20.0.0/24 front",
  "docker run -d --name app nginx",
  "docker network connect front app",
  "docker network disconnect bridge app",
  "docker network connect bridge app",
];

describe("a reconnected network's interface name", () => {
  it("26 counts every interface the sandbox added: the third is eth2, even with eth0 free", () => {
    const w = run(createWorld(1), ...JUGGLE);
    expect(links(w)).toEqual(["lo", "eth1", "eth2"]);
    const again = run(w, "docker network disconnect front app", "docker network connect front app");
    expect(links(again)).toEqual(["lo", "eth2", "eth3"]);
  });

  it("26 starts counting again when the container starts again", () => {
    const w = run(createWorld(1), ...JUGGLE, "docker restart app");
    expect(links(w)).toEqual(["lo", "eth0", "eth1"]);
  });

  it("26 names a starting container's interfaces in gateway order (by network name), made in join order", () => {
    const w = run(
      createWorld(1),
      "docker network create --subnet 10.30.0.0/24 back",
      "docker run -d --name app nginx",
      "docker network connect back app",
      "docker restart app",
    );
    // bridge joins (and its veth is made) first, but `back` sorts first: it is eth0 and the gateway.
    expect(links(w)).toEqual(["lo", "eth1", "eth0"]);
    expect(out(w, "docker exec app ip route").stdout).toMatch(/^default via 10\.30\.0\.1 dev eth0/);
  });

  it("28 takes the lowest ethN free", () => {
    const w = run(createWorld(1, { engine: "28" }), ...JUGGLE);
    expect(links(w)).toEqual(["lo", "eth1", "eth0"]);
  });
});

describe("the IPAM config a network keeps", () => {
  const gw = "docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}} [{{.Gateway}}]{{end}}'";
  it("keeps only the subnet when --subnet was given without --gateway (the bridge still has the gateway)", () => {
    const w = run(createWorld(1), "docker network create --subnet 10.10.0.0/24 a");
    expect(out(w, `${gw} a`).stdout).toBe("10.10.0.0/24 []\n");
    expect(out(w, "docker network inspect a").stdout).not.toContain('"Gateway"');
    expect(
      out(w, "ip -br addr show br-" + out(w, "docker network inspect -f '{{.Id}}' a").stdout.slice(0, 12)).stdout,
    ).toContain("10.10.0.1/24");
  });
  it("keeps the gateway it chose for a pool subnet, and a given one", () => {
    const w = run(
      createWorld(1),
      "docker network create b",
      "docker network create --subnet 10.11.0.0/24 --gateway 10.11.0.254 c",
    );
    expect(out(w, `${gw} b`).stdout).toBe("172.18.0.0/16 [172.18.0.1]\n");
    expect(out(w, `${gw} c`).stdout).toBe("10.11.0.0/24 [10.11.0.254]\n");
    expect(out(w, `${gw} bridge`).stdout).toBe("172.17.0.0/16 [172.17.0.1]\n");
  });
});

describe("docker info with a paused container", () => {
  for (const engine of ["26", "28"] as const) {
    it(`counts it paused, neither running nor stopped (${engine})`, () => {
      const w = run(createWorld(1, { engine }), "docker run -d --name web nginx", "docker pause web");
      expect(
        out(w, 'docker info -f "{{.ContainersRunning}} {{.ContainersPaused}} {{.ContainersStopped}}"').stdout,
      ).toBe("0 1 0\n");
    });
  }
});

describe("a restarted container on several networks (26)", () => {
  it("writes /etc/hosts in the order its interfaces are named, as the oracle's restart shows", () => {
    const w = run(
      createWorld(11),
      "docker network create aaa",
      "docker network create zzz",
      "docker run -d --name c1 nginx",
      "docker network connect zzz c1",
      "docker network connect aaa c1",
      "docker restart c1",
    );
    const c1 = w.docker.containers.find((c) => c.name === "c1")!;
    const session = { machine: c1.id, container: c1.id, shell: "sh" as const };
    const hosts = out(w, "cat /etc/hosts", session).stdout.split("\n").slice(6, 9);
    expect(hosts.map((l) => l.split("\t")[0])).toEqual(["172.18.0.2", "172.17.0.2", "172.19.0.2"]);
    expect(out(w, "ip route", session).stdout).toContain("default via 172.18.0.1 dev eth0");
  });
});

describe("docker ps's Networks once a network is gone", () => {
  it("names none for a container disconnected before its network was removed, the missing one for a container created for it", () => {
    const w = run(
      createWorld(),
      "docker network create app",
      "docker run -d --name api --network app nginx",
      "docker network disconnect app api",
      "docker network rm app",
      "docker create --name lost --network nosuch nginx",
    );
    expect(out(w, "docker ps -a --format '{{.Names}}={{.Networks}}'").stdout).toBe("lost=nosuch\napi=\n");
  });
});
