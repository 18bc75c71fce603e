/**
 * The Docker 28.5.2 profile: the rules dockerd 28 writes in every table and their order,
 * when they come and go, what the kernel then does with a packet routed straight to a
 * container, how its allocator picks host ports, and the CLI's texts. The 26 world,
 * run through the same commands, is the contrast.
 */
import { describe, expect, it } from "vitest";
import { engineProfile } from "../../../../src/sim/docker/engine/index.ts";
import { applyCommand, createWorld, type EngineVersion, type World } from "../../../../src/sim/index.ts";
import type { TraceEvent } from "../../../../src/sim/trace/events.ts";

const INTERNET = { machine: "internet" };

function run(engine: EngineVersion, ...lines: string[]): World {
  let w = createWorld(1, { engine });
  for (const line of lines) w = applyCommand(w, line).world;
  return w;
}

function out(w: World, line: string, session = { machine: "host" }): string {
  const r = applyCommand(w, line, session);
  return r.stdout + r.stderr;
}

const ARTICLE = "docker run -d -p 2024:80 --name mynginxs nginx";

describe("Docker 28's rules", () => {
  it("writes FORWARD's two jumps and the DOCKER-FORWARD chains for the article's run", () => {
    const w = run("28", ARTICLE);
    expect(out(w, "iptables -S")).toBe(
      [
        "-P INPUT ACCEPT",
        "-P FORWARD DROP",
        "-P OUTPUT ACCEPT",
        "-N DOCKER",
        "-N DOCKER-BRIDGE",
        "-N DOCKER-CT",
        "-N DOCKER-FORWARD",
        "-N DOCKER-ISOLATION-STAGE-1",
        "-N DOCKER-ISOLATION-STAGE-2",
        "-N DOCKER-USER",
        "-A FORWARD -j DOCKER-USER",
        "-A FORWARD -j DOCKER-FORWARD",
        "-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT",
        "-A DOCKER ! -i docker0 -o docker0 -j DROP",
        "-A DOCKER-BRIDGE -o docker0 -j DOCKER",
        "-A DOCKER-CT -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
        "-A DOCKER-FORWARD -j DOCKER-CT",
        "-A DOCKER-FORWARD -j DOCKER-ISOLATION-STAGE-1",
        "-A DOCKER-FORWARD -j DOCKER-BRIDGE",
        "-A DOCKER-FORWARD -i docker0 -j ACCEPT",
        "-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2",
        "-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP",
        "",
      ].join("\n"),
    );
  });

  it("has no per-port MASQUERADE with the proxy on, and the 26 world has", () => {
    const nat28 = out(run("28", ARTICLE), "iptables -t nat -S POSTROUTING");
    const nat26 = out(run("26", ARTICLE), "iptables -t nat -S POSTROUTING");
    const hairpin = "-A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE";
    expect(nat26).toContain(hairpin);
    expect(nat28).not.toContain(hairpin);
    expect(nat28).toContain("-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE");
  });

  it("drops direct routing to each container in raw PREROUTING, from start to stop", () => {
    let w = run("28", ARTICLE, "docker run -d --name quiet nginx");
    expect(out(w, "iptables -t raw -S PREROUTING")).toBe(
      "-P PREROUTING ACCEPT\n" +
        "-A PREROUTING -d 172.17.0.2/32 ! -i docker0 -j DROP\n" +
        "-A PREROUTING -d 172.17.0.3/32 ! -i docker0 -j DROP\n",
    );
    w = applyCommand(w, "docker stop quiet").world;
    expect(out(w, "iptables -t raw -S PREROUTING")).not.toContain("172.17.0.3");
    w = applyCommand(w, "docker rm -f mynginxs").world;
    expect(out(w, "iptables -t raw -S PREROUTING")).toBe("-P PREROUTING ACCEPT\n");
    expect(out(run("26", ARTICLE), "iptables -t raw -S PREROUTING")).toBe("-P PREROUTING ACCEPT\n");
  });

  it("guards a port published on 127.0.0.1 against every interface but lo", () => {
    const w = run("28", "docker run -d -p 127.0.0.1:2024:80 --name local nginx");
    expect(out(w, "iptables -t raw -S PREROUTING")).toContain(
      "-A PREROUTING -d 127.0.0.1/32 ! -i lo -p tcp -m tcp --dport 2024 -j DROP",
    );
  });

  it("appends each network's rules after docker0's and inserts port ACCEPTs above the DROPs", () => {
    const w = run("28", "docker network create mynet", "docker run -d --network mynet -p 8080:80 --name c1 nginx");
    const br = w.docker.networks.find((n) => n.name === "mynet")!.bridge!;
    const docker = out(w, "iptables -S DOCKER").split("\n");
    expect(docker.slice(1, 4)).toEqual([
      `-A DOCKER -d 172.18.0.2/32 ! -i ${br} -o ${br} -p tcp -m tcp --dport 80 -j ACCEPT`,
      "-A DOCKER ! -i docker0 -o docker0 -j DROP",
      `-A DOCKER ! -i ${br} -o ${br} -j DROP`,
    ]);
    expect(out(w, "iptables -S DOCKER-ISOLATION-STAGE-2")).toContain(
      `-A DOCKER-ISOLATION-STAGE-2 -o ${br} -j DROP\n-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP`,
    );
  });

  it("makes its chains again on a restart, keeping DOCKER-USER and what a person put there", () => {
    let w = run("28", ARTICLE, "iptables -I DOCKER-USER -s 10.9.9.9 -j DROP");
    const before = out(w, "iptables -S");
    w = applyCommand(w, "systemctl restart docker").world;
    w = applyCommand(w, "docker start mynginxs").world;
    expect(out(w, "iptables -S")).toBe(before);
    expect(out(w, "iptables -S DOCKER-USER")).toBe("-N DOCKER-USER\n-A DOCKER-USER -s 10.9.9.9/32 -j DROP\n");
  });
});

describe("bridge driver options on Docker 28", () => {
  it("writes icc=false as a DROP between the bridge's ports above the ACCEPT of what leaves it", () => {
    const w = run("28", "docker network create -o com.docker.network.bridge.enable_icc=false noicc");
    const br = w.docker.networks.find((n) => n.name === "noicc")!.bridge!;
    const fwd = out(w, "iptables -S DOCKER-FORWARD");
    expect(fwd).toContain(
      `-A DOCKER-FORWARD -i ${br} -o ${br} -j DROP\n-A DOCKER-FORWARD -i ${br} ! -o ${br} -j ACCEPT\n`,
    );
    expect(fwd).not.toContain(`-A DOCKER-FORWARD -i ${br} -j ACCEPT`);
    const a = applyCommand(w, "docker run -d --name i1 --network noicc nginx").world;
    const b = applyCommand(a, "docker run -d --name i2 --network noicc nginx").world;
    expect(
      applyCommand(b, "curl -s -m 2 http://i1/", {
        machine: b.docker.containers.find((c) => c.name === "i2")!.id,
      }).exitCode,
    ).toBe(28);
  });

  it("drops icc on an internal network with icc=false", () => {
    const w = run("28", "docker network create --internal -o com.docker.network.bridge.enable_icc=false inoicc");
    const br = w.docker.networks.find((n) => n.name === "inoicc")!.bridge!;
    expect(out(w, "iptables -S DOCKER-FORWARD")).toContain(`-A DOCKER-FORWARD -i ${br} -o ${br} -j DROP\n`);
  });

  it("writes neither MASQUERADE nor the nat RETURN without masquerading, so a container's packets leave unNATed", () => {
    const w = run(
      "28",
      "docker network create -o com.docker.network.bridge.enable_ip_masquerade=false nomasq",
      "docker run -d --name m1 --network nomasq nginx",
    );
    const br = w.docker.networks.find((n) => n.name === "nomasq")!.bridge!;
    const nat = out(w, "iptables -t nat -S");
    expect(nat).not.toContain(`! -o ${br} -j MASQUERADE`);
    expect(nat).not.toContain(`-A DOCKER -i ${br} -j RETURN`);
    const m1 = w.docker.containers.find((c) => c.name === "m1")!.id;
    expect(applyCommand(w, "curl -s -m 2 baidu.com", { machine: m1 }).exitCode).toBe(28);
  });
});

describe("endpoints on Docker 28", () => {
  const two = (engine: EngineVersion) => run(engine, ARTICLE, "docker run -d --name web2 nginx");

  it("makes eth0 inside the container's namespace, so the host's ports take consecutive indexes", () => {
    const w28 = two("28");
    const ports28 = w28.netns.host!.links.filter((l) => l.master === "docker0").map((l) => l.ifindex);
    expect(ports28).toEqual([3, 4]);
    for (const c of w28.docker.containers)
      expect(w28.netns[c.id]!.links.find((l) => l.name === "eth0")?.ifindex).toBe(2);
    // bridge(8) names the peer's index as the host knows it: 2 is docker0 there.
    expect(out(w28, "bridge link")).toMatch(/^3: veth[0-9a-f]{7}@docker0: /);
    const w26 = two("26");
    expect(w26.netns.host!.links.filter((l) => l.master === "docker0").map((l) => l.ifindex)).toEqual([4, 6]);
    expect(out(w26, "bridge link")).toMatch(/^4: veth[0-9a-f]{7}@if3: /);
  });

  it("announces a container's address as it starts, so the bridge has learned its MAC before any traffic", () => {
    const learned = (w: World) =>
      out(w, "bridge fdb show br docker0")
        .split("\n")
        .filter((l) => l.includes("master docker0") && !l.includes("permanent"));
    expect(learned(two("28"))).toHaveLength(2);
    expect(learned(two("26"))).toHaveLength(0);
    // The bridge forgets it after its ageing time (300 s) without another frame.
    expect(learned(applyCommand(two("28"), "sleep 302").world)).toHaveLength(0);
  });
});

describe("docker-proxy on Docker 28", () => {
  it("resets the client when the container refuses the proxy (curl 56); 26's closes it (curl 52)", () => {
    const line = "curl -s -m 2 http://127.0.0.1:2025/";
    const setup = "docker run -d -p 2025:81 --name w3 nginx";
    expect(applyCommand(run("28", setup), line).exitCode).toBe(56);
    expect(applyCommand(run("26", setup), line).exitCode).toBe(52);
  });
});

describe("the kernel's path on Docker 28", () => {
  const routed = (engine: EngineVersion) => run(engine, ARTICLE, "docker run -d --name quiet nginx");
  const direct = (w: World, addr: string) => {
    const w1 = applyCommand(w, "ip route add 172.17.0.0/16 via 10.88.0.4", INTERNET).world;
    return applyCommand(w1, `curl -s -m 3 http://${addr}:80/`, INTERNET);
  };

  it("drops a SYN routed straight to a published container in raw PREROUTING; 26 lets it through", () => {
    const r28 = direct(routed("28"), "172.17.0.2");
    expect(r28.exitCode).toBe(28);
    const drop = r28.events.find((e): e is Extract<TraceEvent, { type: "drop" }> => e.type === "drop");
    expect(drop?.netns).toBe("host");
    expect(drop?.cause).toMatchObject({ code: "rule-drop", table: "raw", chain: "PREROUTING" });
    // Dropped before conntrack: no entry was made for it.
    expect(out(direct(routed("28"), "172.17.0.2").world, "conntrack -L")).not.toContain("dst=172.17.0.2 sport");
    const r26 = direct(routed("26"), "172.17.0.2");
    expect(r26.exitCode).toBe(0);
    expect(r26.stdout).toContain("Welcome to nginx!");
  });

  it("still reaches the published port through DNAT, past the raw rule", () => {
    const r = applyCommand(routed("28"), "curl -s -m 3 http://10.88.0.4:2024/", INTERNET);
    expect(r.exitCode).toBe(0);
    const rules = r.events.filter((e): e is Extract<TraceEvent, { type: "rule" }> => e.type === "rule");
    expect(rules.map((e) => `${e.table}:${e.chain}:${e.verdict}`)).toEqual(
      expect.arrayContaining([
        "nat:DOCKER:DNAT",
        "filter:DOCKER-FORWARD:JUMP",
        "filter:DOCKER-BRIDGE:JUMP",
        "filter:DOCKER:ACCEPT",
        "filter:DOCKER-CT:ACCEPT",
      ]),
    );
  });
});

describe("Docker 28's ports and texts", () => {
  it("gives an address pair one host port, and sees 0.0.0.0 in the way of 127.0.0.1", () => {
    const w = run("28", "docker run -d -p 127.0.0.1::80 --name aa nginx", "docker run -d -p 80 --name bb nginx");
    expect(out(w, "docker port bb 80")).toBe("0.0.0.0:32769\n[::]:32769\n");
    expect(
      out(
        run("26", "docker run -d -p 127.0.0.1::80 nginx", "docker run -d -p 80 --name bb nginx"),
        "docker port bb 80",
      ),
    ).toBe("0.0.0.0:32769\n[::]:32768\n");
    const clash = applyCommand(run("28", ARTICLE), "docker run -d -p 127.0.0.1:2024:80 --name local nginx");
    expect(clash.stderr).toContain(
      "failed to set up container networking: driver failed programming external connectivity on endpoint local",
    );
    expect(clash.stderr).toContain(
      "Bind for 0.0.0.0:2024 failed: port is already allocated\n\nRun 'docker run --help'",
    );
  });

  it("prints IPv6 host addresses in brackets", () => {
    expect(out(run("28", ARTICLE), "docker ps --format '{{.Ports}}'")).toBe(
      "0.0.0.0:2024->80/tcp, [::]:2024->80/tcp\n",
    );
  });

  it("words the CLI's usage and flag errors as CLI 28 does", () => {
    const w = createWorld(1, { engine: "28" });
    expect(out(w, "docker run")).toBe(
      "docker: 'docker run' requires at least 1 argument\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nSee 'docker run --help' for more information\n",
    );
    expect(out(w, "docker port")).toContain("Run 'docker port --help' for more information");
    expect(out(w, "docker ps --nosuch")).toBe(
      "unknown flag: --nosuch\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information\n",
    );
    expect(out(w, "docker foo")).toBe(
      "docker: unknown command: docker foo\n\nRun 'docker --help' for more information\n",
    );
    expect(applyCommand(w, "docker version --format '{{.Server.APIVersion}}'").stdout).toBe("1.51\n");
    expect(engineProfile("28").label).toBe("Docker 28.5.2");
  });

  it("gives endpoints random MACs instead of 02:42 and the address", () => {
    const mac = (engine: EngineVersion) =>
      applyCommand(run(engine, ARTICLE), "docker inspect -f '{{.NetworkSettings.MacAddress}}' mynginxs").stdout;
    expect(mac("26")).toBe("02:42:ac:11:00:02\n");
    expect(mac("28")).toMatch(/^[0-9a-f][26ae](:[0-9a-f]{2}){5}\n$/);
    expect(mac("28")).not.toMatch(/^02:42/);
  });
});
