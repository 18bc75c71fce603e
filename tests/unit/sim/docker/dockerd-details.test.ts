/**
 * The Docker details learners hit, held to what the oracle showed (d-* scenarios):
 * bridge driver options, pause, the gateway of a container on several networks,
 * conntrack when containers go or connections are refused, and time on the lab's clock.
 */
import { describe, expect, it } from "vitest";
import { parseBridgeOptions } from "../../../../src/sim/docker/bridge-options.ts";
import { allocateAddress, withAddress } from "../../../../src/sim/docker/ipam.ts";
import type { DockerNetwork } from "../../../../src/sim/docker/types.ts";
import { applyCommand } from "../../../../src/sim/index.ts";
import { inside, out, run } from "../lab.ts";
import { createWorld } from "../../../../src/sim/world.ts";

describe("bridge driver options", () => {
  it("parse as the driver does, with its error words", () => {
    expect(parseBridgeOptions({ "com.docker.network.driver.mtu": "+1400" })).toMatchObject({ ok: true });
    expect(parseBridgeOptions({ "com.docker.network.driver.mtu": "abc" })).toEqual({
      ok: false,
      error: 'failed to parse com.docker.network.driver.mtu value: abc (strconv.Atoi: parsing "abc": invalid syntax)',
    });
    expect(parseBridgeOptions({ "com.docker.network.driver.mtu": "-1" })).toEqual({
      ok: false,
      error: "invalid MTU number: -1",
    });
    expect(parseBridgeOptions({ "com.docker.network.bridge.enable_icc": "False" })).toMatchObject({
      ok: true,
      options: { icc: false },
    });
    expect(parseBridgeOptions({ "com.docker.network.bridge.host_binding_ipv4": "::1" })).toMatchObject({ ok: true });
    expect(parseBridgeOptions({ "com.docker.network.bridge.host_binding_ipv4": "nope" })).toMatchObject({
      ok: false,
    });
  });

  it("without masquerading write neither MASQUERADE nor the DNAT skip, and the reply finds no way back", () => {
    const w = run(createWorld(3), "docker network create -o com.docker.network.bridge.enable_ip_masquerade=false nm");
    const nat = out(w, "iptables-save -t nat").text;
    const br = w.docker.networks.find((n) => n.name === "nm")!.bridge!;
    expect(nat).not.toContain(`! -o ${br} -j MASQUERADE`);
    expect(nat).not.toContain(`-A DOCKER -i ${br} -j RETURN`);
    const w2 = run(w, "docker run -d --name m1 --network nm nginx");
    const r = out(w2, "ping -c 1 -W 1 203.0.113.10", inside(w2, "m1"));
    expect(r.text).toContain("1 packets transmitted, 0 packets received");
  });

  it("with icc off append a DROP below every network's rules, so containers of the bridge cannot talk", () => {
    let w = run(createWorld(3), "docker network create -o com.docker.network.bridge.enable_icc=false ni");
    const br = w.docker.networks.find((n) => n.name === "ni")!.bridge!;
    const fwd = out(w, "iptables -S FORWARD").text.trim().split("\n");
    expect(fwd[fwd.length - 1]).toBe(`-A FORWARD -i ${br} -o ${br} -j DROP`);
    expect(fwd).not.toContain(`-A FORWARD -i ${br} -o ${br} -j ACCEPT`);
    w = run(w, "docker run -d --name i1 --network ni nginx", "docker run -d --name i2 --network ni nginx");
    expect(out(w, "curl -s -m 2 http://i1/", inside(w, "i2")).code).toBe(28);
    expect(out(w, "curl -s -m 2 baidu.com", inside(w, "i2")).code).toBe(0);
    w = run(w, "docker rm -f i1 i2", "docker network rm ni");
    expect(out(w, "iptables -S FORWARD").text).not.toContain(br);
  });

  it("name the bridge, set its MTU, and bind unaddressed ports to the network's host address", () => {
    let w = run(
      createWorld(3),
      "docker network create -o com.docker.network.bridge.name=mybr0 -o com.docker.network.driver.mtu=1400 n1",
      "docker network create -o com.docker.network.bridge.host_binding_ipv4=127.0.0.1 lo1",
    );
    expect(out(w, "ip link show mybr0").text).toMatch(/mybr0: .* mtu 1400 /);
    w = run(w, "docker run -d --name s1 --network n1 nginx", "docker run -d --name l1 --network lo1 -p 8081:80 nginx");
    expect(out(w, "ip link show eth0", inside(w, "s1")).text).toContain("mtu 1400");
    expect(out(w, "docker port l1").text).toBe("80/tcp -> 127.0.0.1:8081\n");
    expect(out(w, "curl -s -m 2 http://10.88.0.4:8081/", { machine: "internet" }).code).toBe(7);
    expect(out(w, "curl -s -m 2 http://127.0.0.1:8081/ -o /dev/null -w '%{http_code}'").text).toBe("200");
  });

  it("refuse a bridge name in use, a non-bridge interface, or one too long; an MTU the kernel refuses leaves a bridge down", () => {
    const w = run(createWorld(3), "docker network create -o com.docker.network.bridge.name=mybr n1");
    expect(out(w, "docker network create -o com.docker.network.bridge.name=mybr n2").text).toMatch(
      /^Error response from daemon: cannot create network [0-9a-f]{64} \(mybr\): conflicts with network [0-9a-f]{64} \(mybr\): networks have same bridge name\n$/,
    );
    expect(out(w, "docker network create -o com.docker.network.bridge.name=eth0 n3").text).toBe(
      "Error response from daemon: existing interface eth0 is not a bridge\n",
    );
    expect(out(w, "docker network create -o com.docker.network.bridge.name=averyveryverylongname n4").text).toBe(
      "Error response from daemon: numerical result out of range\n",
    );
    const r = out(w, "docker network create -o com.docker.network.driver.mtu=70000 n5");
    expect(r.text).toBe("Error response from daemon: invalid argument\n");
    expect(out(r.world, "ip link").text).toMatch(/br-[0-9a-f]{12}: <BROADCAST,MULTICAST> mtu 1500 .*state DOWN/);
    expect(r.world.docker.networks.map((n) => n.name)).not.toContain("n5");
  });
});

describe("docker pause", () => {
  it("freezes the server while the container's kernel still answers", () => {
    let w = run(createWorld(3), "docker run -d -p 2024:80 --name web nginx", "docker run -d --name other nginx");
    w = run(w, "docker pause web");
    expect(out(w, "docker ps --format '{{.Names}} {{.Status}}'").text).toContain("web Up 1 second (Paused)");
    const r = out(w, "curl -s -m 2 http://10.88.0.4:2024/", { machine: "internet" });
    expect(r.code).toBe(28);
    // The handshake completed in the container's kernel; the client gave up and closed its end.
    expect(out(r.world, "conntrack -L -p tcp").text).toMatch(/CLOSE_WAIT src=10\.88\.0\.1 dst=10\.88\.0\.4/);
    expect(out(r.world, "docker logs web").text).toBe("");
    expect(out(w, "ping -c 1 -W 1 172.17.0.2", inside(w, "other")).text).toContain("1 packets received");
    expect(out(w, "docker exec web ls").text).toBe(
      "Error response from daemon: Container web is paused, unpause the container before exec\n",
    );
    expect(out(w, "docker rm web").text).toBe(
      'Error response from daemon: cannot remove container "/web": container is paused and must be unpaused first\n',
    );
    w = run(w, "docker unpause web");
    expect(
      out(w, "curl -s -m 2 http://10.88.0.4:2024/ -o /dev/null -w '%{http_code}'", { machine: "internet" }).text,
    ).toBe("200");
  });
});

describe("the gateway of a container on several networks", () => {
  it("is the first network by name; the default route and the published ports follow it", () => {
    let w = run(
      createWorld(3),
      "docker run -d --name gw -p 8080:80 nginx",
      "docker network create zzz",
      "docker network create aaa",
      "docker network connect zzz gw",
    );
    expect(out(w, "ip route", inside(w, "gw")).text).toMatch(/^default via 172\.17\.0\.1 dev eth0/);
    w = run(w, "docker network connect aaa gw");
    expect(out(w, "ip route", inside(w, "gw")).text).toMatch(/^default via 172\.19\.0\.1 dev eth2/);
    expect(out(w, "iptables -t nat -S DOCKER").text).toContain("--to-destination 172.19.0.2:80");
    w = run(w, "docker network disconnect aaa gw");
    expect(out(w, "ip route", inside(w, "gw")).text).toMatch(/^default via 172\.17\.0\.1 dev eth0/);
    expect(out(w, "iptables -t nat -S DOCKER").text).toContain("--to-destination 172.17.0.2:80");
  });
});

describe("conntrack", () => {
  it("forgets a removed container's DNATed flows but keeps those it made through MASQUERADE", () => {
    let w = run(createWorld(3), "docker run -d -p 2024:80 --name web nginx");
    w = applyCommand(w, "curl -s -m 2 http://10.88.0.4:2024/", { machine: "internet" }).world;
    w = applyCommand(w, "curl -s -m 2 baidu.com", inside(w, "web")).world;
    const before = out(w, "conntrack -L -p tcp").text;
    expect(before).toContain("dst=10.88.0.4 sport=");
    w = run(w, "docker rm -f web");
    const after = out(w, "conntrack -L -p tcp").text;
    expect(after).not.toContain("src=172.17.0.2 dst=10.88.0.1");
    expect(after).toContain("src=172.17.0.2 dst=203.0.113.10");
  });

  it("keeps no entry for a refused connection", () => {
    const w = run(createWorld(3), "conntrack -F");
    const r = applyCommand(w, "curl -s -m 2 http://10.88.0.4:9999/", { machine: "internet" });
    expect(r.exitCode).toBe(7);
    expect(out(r.world, "conntrack -L").text).toContain("0 flow entries have been shown.");
  });

  it("counts its timeouts down on the lab's clock and forgets what expired", () => {
    let w = run(createWorld(3), "docker run -d --name web nginx");
    w = applyCommand(w, "curl -s -m 2 baidu.com", inside(w, "web")).world;
    const tcp = () => applyCommand(w, "conntrack -L -p tcp").stdout;
    const udp = () => applyCommand(w, "conntrack -L -p udp").stdout;
    expect(tcp()).toMatch(/^tcp +6 (119|120) TIME_WAIT /);
    expect(udp()).toMatch(/^udp +17 (29|30) /);
    w = run(w, "sleep 20");
    expect(tcp()).toMatch(/^tcp +6 (99|100) TIME_WAIT /);
    expect(udp()).toMatch(/^udp +17 (9|10) /);
    w = run(w, "sleep 11");
    expect(udp()).toBe("");
    w = run(w, "sleep 90");
    expect(tcp()).toBe("");
  });
});

describe("time on the lab's clock", () => {
  it("moves by what commands wait: a timeout, ping's interval, sleep", () => {
    let w = run(createWorld(3), "docker run -d -p 2024:80 --name web nginx", "iptables -I DOCKER-USER -j DROP");
    const t0 = w.clock;
    w = applyCommand(w, "curl -s -m 2 http://10.88.0.4:2024/", { machine: "internet" }).world;
    expect(w.clock - t0).toBeGreaterThanOrEqual(2000);
    expect(w.clock - t0).toBeLessThan(2100);
    w = run(w, "iptables -D DOCKER-USER -j DROP");
    const t1 = w.clock;
    w = applyCommand(w, "ping -c 3 172.17.0.1", inside(w, "web")).world;
    expect(w.clock - t1).toBeGreaterThanOrEqual(2000);
    expect(w.clock - t1).toBeLessThan(2200);
    w = run(w, "sleep 10");
    expect(out(w, "docker ps --format '{{.Status}}'").text).toBe("Up 14 seconds\n");
    expect(out(w, "sleep").code).toBe(1);
    expect(out(w, "sleep 1x").text).toBe(
      // GNU sleep in the oracle's UTF-8 locale quotes with ‘ ’ (n-tcpdump-cli).
      "sleep: invalid time interval ‘1x’\nTry 'sleep --help' for more information.\n",
    );
    expect(run(w, "sleep 1m 1.5").clock - w.clock).toBe(61_500);
  });
});

describe("IPAM", () => {
  const net = (allocated: string[], gateway = "10.0.0.1"): DockerNetwork => ({
    id: "x",
    name: "x",
    driver: "bridge",
    created: 0,
    subnet: "10.0.0.0/29",
    gateway,
    allocated,
    isDefault: false,
    options: {},
    labels: {},
  });

  it("hands out the lowest free address, around the gateway, until the subnet is full", () => {
    expect(allocateAddress(net([]))).toBe("10.0.0.2");
    expect(allocateAddress(net(["10.0.0.2", "10.0.0.4"]))).toBe("10.0.0.3");
    expect(allocateAddress(net(["10.0.0.1", "10.0.0.2"], "10.0.0.6"))).toBe("10.0.0.3");
    expect(allocateAddress(net(["10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6"]))).toBeUndefined();
    expect(withAddress(["10.0.0.2", "10.0.0.5"], "10.0.0.3")).toEqual(["10.0.0.2", "10.0.0.3", "10.0.0.5"]);
  });
});

describe("a detached one-off command that takes its time (oracle, session ah05)", () => {
  it("keeps the container up until the lab's clock reaches its end, then exits with its status", () => {
    let w = run(createWorld(3), "docker run -d --name nap nginx sleep 2");
    const ps = "docker ps -a --filter name=nap --format '{{.Names}} {{.Status}}'";
    expect(out(w, ps).text).toMatch(/^nap Up /);
    w = run(w, "sleep 3");
    expect(out(w, ps).text).toBe("nap Exited (0) 1 second ago\n");
    expect(out(w, "docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' nap").text).toBe("exited 0\n");
    w = run(w, "docker run -d --name bye nginx sh -c 'sleep 2; echo bye; exit 3'", "sleep 3");
    expect(out(w, "docker ps -a --filter name=bye --format '{{.Status}}'").text).toBe("Exited (3) 1 second ago\n");
    expect(out(w, "docker logs bye").text).toBe("bye\n");
  });
});
