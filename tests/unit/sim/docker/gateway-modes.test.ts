/**
 * The bridge driver's newer knobs, held to the oracle (am01-am06 on both engines):
 * gateway_mode_ipv4 (routed, nat-unprotected, isolated), inhibit_ipv4,
 * trusted_host_interfaces, and daemon.json's allow-direct-routing and ip-forward-no-drop.
 * 26 knows inhibit_ipv4 alone; its dockerd will not start with 28's daemon keys.
 */
import { describe, expect, it } from "vitest";
import { parseBridgeOptions } from "../../../../src/sim/docker/bridge-options.ts";
import { createWorld, type EngineVersion, type World } from "../../../../src/sim/index.ts";
import { inside, out, run } from "../lab.ts";

const INTERNET = { machine: "internet" };
const MODE = "com.docker.network.bridge.gateway_mode_ipv4";

function world(engine: EngineVersion, ...lines: string[]): World {
  return run(createWorld(1, { engine }), ...lines);
}

/** The world after a route on the internet machine straight to `subnet` via the host. */
function routeFromInternet(w: World, subnet: string): World {
  return out(w, `ip route add ${subnet} via 10.88.0.4`, INTERNET).world;
}

function bridgeOf(w: World, name: string): string {
  return w.docker.networks.find((n) => n.name === name)!.bridge!;
}

const ROUTED = [
  `docker network create -o ${MODE}=routed --subnet 172.30.0.0/16 rn`,
  "docker run -d -p 2024:80 --name web --network rn nginx",
];

describe("gateway_mode_ipv4", () => {
  it("is read by 28's driver with its error words, and left alone by 26's", () => {
    expect(parseBridgeOptions({ [MODE]: "route" }, true)).toEqual({
      ok: false,
      error: `failed to parse ${MODE} value: route (unknown gateway mode route)`,
    });
    expect(parseBridgeOptions({ [MODE]: "nat-unprotected" }, true)).toMatchObject({
      ok: true,
      options: { gatewayMode: "nat-unprotected" },
    });
    expect(parseBridgeOptions({ [MODE]: "NAT" })).toMatchObject({ ok: true, options: { gatewayMode: "nat" } });
    const w28 = world("28");
    expect(out(w28, `docker network create -o ${MODE}=NAT caps`).text).toBe(
      `Error response from daemon: failed to parse ${MODE} value: NAT (unknown gateway mode NAT)\n`,
    );
    expect(out(w28, `docker network create -o ${MODE}=isolated iso`).text).toBe(
      "Error response from daemon: gateway mode 'isolated' can only be used for an internal network\n",
    );
    expect(out(world("26"), `docker network create -o ${MODE}=isolated iso`).code).toBe(0);
  });

  it("routed on 28: no MASQUERADE, no DNAT, no raw guard, ICMP in; the container's own address answers", () => {
    const w = world("28", ...ROUTED);
    const br = bridgeOf(w, "rn");
    const nat = out(w, "iptables-save -t nat").text;
    expect(nat).not.toContain("172.30.0.0/16");
    expect(nat).not.toContain("DNAT");
    expect(nat).toContain(`-A DOCKER -i ${br} -j RETURN`);
    expect(out(w, "iptables -t raw -S").text).toBe("-P PREROUTING ACCEPT\n-P OUTPUT ACCEPT\n");
    const filter = out(w, "iptables -S").text;
    expect(filter).toContain(`-A DOCKER -o ${br} -p icmp -j ACCEPT\n-A DOCKER ! -i ${br} -o ${br} -j DROP\n`);
    expect(filter).toContain(
      `-A DOCKER-ISOLATION-STAGE-1 -i ${br} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n-A DOCKER-ISOLATION-STAGE-1 -o ${br} -j RETURN\n`,
    );
    expect(out(w, "curl -s -m 2 http://10.88.0.4:2024/", INTERNET).code).toBe(7);
    const routed = routeFromInternet(w, "172.30.0.0/16");
    const r = out(routed, "curl -s -m 2 -o /dev/null -w '%{http_code}' http://172.30.0.2/", INTERNET);
    expect(r.text).toBe("200");
    expect(out(routed, "curl -s -m 2 http://172.30.0.2:81/", INTERNET).code).toBe(28);
  });

  it("routed is an unknown option to 26: NAT and the published port as ever", () => {
    const w = world("26", ...ROUTED);
    expect(out(w, "iptables -t nat -S POSTROUTING").text).toContain("-s 172.30.0.0/16");
    expect(out(w, "curl -s -m 2 -o /dev/null -w '%{http_code}' http://10.88.0.4:2024/", INTERNET).text).toBe("200");
  });

  it("nat-unprotected on 28: masquerades, publishes, and accepts anything routed to the bridge", () => {
    const w = world(
      "28",
      `docker network create -o ${MODE}=nat-unprotected --subnet 172.31.0.0/16 open`,
      "docker run -d -p 8080:80 --name o1 --network open nginx",
      "docker run -d --name o2 --network open nginx",
    );
    const br = bridgeOf(w, "open");
    const filter = out(w, "iptables -S DOCKER").text;
    expect(filter).toContain(`-A DOCKER ! -i ${br} -o ${br} -j ACCEPT\n`);
    expect(filter).not.toContain("--dport 80");
    expect(out(w, "iptables -t raw -S").text).not.toContain("-A PREROUTING");
    expect(out(w, "iptables -t nat -S POSTROUTING").text).toContain(`-s 172.31.0.0/16 ! -o ${br} -j MASQUERADE`);
    const wIn = routeFromInternet(w, "172.31.0.0/16");
    expect(out(wIn, "curl -s -m 2 -o /dev/null -w '%{http_code}' http://172.31.0.3/", INTERNET).text).toBe("200");
    expect(out(wIn, "curl -s -m 2 -o /dev/null -w '%{http_code}' http://10.88.0.4:8080/", INTERNET).text).toBe("200");
  });
});

describe("inhibit_ipv4 and trusted_host_interfaces", () => {
  for (const engine of ["26", "28"] as const) {
    it(`inhibit_ipv4 leaves the bridge without its address on ${engine}, and a bad value is refused`, () => {
      const w = world(
        engine,
        "docker network create -o com.docker.network.bridge.name=br-x -o com.docker.network.bridge.inhibit_ipv4=true --subnet 10.77.0.0/24 inh",
        "docker run -d --name c1 --network inh nginx",
      );
      expect(out(w, "ip -4 addr show br-x").text).toBe("");
      expect(out(w, "ip route").text).not.toContain("10.77.0.0/24");
      expect(out(w, "ip route", inside(w, "c1")).text).toContain("default via 10.77.0.1 dev eth0");
      expect(out(w, "curl -s -m 2 baidu.com", inside(w, "c1")).code).toBe(28);
      expect(out(w, "docker network create -o com.docker.network.bridge.inhibit_ipv4=yes inh2").text).toBe(
        'Error response from daemon: failed to parse com.docker.network.bridge.inhibit_ipv4 value: yes (strconv.ParseBool: parsing "yes": invalid syntax)\n',
      );
    });
  }

  it("trusted_host_interfaces on 28 lets eth0 reach a container's address ahead of the raw DROP", () => {
    const w = world(
      "28",
      "docker network create -o com.docker.network.bridge.trusted_host_interfaces=eth0 --subnet 172.28.0.0/16 trusted",
      "docker run -d -p 2024:80 --name web --network trusted nginx",
    );
    const br = bridgeOf(w, "trusted");
    expect(out(w, "iptables -t raw -S").text).toBe(
      `-P PREROUTING ACCEPT\n-P OUTPUT ACCEPT\n-A PREROUTING -d 172.28.0.2/32 -i eth0 -j ACCEPT\n-A PREROUTING -d 172.28.0.2/32 ! -i ${br} -j DROP\n`,
    );
    const routed = routeFromInternet(w, "172.28.0.0/16");
    const r = out(routed, "curl -s -m 2 -o /dev/null -w '%{http_code}' http://172.28.0.2/", INTERNET);
    expect(r.text).toBe("200");
  });
});

describe("daemon.json's allow-direct-routing and ip-forward-no-drop", () => {
  it("28 writes no raw guard with allow-direct-routing, so the published container answers a direct route", () => {
    const w = world(
      "28",
      `echo '{"allow-direct-routing": true}' > /etc/docker/daemon.json`,
      "systemctl restart docker",
      "docker run -d -p 2024:80 --name web nginx",
    );
    expect(out(w, "iptables -t raw -S").text).toBe("-P PREROUTING ACCEPT\n-P OUTPUT ACCEPT\n");
    const routed = routeFromInternet(w, "172.17.0.0/16");
    expect(out(routed, "curl -s -m 2 -o /dev/null -w '%{http_code}' http://172.17.0.2/", INTERNET).text).toBe("200");
  });

  it("28 leaves FORWARD's policy alone with ip-forward-no-drop when it turns forwarding on", () => {
    const w = world(
      "28",
      "iptables -P FORWARD ACCEPT",
      "sysctl -w net.ipv4.ip_forward=0",
      `echo '{"ip-forward-no-drop": true}' > /etc/docker/daemon.json`,
      "systemctl restart docker",
    );
    expect(out(w, "sysctl net.ipv4.ip_forward").text).toBe("net.ipv4.ip_forward = 1\n");
    expect(out(w, "iptables -S FORWARD").text.split("\n")[0]).toBe("-P FORWARD ACCEPT");
  });

  it("26's dockerd refuses to start with either key", () => {
    for (const key of ["allow-direct-routing", "ip-forward-no-drop"]) {
      const w = world("26", `echo '{"${key}": true}' > /etc/docker/daemon.json`);
      const r = out(w, "systemctl restart docker");
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("Job for docker.service failed");
      expect(out(r.world, "docker ps").code).toBe(1);
    }
  });
});

describe("network create --ipv4=false and enable_ipv4=false", () => {
  it("28's daemon wants one family at least; 26's CLI does not know the flag and its daemon keeps the option", () => {
    const w28 = world("28");
    const refused = "Error response from daemon: IPv4 or IPv6 must be enabled\n";
    expect(out(w28, "docker network create --ipv4=false nov4").text).toBe(refused);
    expect(out(w28, "docker network create -o com.docker.network.enable_ipv4=false nov4").text).toBe(refused);
    expect(out(w28, "docker network create --ipv4=true v4").code).toBe(0);
    const w26 = world("26");
    expect(out(w26, "docker network create --ipv4=false nov4").text).toContain("unknown flag: --ipv4\n");
    expect(out(w26, "docker network create -o com.docker.network.enable_ipv4=false v4").code).toBe(0);
  });
});

describe("an IPv6-only network on 28 (--ipv4=false --ipv6)", () => {
  it("has no IPv4 side: none on the bridge or the container, no name lookups, until an IPv4 network is connected", () => {
    let w = world(
      "28",
      "docker network create -o com.docker.network.bridge.name=br-six --ipv4=false --ipv6 --subnet fd00:77::/64 only6",
      "docker run -d --name six --network only6 nginx",
    );
    expect(out(w, "docker network ls --format '{{.Name}} {{.IPv4}} {{.IPv6}}' -f name=only6").text).toBe(
      "only6 false true\n",
    );
    expect(out(w, "docker network inspect only6 -f '{{.EnableIPv4}} {{json .IPAM.Config}}'").text).toBe(
      'false [{"Subnet":"fd00:77::/64"}]\n',
    );
    expect(out(w, "ip -4 addr show br-six").text).toBe("");
    expect(out(w, "ip -4 addr show eth0", inside(w, "six")).text).toBe("");
    expect(out(w, "ip -6 route", inside(w, "six")).text).toContain("default via fd00:77::1 dev eth0");
    expect(out(w, "curl -s -m 2 baidu.com", inside(w, "six")).code).toBe(6);
    w = run(w, "docker network create --subnet 10.50.0.0/24 lan", "docker network connect --gw-priority=100 lan six");
    expect(out(w, "ip route", inside(w, "six")).text).toContain("default via 10.50.0.1 dev eth1");
    expect(out(w, "curl -s -m 2 -o /dev/null -w '%{http_code}' baidu.com", inside(w, "six")).text).toBe("200");
  });
});
