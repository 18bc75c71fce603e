import { describe, expect, it } from "vitest";
import { createWorld } from "../../../../src/sim/world.ts";
import { runLine } from "../../../../src/sim/shell/run.ts";
import type { World } from "../../../../src/sim/world.ts";

const HOST = { machine: "host", noTty: true } as const;

function sh(world: World, ...lines: string[]): [World, string] {
  let w = world;
  let out = "";
  for (const line of lines) {
    const r = runLine(w, HOST, line);
    w = r.world;
    out += r.stdout + r.stderr;
  }
  return [w, out];
}

function rules(world: World, table: "nat" | "filter"): string {
  const r = runLine(world, HOST, `iptables -t ${table} -S`);
  return r.stdout;
}

describe("IPAM", () => {
  it("hands out the lowest free address and reuses a freed one first", () => {
    let [w] = sh(
      createWorld(),
      "docker run -d --name aa nginx",
      "docker run -d --name bb nginx",
      "docker run -d --name cc nginx",
    );
    const ip = (name: string) => sh(w, `docker inspect ${name} --format '{{.NetworkSettings.IPAddress}}'`)[1];
    expect([ip("aa"), ip("bb"), ip("cc")]).toEqual(["172.17.0.2\n", "172.17.0.3\n", "172.17.0.4\n"]);
    [w] = sh(w, "docker stop bb", "docker run -d --name dd nginx", "docker start bb");
    expect([ip("dd"), ip("bb")]).toEqual(["172.17.0.3\n", "172.17.0.5\n"]);
  });

  it("gives user networks the next free /16 and their own gateway", () => {
    const [w, out] = sh(
      createWorld(),
      "docker network create one",
      "docker network create --subnet 10.10.0.0/24 --gateway 10.10.0.254 two",
      "docker network create three",
      "docker run -d --name tt --network two nginx",
    );
    expect(out.split("\n").filter((l) => !/^[0-9a-f]{64}$/.test(l))).toEqual([""]);
    const [, cfg] = sh(
      w,
      "docker network ls --format '{{.Name}}'",
      "docker network inspect one two three --format '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}'",
    );
    expect(cfg).toBe(
      "bridge\nhost\nnone\none\nthree\ntwo\n172.18.0.0/16 172.18.0.1\n10.10.0.0/24 10.10.0.254\n172.19.0.0/16 172.19.0.1\n",
    );
    expect(
      sh(w, "docker inspect tt --format '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{.MacAddress}}{{end}}'")[1],
    ).toBe("10.10.0.1 02:42:0a:0a:00:01\n");
  });
});

describe("the rules dockerd writes and removes", () => {
  it("writes the seed scenario's rules in dockerd's order and removes the container's on stop", () => {
    const [w] = sh(createWorld(), "docker run -d -p 2024:80 -p 127.0.0.1:8080:81 --name web nginx");
    expect(rules(w, "nat")).toBe(
      [
        "-P PREROUTING ACCEPT",
        "-P INPUT ACCEPT",
        "-P OUTPUT ACCEPT",
        "-P POSTROUTING ACCEPT",
        "-N DOCKER",
        "-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
        "-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER",
        "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
        "-A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 81 -j MASQUERADE",
        "-A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE",
        "-A DOCKER -i docker0 -j RETURN",
        "-A DOCKER -d 127.0.0.1/32 ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:81",
        "-A DOCKER ! -i docker0 -p tcp -m tcp --dport 2024 -j DNAT --to-destination 172.17.0.2:80",
        "",
      ].join("\n"),
    );
    const [stopped] = sh(w, "docker stop web");
    expect(rules(stopped, "nat")).not.toContain("172.17.0.2");
    expect(rules(stopped, "filter")).toBe(
      [
        "-P INPUT ACCEPT",
        "-P FORWARD DROP",
        "-P OUTPUT ACCEPT",
        "-N DOCKER",
        "-N DOCKER-ISOLATION-STAGE-1",
        "-N DOCKER-ISOLATION-STAGE-2",
        "-N DOCKER-USER",
        "-A FORWARD -j DOCKER-USER",
        "-A FORWARD -j DOCKER-ISOLATION-STAGE-1",
        "-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
        "-A FORWARD -o docker0 -j DOCKER",
        "-A FORWARD -i docker0 ! -o docker0 -j ACCEPT",
        "-A FORWARD -i docker0 -o docker0 -j ACCEPT",
        "-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2",
        "-A DOCKER-ISOLATION-STAGE-1 -j RETURN",
        "-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP",
        "-A DOCKER-ISOLATION-STAGE-2 -j RETURN",
        "-A DOCKER-USER -j RETURN",
        "",
      ].join("\n"),
    );
    // docker-proxy listeners go with the container.
    expect(stopped.netns["host"]!.listeners.filter((l) => l.process === "docker-proxy")).toEqual([]);
  });

  it("publishes through docker-proxy on 0.0.0.0 and [::], one per binding", () => {
    const [w] = sh(createWorld(), "docker run -d -p 2024:80 --name web nginx");
    const proxies = w.netns["host"]!.listeners.filter((l) => l.process === "docker-proxy");
    expect(proxies.map((l) => [l.proto, l.addr, l.port, l.app])).toEqual([
      ["tcp", "0.0.0.0", 2024, { kind: "docker-proxy", toAddr: "172.17.0.2", toPort: 80 }],
      ["tcp", "::", 2024, { kind: "docker-proxy", toAddr: "172.17.0.2", toPort: 80 }],
    ]);
  });

  it("allocates ephemeral ports per host address, skipping ones a proxy cannot bind (as the oracle did)", () => {
    const [, out] = sh(
      createWorld(),
      "docker run -d -p 127.0.0.1::80 --name aa nginx",
      "docker run -d -p 80 --name bb nginx",
      "docker run -d -P --name ee nginx",
      "docker ps --format '{{.Names}} {{.Ports}}'",
    );
    expect(out.split("\n").slice(3).join("\n")).toBe(
      "ee 0.0.0.0:32770->80/tcp, :::32769->80/tcp\nbb 0.0.0.0:32769->80/tcp, :::32768->80/tcp\naa 127.0.0.1:32768->80/tcp\n",
    );
  });

  it("switches to hairpin NAT when userland-proxy is off, and back", () => {
    let [w] = sh(
      createWorld(),
      `echo '{"userland-proxy": false}' > /etc/docker/daemon.json`,
      "systemctl restart docker",
      "docker run -d -p 2024:80 --name web nginx",
    );
    expect(
      rules(w, "nat")
        .split("\n")
        .filter((l) => l.startsWith("-A")),
    ).toEqual([
      "-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
      "-A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER",
      "-A POSTROUTING -o docker0 -m addrtype --src-type LOCAL -j MASQUERADE",
      "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
      "-A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE",
      "-A DOCKER -p tcp -m tcp --dport 2024 -j DNAT --to-destination 172.17.0.2:80",
    ]);
    expect(w.netns["host"]!.listeners.filter((l) => l.process === "docker-proxy")).toEqual([]);
    [w] = sh(w, "echo '{}' > /etc/docker/daemon.json", "systemctl restart docker");
    expect(w.docker.containers.map((c) => c.status)).toEqual(["exited"]);
    expect(
      rules(w, "nat")
        .split("\n")
        .filter((l) => l.startsWith("-A")),
    ).toEqual([
      "-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
      "-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER",
      "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
      "-A DOCKER -i docker0 -j RETURN",
    ]);
  });
});

describe("the container's namespace", () => {
  it("has eth0 on a veth whose peer is on docker0, the address, and the default route", () => {
    const [w] = sh(createWorld(), "docker run -d --name web nginx");
    const c = w.docker.containers[0]!;
    const ns = w.netns[c.id]!;
    const eth0 = ns.links.find((l) => l.name === "eth0")!;
    expect(eth0.mac).toBe("02:42:ac:11:00:02");
    const peer = w.netns["host"]!.links.find((l) => l.ifindex === eth0.peer!.ifindex)!;
    expect(peer.name).toMatch(/^veth[0-9a-f]{7}$/);
    expect(peer.master).toBe("docker0");
    expect(ns.addrs.find((a) => a.ifname === "eth0")).toMatchObject({ address: "172.17.0.2", prefixLen: 16 });
    expect(ns.routes.find((r) => r.dst === "default")).toMatchObject({ via: "172.17.0.1", dev: "eth0" });
    expect(ns.hostname).toBe(c.id.slice(0, 12));
    const [gone] = sh(w, "docker rm -f web");
    expect(gone.netns[c.id]).toBeUndefined();
    expect(gone.netns["host"]!.links.some((l) => l.name === peer.name)).toBe(false);
  });

  it("is the same world for the same seed (ids, names, MACs come from the seeded rng)", () => {
    const a = sh(createWorld(7), "docker run -d nginx", "docker ps --format '{{.ID}} {{.Names}}'")[1];
    const b = sh(createWorld(7), "docker run -d nginx", "docker ps --format '{{.ID}} {{.Names}}'")[1];
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}\n[0-9a-f]{12} [a-z]+_[a-z]+\n$/);
  });
});
