/**
 * `docker network create`'s IPAM as the oracle showed it (w07, w10): the CLI pairing
 * --subnet/--ip-range/--gateway, the daemon's checks, addresses from a range, and which
 * default pool comes next on each engine.
 */
import { describe, expect, it } from "vitest";
import { allocateAddress } from "../../../../src/sim/docker/ipam.ts";
import { validateIpamConfig } from "../../../../src/sim/docker/ipam-config.ts";
import type { DockerNetwork } from "../../../../src/sim/docker/types.ts";
import { createWorld, type EngineVersion, type World } from "../../../../src/sim/index.ts";
import { consolidateIpam } from "../../../../src/sim/shell/commands/docker/network-ipam.ts";
import { out, run } from "../lab.ts";

const net = (over: Partial<DockerNetwork>): DockerNetwork => ({
  id: "x",
  name: "x",
  driver: "bridge",
  created: 0,
  allocated: [],
  isDefault: false,
  options: {},
  labels: {},
  ...over,
});

describe("the CLI's consolidateIpam", () => {
  it("pairs each range and gateway with its subnet, or refuses as the CLI does", () => {
    expect(consolidateIpam(["10.0.0.0/16"], ["10.0.5.0/24"], [], false)).toEqual({
      ok: true,
      configs: [{ subnet: "10.0.0.0/16", ipRange: "10.0.5.0/24" }],
    });
    const err = (s: string[], r: string[], g: string[], first = false) => {
      const c = consolidateIpam(s, r, g, first);
      return c.ok ? "" : c.error;
    };
    expect(err([], ["10.0.0.0/24"], [])).toBe("every ip-range or gateway must have a corresponding subnet");
    expect(err(["10.0.0.0/24"], ["10.1.0.0/24"], [])).toBe("no matching subnet for range 10.1.0.0/24");
    expect(err(["10.0.0.0/24"], ["bogus"], [])).toBe("no matching subnet for range bogus");
    expect(err(["10.0.0.0/24"], ["bogus"], [], true)).toBe("invalid CIDR address: bogus");
    expect(err(["10.0.0.0/24"], [], ["bogus"])).toBe("no matching subnet for gateway bogus");
    expect(err(["10.0.0.0/24", "10.0.0.0/25"], [], [])).toBe(
      "multiple overlapping subnet configuration is not supported",
    );
    expect(err(["10.0.0.0"], [], ["10.0.0.1"])).toBe("invalid subnet: invalid CIDR address: 10.0.0.0");
  });
});

describe("the daemon's ValidateIPAM", () => {
  it("lists every fault of the config", () => {
    expect(validateIpamConfig([{ subnet: "10.0.0.5/24" }])).toBe(
      "invalid network config:\ninvalid subnet 10.0.0.5/24: it should be 10.0.0.0/24",
    );
    expect(validateIpamConfig([{ subnet: "10.0.0.0/24", ipRange: "10.0.0.130/16" }])).toBe(
      "invalid network config:\n* invalid ip-range 10.0.0.130/16: CIDR block is bigger than its parent subnet 10.0.0.0/24\n" +
        "* invalid ip-range 10.0.0.130/16: it should be 10.0.0.0/16",
    );
    expect(validateIpamConfig([{ subnet: "10.0.0.0/24", ipRange: "10.0.0.0/25", gateway: "10.0.0.1" }])).toBe(
      undefined,
    );
  });
});

describe("addresses from an --ip-range", () => {
  it("start at the range's first address, skipping the gateway and what is taken, --ip ones outside too", () => {
    const n = net({ subnet: "10.50.0.0/16", ipRange: "10.50.5.0/24", gateway: "10.50.5.0" });
    expect(allocateAddress(n)).toBe("10.50.5.1");
    expect(allocateAddress({ ...n, allocated: ["10.50.0.9", "10.50.5.1", "10.50.9.9"] })).toBe("10.50.5.2");
    const tiny = net({ subnet: "10.76.0.0/24", ipRange: "10.76.0.0/30", gateway: "10.76.0.1" });
    expect(allocateAddress({ ...tiny, allocated: ["10.76.0.2", "10.76.0.3"] })).toBeUndefined();
  });

  it("give the network its gateway when none is asked for", () => {
    const w = run(createWorld(1), "docker network create --subnet 10.50.0.0/16 --ip-range 10.50.5.0/24 r1");
    expect(w.docker.networks.find((n) => n.name === "r1")).toMatchObject({
      gateway: "10.50.5.0",
      ipRange: "10.50.5.0/24",
    });
  });
});

describe("the next default pool", () => {
  const subnets = (engine: EngineVersion) => {
    let w: World = createWorld(1, { engine });
    const got: string[] = [];
    const create = (name: string) => {
      w = run(w, `docker network create ${name}`);
      got.push(w.docker.networks.find((n) => n.name === name)!.subnet!);
    };
    create("a");
    create("b");
    w = run(w, "docker network rm a");
    create("c");
    w = run(w, "systemctl restart docker");
    create("d");
    return got;
  };

  it("moves on round the pools on 26 until a restart, and is the first free one on 28", () => {
    expect(subnets("26")).toEqual(["172.18.0.0/16", "172.19.0.0/16", "172.20.0.0/16", "172.18.0.0/16"]);
    expect(subnets("28")).toEqual(["172.18.0.0/16", "172.19.0.0/16", "172.18.0.0/16", "172.20.0.0/16"]);
  });

  it("asks before pruning, and keeps everything on no", () => {
    const w = run(createWorld(1), "docker network create p1");
    const r = out(w, "echo n | docker network prune");
    expect(r.stdout).toBe(
      "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] ",
    );
    expect(r.world.docker.networks.some((n) => n.name === "p1")).toBe(true);
    expect(out(w, "echo y | docker network prune").stdout).toContain("Deleted Networks:\np1\n");
  });
});
