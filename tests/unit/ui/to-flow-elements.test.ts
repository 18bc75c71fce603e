import { describe, expect, it } from "vitest";
import { applyCommand, createWorld, HOST_SESSION } from "../../../src/sim/index.ts";
import { locateIface, toFlowElements } from "../../../src/ui/topology/to-flow-elements.ts";
import { containerId, hostVethName, labWorld } from "./fixtures/worlds.ts";

describe("toFlowElements", () => {
  it("draws a macvlan container on the host's wire, and a hand-made namespace by its name", () => {
    let w = createWorld(1);
    for (const l of [
      "docker network create -d macvlan --subnet 10.88.0.0/16 --gateway 10.88.0.1 -o parent=eth0 lan",
      "docker run -d --network lan --name onlan nginx",
      "ip netns add red",
    ])
      w = applyCommand(w, l, HOST_SESSION).world;
    const { nodes, edges } = toFlowElements(w);
    const onlan = w.docker.containers.find((c) => c.name === "onlan")!.id;
    expect(
      edges.some((e) => [e.source, e.target].includes(`ns:${onlan}`) && [e.source, e.target].includes("ns:host")),
    ).toBe(true);
    const red = nodes.find((n) => n.id === "ns:netns:red")!;
    expect([red.data.title, red.data.subtitle]).toEqual(["red", "network namespace"]);
  });

  it("a world without namespaces has no nodes", () => {
    expect(toFlowElements({ ...createWorld(1), netns: {} })).toEqual({ nodes: [], edges: [] });
  });

  it("shows the internet, the host, docker0, the veth pair and the container", () => {
    const id = containerId(0);
    const veth = hostVethName(0);
    const { nodes, edges } = toFlowElements(labWorld(1));
    expect(nodes.map((n) => n.id)).toEqual([
      "ns:internet",
      "ns:host",
      "br:host/docker0",
      `if:host/${veth}`,
      `ns:${id}`,
    ]);
    const byId = Object.fromEntries(nodes.map((n) => [n.id, n.data]));
    expect(byId["ns:internet"]).toEqual({
      kind: "internet",
      title: "internet",
      subtitle: "outside client, baidu.com, DNS",
      netns: "internet",
      lines: [
        { text: "eth0@if2 10.88.0.1/16", tone: "addr" },
        { text: "lo 203.0.113.10/32", tone: "addr" },
        { text: "lo 203.0.113.53/32", tone: "addr" },
        { text: "baidu.com web 203.0.113.10:80/tcp", tone: "app" },
        { text: "DNS server 203.0.113.53:53/udp", tone: "app" },
      ],
    });
    expect(byId["ns:host"]).toEqual({
      kind: "host",
      title: "docker-host",
      subtitle: "Docker host",
      netns: "host",
      lines: [
        { text: "eth0@if2 10.88.0.4/16", tone: "addr" },
        { text: "ip_forward = 1", tone: "note" },
        { text: "default via 10.88.0.1 dev eth0", tone: "note" },
        { text: "10.88.0.0/16 dev eth0", tone: "note" },
        { text: "172.17.0.0/16 dev docker0", tone: "note" },
        { text: "docker-proxy 0.0.0.0:2024 → 172.17.0.2:80", tone: "app" },
      ],
    });
    expect(byId["br:host/docker0"]).toEqual({
      kind: "bridge",
      title: "docker0",
      subtitle: "bridge, 1 port",
      lines: [{ text: "172.17.0.1/16", tone: "addr" }],
      netns: "host",
      iface: "docker0",
    });
    expect(byId[`if:host/${veth}`]).toEqual({
      kind: "port",
      title: `${veth}@if2`,
      lines: [{ text: "master docker0", tone: "note" }],
      netns: "host",
      iface: veth,
    });
    expect(byId[`ns:${id}`]).toEqual({
      kind: "container",
      title: "mynginxs",
      subtitle: `container ${id.slice(0, 12)} (nginx)`,
      netns: id,
      lines: [
        { text: "eth0@if4 172.17.0.2/16", tone: "addr" },
        { text: "default via 172.17.0.1", tone: "note" },
        { text: "nginx 0.0.0.0:80/tcp", tone: "app" },
      ],
    });
    expect(edges.map((e) => [e.id, e.source, e.target, e.data?.medium])).toEqual([
      ["wire:ns:internet|ns:host", "ns:internet", "ns:host", "wire"],
      ["bridge:ns:host|br:host/docker0", "ns:host", "br:host/docker0", "bridge"],
      [`bridge:br:host/docker0|if:host/${veth}`, "br:host/docker0", `if:host/${veth}`, "bridge"],
      [`veth:if:host/${veth}|ns:${id}`, `if:host/${veth}`, `ns:${id}`, "veth"],
    ]);
  });

  it("writes a program listening on two addresses on one line, as docker ps writes a port published twice", () => {
    const world = labWorld(1);
    const id = containerId(0);
    const c = world.netns[id]!;
    const nginx = c.listeners[0]!;
    const both = { ...c, listeners: [nginx, { ...nginx, addr: "::" }, nginx] };
    const { nodes } = toFlowElements({ ...world, netns: { ...world.netns, [id]: both } });
    expect(nodes.find((n) => n.id === `ns:${id}`)?.data.lines).toEqual([
      { text: "eth0@if4 172.17.0.2/16", tone: "addr" },
      { text: "default via 172.17.0.1", tone: "note" },
      { text: "nginx 0.0.0.0:80/tcp, :::80/tcp", tone: "app" },
    ]);
  });

  it("shows ip_forward off as a warning", () => {
    const { nodes } = toFlowElements(labWorld(0, { ipForward: "0" }));
    expect(nodes.find((n) => n.id === "ns:host")?.data.lines).toContainEqual({ text: "ip_forward = 0", tone: "warn" });
    expect(nodes.find((n) => n.id === "br:host/docker0")?.data.subtitle).toBe("bridge, 0 ports, DOWN");
  });

  it("every edge joins two existing nodes, and node ids are unique, for any number of containers", () => {
    for (const count of [0, 1, 2, 7, 50]) {
      const { nodes, edges } = toFlowElements(labWorld(count));
      const ids = new Set(nodes.map((n) => n.id));
      expect(ids.size).toBe(nodes.length);
      expect(nodes.length).toBe(3 + 2 * count);
      expect(edges.length).toBe(2 + 2 * count);
      for (const e of edges) {
        expect(ids.has(e.source)).toBe(true);
        expect(ids.has(e.target)).toBe(true);
      }
    }
  });

  it("locates a hop's interface on the node that stands for it", () => {
    const w = labWorld(1);
    expect(locateIface(w, "host", "docker0")).toBe("br:host/docker0");
    expect(locateIface(w, "host", hostVethName(0))).toBe(`if:host/${hostVethName(0)}`);
    expect(locateIface(w, "host", "eth0")).toBe("ns:host");
    expect(locateIface(w, containerId(0), "eth0")).toBe(`ns:${containerId(0)}`);
    expect(locateIface(w, "nowhere", "eth0")).toBe("ns:nowhere");
  });
});

describe("toFlowElements on the core's own world", () => {
  it("draws a user network's bridge and a container attached to two networks", async () => {
    const { applyCommand, createWorld, HOST_SESSION } = await import("../../../src/sim/index.ts");
    let w = createWorld(2024);
    for (const line of [
      "docker network create mynet",
      "docker run -d --network mynet --name aa nginx",
      "docker run -d -p 8080:80 --name bb nginx",
      "docker network connect mynet bb",
    ]) {
      const r = applyCommand(w, line, HOST_SESSION);
      expect(r.stderr).toBe("");
      w = r.world;
    }
    const { nodes, edges } = toFlowElements(w);
    expect(nodes.map((n) => `${n.data.kind} ${n.data.title}`.replace(/[0-9a-f]{7,}/g, "X"))).toEqual([
      "internet internet",
      "host docker-host",
      "bridge docker0",
      "bridge br-X",
      "port vethX@if4",
      "port vethX@if6",
      "port vethX@if8",
      "container aa",
      "container bb",
    ]);
    expect(nodes.filter((n) => n.data.kind === "bridge").map((n) => n.data.subtitle)).toEqual([
      "bridge, 1 port",
      "network mynet, 2 ports",
    ]);
    const bb = nodes.find((n) => n.data.title === "bb")!;
    expect(bb.data.lines.filter((l) => l.tone === "addr").map((l) => l.text)).toEqual([
      "eth0@if7 172.17.0.2/16",
      "eth1@if9 172.18.0.3/16",
    ]);
    // bb hangs from both bridges, each through its own veth end.
    expect(edges.filter((e) => e.target === bb.id && e.data?.medium === "veth")).toHaveLength(2);
  });

  it("shows the IPv6 addresses Docker gives on an --ipv6 network, beside the IPv4 ones", async () => {
    const { applyCommand, createWorld, HOST_SESSION } = await import("../../../src/sim/index.ts");
    let w = createWorld(2024);
    for (const line of [
      "docker network create --ipv6 --subnet fd00:db8::/64 v6net",
      "docker run -d --network v6net --name six nginx",
    ]) {
      const r = applyCommand(w, line, HOST_SESSION);
      expect(r.stderr).toBe("");
      w = r.world;
    }
    const { nodes } = toFlowElements(w);
    const six = nodes.find((n) => n.data.title === "six")!;
    expect(six.data.lines.filter((l) => l.tone === "addr").map((l) => l.text)).toEqual([
      "eth0@if5 172.18.0.2/16 fd00:db8::2/64",
    ]);
    const bridge = nodes.find((n) => n.data.kind === "bridge" && n.data.title !== "docker0")!;
    expect(bridge.data.lines.map((l) => l.text)).toEqual(["172.18.0.1/16", "fd00:db8::1/64"]);
  });
});
