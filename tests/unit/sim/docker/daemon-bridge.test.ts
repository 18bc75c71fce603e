/**
 * daemon.json keys that shape the default bridge, held to what the oracle's restarts
 * showed (k05–k07, k11): docker0 trades its address, the old subnet's rules go, containers
 * and new networks follow.
 */
import { describe, expect, it } from "vitest";
import { defaultBridgeShape } from "../../../../src/sim/docker/default-bridge.ts";
import { nextPool, poolSubnets } from "../../../../src/sim/docker/ipam.ts";
import { DEFAULT_DAEMON_CONFIG } from "../../../../src/sim/docker/types.ts";
import { createWorld } from "../../../../src/sim/world.ts";
import { inside, out, run } from "../lab.ts";

const restartWith = (json: string) => [`echo '${json}' > /etc/docker/daemon.json`, "systemctl restart docker"];

describe("daemon.json and the default bridge", () => {
  it("keeps the bip's address once bip is taken away, unless new pools leave it out (cz01, cz02)", () => {
    const bip = run(createWorld(5), ...restartWith('{"bip": "192.168.100.1/24"}'), ...restartWith("{}"));
    expect(out(bip, "ip -4 -o addr show docker0").text).toContain("inet 192.168.100.1/24");
    expect(out(bip, "docker network create n1").code).toBe(0);
    expect(
      out(
        run(bip, "docker network create n1"),
        "docker network inspect n1 -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}'",
      ).text,
    ).toBe("172.17.0.0/16\n");
    const pools = run(bip, ...restartWith('{"default-address-pools": [{"base": "10.10.0.0/16", "size": 24}]}'));
    expect(out(pools, "ip -4 -o addr show docker0").text).toContain("inet 10.10.0.1/24");
    const back = run(pools, ...restartWith("{}"));
    expect(out(back, "ip -4 -o addr show docker0").text).toContain("inet 10.10.0.1/24");
  });

  it("a restart gives docker0 back the gateway address a learner deleted or replaced (bq03)", () => {
    const gone = run(createWorld(5), "ip addr del 172.17.0.1/16 dev docker0");
    expect(out(gone, "ip -4 -br addr show docker0").text).toBe("");
    const back = run(gone, "systemctl restart docker");
    expect(out(back, "ip -4 -br addr show docker0").text).toMatch(/^docker0 +\S+ +172\.17\.0\.1\/16 \n$/);
    const moved = run(
      createWorld(5),
      "ip addr flush dev docker0",
      "ip addr add 10.9.0.1/24 dev docker0",
      "systemctl restart docker",
    );
    expect(out(moved, "ip -4 -o addr show docker0").text).toContain("inet 172.17.0.1/16 brd 172.17.255.255");
    expect(out(moved, "ip -4 -o addr show docker0").text).not.toContain("10.9.0.1");
  });

  it("bip moves docker0, its route, its MASQUERADE rule and the next container", () => {
    const w = run(createWorld(5), ...restartWith('{"bip": "192.168.200.1/24"}'), "docker run -d --name web nginx");
    expect(out(w, "ip -4 addr show docker0").text).toContain("inet 192.168.200.1/24 brd 192.168.200.255");
    expect(out(w, "ip route").text).not.toContain("172.17.0.0/16");
    const nat = out(w, "iptables -t nat -S POSTROUTING").text;
    expect(nat).toContain("-A POSTROUTING -s 192.168.200.0/24 ! -o docker0 -j MASQUERADE");
    expect(nat).not.toContain("172.17.0.0/16");
    expect(out(w, "ip route", inside(w, "web")).text).toContain("default via 192.168.200.1 dev eth0");
    // The pool docker0 left is free again for a user network.
    const w2 = run(w, "docker network create n1");
    expect(w2.docker.networks.find((n) => n.name === "n1")!.subnet).toBe("172.17.0.0/16");
  });

  it("default-address-pools feed docker0 first, then user networks, until the pools run out", () => {
    let w = run(createWorld(6), ...restartWith('{"default-address-pools": [{"base": "10.10.0.0/16", "size": 24}]}'));
    w = run(w, "docker network create n1", "docker network create n2");
    expect(w.docker.networks.map((n) => n.subnet ?? "-")).toEqual([
      "10.10.0.0/24",
      "-",
      "-",
      "10.10.1.0/24",
      "10.10.2.0/24",
    ]);
    w = run(w, ...restartWith('{"default-address-pools": [{"base": "10.20.0.0/30", "size": 30}]}'));
    expect(w.docker.networks[0]!.subnet).toBe("10.20.0.0/30");
    const r = out(w, "docker network create z1");
    expect(r.text).toContain("could not find an available, non-overlapping IPv4 address pool");
    expect(r.code).toBe(1);
  });

  it("icc false drops bridge-to-bridge traffic and ip-masq false leaves POSTROUTING empty", () => {
    const w = run(createWorld(7), ...restartWith('{"icc": false, "ip-masq": false}'));
    expect(out(w, "iptables -S FORWARD").text).toContain("-A FORWARD -i docker0 -o docker0 -j DROP");
    expect(out(w, "iptables -t nat -S POSTROUTING").text).toBe("-P POSTROUTING ACCEPT\n");
  });

  it("ip is the host address of a bare -p, and mtu reaches docker0 and the container's eth0", () => {
    const w = run(
      createWorld(8),
      ...restartWith('{"ip": "127.0.0.1", "mtu": 1400}'),
      "docker run -d -p 2024:80 --name web nginx",
    );
    expect(out(w, "docker port web").text).toBe("80/tcp -> 127.0.0.1:2024\n");
    expect(out(w, "ip link show docker0").text).toContain("mtu 1400");
    expect(out(w, "ip link show eth0", inside(w, "web")).text).toContain("mtu 1400");
  });

  it("pools are carved lowest first, and the built-in ones are dockerd's own list", () => {
    expect([...poolSubnets([{ base: "10.20.0.0/28", size: 30 }])]).toEqual([
      "10.20.0.0/30",
      "10.20.0.4/30",
      "10.20.0.8/30",
      "10.20.0.12/30",
    ]);
    expect(nextPool([])).toBe("172.17.0.0/16");
    expect(defaultBridgeShape({ ...DEFAULT_DAEMON_CONFIG, bip: "10.1.2.3/16" }, [])).toMatchObject({
      subnet: "10.1.0.0/16",
      gateway: "10.1.2.3",
    });
  });
});
