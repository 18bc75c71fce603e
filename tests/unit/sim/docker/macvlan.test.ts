/**
 * The macvlan and ipvlan drivers, held to the oracle (ap01-ap06 on both engines): a
 * container on the host's LAN reached at its own address from the wire but never from
 * its parent's host, private mode keeping siblings apart, no rules and no published
 * ports, the drivers' refusals, and an oracle kernel without ipvlan or dummy links.
 */
import { describe, expect, it } from "vitest";
import { createWorld, type EngineVersion, type World } from "../../../../src/sim/index.ts";
import { inside, out, run } from "../lab.ts";

const INTERNET = { machine: "internet" };
const LAN = "--subnet 10.88.0.0/16 --gateway 10.88.0.1 -o parent=eth0";

function world(engine: EngineVersion, ...lines: string[]): World {
  return run(createWorld(1, { engine }), ...lines);
}

describe("macvlan on the host's eth0", () => {
  const w = world("26", `docker network create -d macvlan ${LAN} lan`, "docker run -d --name web --network lan nginx");

  it("gives the container the LAN's next address and a link on eth0, and writes no rules", () => {
    const c = w.docker.containers.find((x) => x.name === "web")!;
    expect(c.endpoints[0]!.ipAddress).toBe("10.88.0.2");
    const eth0 = w.netns[c.id]!.links.find((l) => l.name === "eth0")!;
    expect(eth0.kind).toBe("macvlan");
    expect(eth0.lower?.mode).toBe("bridge");
    expect(out(w, "iptables-save -t nat").stdout).not.toContain("10.88");
  });

  it("is reached from the wire at its own address, and reaches out with it", () => {
    const r = out(w, "curl -s -m 2 -o /dev/null -w '%{http_code}' http://10.88.0.2/", INTERNET);
    expect(r.stdout).toBe("200");
    // No NAT on the way: nginx logs the internet machine's own address.
    expect(out(r.world, "docker logs web 2>/dev/null").stdout).toMatch(/^10\.88\.0\.1 /);
    expect(out(w, "curl -s -m 2 baidu.com", inside(w, "web")).stdout).toContain("www.baidu.com");
  });

  it("is cut off from its parent's own host, both ways", () => {
    expect(out(w, "curl -s -m 1 http://10.88.0.2/").code).toBe(28);
    expect(out(w, "ping -c 1 -W 1 10.88.0.4", inside(w, "web")).code).toBe(1);
  });

  it("learns its neighbours across the wire, as the oracle's namespaces do", () => {
    const w2 = out(w, "ping -c 1 -W 1 10.88.0.1", inside(w, "web")).world;
    expect(out(w2, "ip neigh", inside(w2, "web")).stdout).toMatch(
      /^10\.88\.0\.1 dev eth0 lladdr \S+ ref 1 used 0\/0\/0 probes 4 REACHABLE\n$/,
    );
    expect(out(w2, "ip neigh", INTERNET).stdout).toMatch(/^10\.88\.0\.2 dev eth0 lladdr 02:42:0a:58:00:02 DELAY \n$/);
    expect(out(w2, "ip neigh").stdout).toBe("");
  });

  it("names its lower link in sysfs's iflink", () => {
    const eth0 = w.netns.host!.links.find((l) => l.name === "eth0")!;
    expect(out(w, "cat /sys/class/net/eth0/iflink", inside(w, "web")).stdout).toBe(`${eth0.ifindex}\n`);
  });

  it("publishes nothing for -p", () => {
    const p = world(
      "26",
      `docker network create -d macvlan ${LAN} lan`,
      "docker run -d -p 8080:80 --name web --network lan nginx",
    );
    expect(out(p, "docker port web").stdout).toBe("");
    expect(out(p, "docker ps --format '[{{.Ports}}]'").stdout).toBe("[]\n");
    expect(out(p, "curl -s -m 2 http://10.88.0.4:8080/", INTERNET).code).toBe(7);
  });
});

describe("macvlan modes", () => {
  it("keeps private siblings apart while the wire reaches each", () => {
    const w = world(
      "26",
      `docker network create -d macvlan -o macvlan_mode=private ${LAN} priv`,
      "docker run -d --name web --network priv nginx",
      "docker run -d --name web2 --network priv nginx",
    );
    expect(out(w, "ping -c 1 -W 1 10.88.0.3", inside(w, "web")).code).toBe(1);
    expect(out(w, "curl -s -m 2 -o /dev/null -w '%{http_code}' http://10.88.0.3/", INTERNET).stdout).toBe("200");
  });

  it("lets bridge-mode siblings talk directly", () => {
    const w = world(
      "26",
      `docker network create -d macvlan ${LAN} lan`,
      "docker run -d --name web --network lan nginx",
      "docker run -d --name web2 --network lan nginx",
    );
    expect(out(w, "curl -s -m 2 -o /dev/null -w '%{http_code}' http://10.88.0.3/", inside(w, "web")).stdout).toBe(
      "200",
    );
  });
});

describe("the drivers' refusals", () => {
  const create = (engine: EngineVersion, ...lines: string[]) => {
    const w = world(engine, ...lines.slice(0, -1));
    return out(w, lines[lines.length - 1]!).stderr;
  };

  it("names a mode it does not know, and the default", () => {
    expect(create("26", `docker network create -d macvlan -o macvlan_mode=x ${LAN} n`)).toContain(
      "requested macvlan mode 'x' is not valid, 'bridge' mode is the macvlan driver default",
    );
    expect(create("26", `docker network create -d ipvlan -o ipvlan_mode=l4 ${LAN} n`)).toContain(
      "requested ipvlan mode 'l4' is not valid, 'l2' mode is the ipvlan driver default",
    );
  });

  it("allows one macvlan network per parent on 26, several on 28", () => {
    const lines = [
      `docker network create -d macvlan ${LAN} a`,
      "docker network create -d macvlan --subnet 192.168.5.0/24 -o parent=eth0 b",
    ];
    expect(create("26", ...lines)).toMatch(/network dm-[0-9a-f]{12} is already using parent interface eth0/);
    expect(create("28", ...lines)).toBe("");
  });

  it("refuses parents that are not there as the VLAN code does", () => {
    const mk = (parent: string) =>
      create("26", `docker network create -d macvlan --subnet 192.168.5.0/24 -o parent=${parent} n`);
    expect(mk("eth9")).toContain("invalid subinterface vlan name eth9, example formatting is eth0.10");
    expect(mk("eth9.10")).toContain("-o parent interface was not found on the host: eth9");
    expect(mk("eth0.5000")).toContain("vlan id must be between 1-4094, received: 5000");
    expect(mk("eth0.10")).toContain("failed to create eth0.10 vlan link: operation not supported");
    expect(mk("lo")).toContain("loopback interface is not a valid macvlan parent link");
  });

  it("fails without a parent, and on ipvlan ports, as the oracle's kernel does", () => {
    expect(create("26", "docker network create -d macvlan --internal --subnet 192.168.5.0/24 n")).toContain(
      "operation not supported",
    );
    const w = world("26", `docker network create -d ipvlan ${LAN} iv`);
    const r = out(w, "docker run -d --name web --network iv nginx");
    expect(r.code).toBe(125);
    expect(r.stderr).toContain("failed to create the ipvlan port: operation not supported");
  });

  it("refuses new host and null networks, and drivers it has no plugin for", () => {
    expect(create("26", "docker network create -d host h")).toContain('only one instance of "host" network is allowed');
    expect(create("26", "docker network create -d nosuch h")).toContain('plugin "nosuch" not found');
  });
});

describe("swarm commands without a swarm", () => {
  it("answers as a daemon in no swarm", () => {
    const w = createWorld(1);
    expect(out(w, "docker swarm leave").stderr).toBe("Error response from daemon: This node is not part of a swarm\n");
    expect(out(w, "docker node ls").stderr).toContain("This node is not a swarm manager.");
    expect(out(w, "docker info --format '{{.Swarm.LocalNodeState}}'").stdout).toBe("inactive\n");
  });
});
