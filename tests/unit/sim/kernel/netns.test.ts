import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEmptyWorld, createWorld, type World } from "../../../../src/sim/world.ts";
import {
  addAddress,
  addRoute,
  createNetns,
  delAddress,
  delRoute,
  getNetns,
  putNetns,
  removeNetns,
  updateNetns,
} from "../../../../src/sim/kernel/netns.ts";
import { addBridge, addVethPair, moveLink, removeLink, setLinkUp, setMaster } from "../../../../src/sim/kernel/link.ts";
import type { Netns } from "../../../../src/sim/kernel/types.ts";
import { buildDefaultWorld } from "../../../../src/sim/machines/lab.ts";

/** The kernel's part of the default world, before dockerd adds docker0. */
const kernelWorld = (seed = 1) => buildDefaultWorld(createEmptyWorld(seed));

function twoNs(): World {
  let w = createEmptyWorld(1);
  w = putNetns(w, createNetns("a", "a"));
  w = putNetns(w, createNetns("b", "b"));
  return w;
}

/** Every veth's peer exists and points back; ifindexes are unique per namespace. */
function assertConsistent(w: World): void {
  for (const ns of Object.values(w.netns)) {
    const idx = ns.links.map((l) => l.ifindex);
    expect(new Set(idx).size).toBe(idx.length);
    for (const l of ns.links) {
      if (l.kind !== "veth") continue;
      expect(l.peer).toBeDefined();
      const peer = w.netns[l.peer!.netns]?.links.find((p) => p.ifindex === l.peer!.ifindex);
      expect(peer, `${ns.id}/${l.name} has a peer`).toBeDefined();
      expect(peer!.peer).toEqual({ netns: ns.id, ifindex: l.ifindex });
      if (l.master !== undefined) expect(ns.links.some((b) => b.name === l.master && b.kind === "bridge")).toBe(true);
    }
    for (const a of ns.addrs) expect(ns.links.some((l) => l.name === a.ifname)).toBe(true);
    for (const r of ns.routes) expect(ns.links.some((l) => l.name === r.dev && l.up)).toBe(true);
  }
}

describe("createNetns", () => {
  it("starts with lo up holding 127.0.0.1/8 and empty tables", () => {
    const ns = createNetns("x", "x");
    // lo has been up, so it holds its queue (`qdisc noqueue`) even once set down.
    expect(ns.links).toEqual([
      {
        ifindex: 1,
        name: "lo",
        kind: "loopback",
        mac: "00:00:00:00:00:00",
        mtu: 65536,
        up: true,
        qdiscAttached: true,
        txqlen: 1000,
      },
    ]);
    expect(ns.addrs).toEqual([{ ifname: "lo", address: "127.0.0.1", prefixLen: 8, scope: "host" }]);
    expect(ns.routes).toEqual([]);
    expect(ns.sysctl["net.ipv4.ip_forward"]).toBe("0");
    expect(ns.netfilter.filter.chains.map((c) => c.name)).toEqual(["INPUT", "FORWARD", "OUTPUT"]);
    expect(ns.nextIfindex).toBe(2);
  });
});

describe("addresses and connected routes", () => {
  it("adds the kernel's connected route only while the link is up", () => {
    let ns: Netns = putNetns(twoNs(), createNetns("a", "a")).netns.a!;
    ns = addBridge(ns, "docker0", "02:42:00:00:00:01");
    ns = addAddress(ns, "docker0", "172.17.0.1/16", { broadcast: "172.17.255.255" });
    expect(ns.routes).toEqual([]);
    ns = setLinkUp(ns, "docker0", true);
    expect(ns.routes).toEqual([
      { dst: "172.17.0.0/16", dev: "docker0", proto: "kernel", scope: "link", src: "172.17.0.1" },
    ]);
    ns = addRoute(ns, { dst: "10.0.0.0/8", via: "172.17.0.5", dev: "docker0" });
    ns = setLinkUp(ns, "docker0", false);
    expect(ns.routes).toEqual([]);
    ns = setLinkUp(ns, "docker0", true);
    // Static routes are not restored, connected ones are.
    expect(ns.routes.map((r) => r.dst)).toEqual(["172.17.0.0/16"]);
    ns = delAddress(ns, "docker0", "172.17.0.1/16");
    expect(ns.routes).toEqual([]);
    expect(ns.addrs.map((a) => a.address)).toEqual(["127.0.0.1"]);
  });

  it("adds no prefix route for /32 or loopback addresses", () => {
    let ns = createNetns("x", "x");
    ns = addAddress(ns, "lo", "203.0.113.10/32");
    expect(ns.routes).toEqual([]);
    expect(ns.addrs[1]).toEqual({ ifname: "lo", address: "203.0.113.10", prefixLen: 32, scope: "global" });
  });

  it("keeps the main table in fib dump order", () => {
    let ns = createNetns("x", "x");
    ns = addBridge(ns, "br", "02:00:00:00:00:01");
    ns = setLinkUp(ns, "br", true);
    ns = addRoute(ns, { dst: "10.0.0.0/8", dev: "br" });
    ns = addRoute(ns, { dst: "default", via: "10.0.0.1", dev: "br" });
    ns = addRoute(ns, { dst: "10.0.0.0/24", dev: "br" });
    ns = addRoute(ns, { dst: "192.168.1.77/16", dev: "br" });
    ns = addRoute(ns, { dst: "10.0.0.0/8", dev: "br", metric: 5 });
    expect(ns.routes.map((r) => `${r.dst} ${r.metric ?? 0}`)).toEqual([
      "default 0",
      "10.0.0.0/24 0",
      "10.0.0.0/8 0",
      "10.0.0.0/8 5",
      "192.168.0.0/16 0",
    ]);
    ns = delRoute(ns, { dst: "10.0.0.0/8", metric: 5 });
    expect(ns.routes.map((r) => r.dst)).toEqual(["default", "10.0.0.0/24", "10.0.0.0/8", "192.168.0.0/16"]);
  });
});

describe("veth pairs", () => {
  it("links both ends to each other, across namespaces", () => {
    const w = addVethPair(
      twoNs(),
      { netns: "a", name: "va", mac: "02:00:00:00:00:0a" },
      { netns: "b", name: "eth0", mac: "02:00:00:00:00:0b" },
    );
    expect(w.netns.a!.links[1]).toEqual({
      ifindex: 2,
      name: "va",
      kind: "veth",
      mac: "02:00:00:00:00:0a",
      mtu: 1500,
      up: false,
      peer: { netns: "b", ifindex: 2 },
    });
    expect(w.netns.b!.links[1]).toEqual({
      ifindex: 2,
      name: "eth0",
      kind: "veth",
      mac: "02:00:00:00:00:0b",
      mtu: 1500,
      up: false,
      peer: { netns: "a", ifindex: 2 },
    });
    assertConsistent(w);
  });

  it("numbers a pair created in one namespace as the kernel does: the peer first, each keeping its index", () => {
    // As Docker: both ends made in the host (peer registered first), one moved into the container.
    const w = addVethPair(
      kernelWorld(),
      { netns: "host", name: "veth86b40c8", mac: "02:00:00:00:00:0a" },
      { netns: "internet", name: "eth1", mac: "02:00:00:00:00:0b" },
      { createdIn: "host" },
    );
    expect(w.netns.host!.links.map((l) => `${l.ifindex}:${l.name}`)).toEqual(["1:lo", "3:veth86b40c8", "894:eth0"]);
    expect(w.netns.internet!.links.map((l) => `${l.ifindex}:${l.name}`)).toEqual(["1:lo", "2:eth1", "893:eth0"]);
    expect(w.netns.host!.nextIfindex).toBe(4);
    assertConsistent(w);
  });

  it("removing either end removes both, and so does removing the namespace", () => {
    const w = addVethPair(twoNs(), { netns: "a", name: "va", mac: "m1" }, { netns: "b", name: "vb", mac: "m2" });
    expect(removeLink(w, "b", "vb").netns.a!.links.map((l) => l.name)).toEqual(["lo"]);
    const gone = removeNetns(w, "b");
    expect(Object.keys(gone.netns)).toEqual(["a"]);
    expect(gone.netns.a!.links.map((l) => l.name)).toEqual(["lo"]);
  });

  it("keeps peers consistent through any sequence of link operations", () => {
    type Op =
      | { op: "pair"; a: string; b: string }
      | { op: "rm"; ns: string; i: number }
      | { op: "up"; ns: string; i: number }
      | { op: "move"; ns: string; i: number; to: string }
      | { op: "bridge"; ns: string }
      | { op: "enslave"; ns: string; i: number }
      | { op: "rmns"; ns: string }
      | { op: "mkns"; ns: string };
    const nsName = fc.constantFrom("a", "b", "c");
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ op: fc.constant("pair" as const), a: nsName, b: nsName }),
      fc.record({ op: fc.constant("rm" as const), ns: nsName, i: fc.nat(6) }),
      fc.record({ op: fc.constant("up" as const), ns: nsName, i: fc.nat(6) }),
      fc.record({ op: fc.constant("move" as const), ns: nsName, i: fc.nat(6), to: nsName }),
      fc.record({ op: fc.constant("bridge" as const), ns: nsName }),
      fc.record({ op: fc.constant("enslave" as const), ns: nsName, i: fc.nat(6) }),
      fc.record({ op: fc.constant("rmns" as const), ns: nsName }),
      fc.record({ op: fc.constant("mkns" as const), ns: nsName }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        let w = twoNs();
        w = putNetns(w, createNetns("c", "c"));
        let n = 0;
        const linkAt = (ns: string, i: number) => {
          const links = getNetns(w, ns)?.links ?? [];
          return links.length ? links[i % links.length] : undefined;
        };
        for (const o of ops) {
          n++;
          if (o.op === "pair") {
            if (getNetns(w, o.a) && getNetns(w, o.b)) {
              w = addVethPair(w, { netns: o.a, name: `x${n}`, mac: "m" }, { netns: o.b, name: `y${n}`, mac: "m" });
            }
          } else if (o.op === "rm") {
            const l = linkAt(o.ns, o.i);
            if (l && l.kind !== "loopback") w = removeLink(w, o.ns, l.name);
          } else if (o.op === "up") {
            const l = linkAt(o.ns, o.i);
            if (l) w = updateNetns(w, o.ns, (ns) => addAddress(setLinkUp(ns, l.name, !l.up), l.name, `10.${n}.0.1/24`));
          } else if (o.op === "move") {
            const l = linkAt(o.ns, o.i);
            const to = getNetns(w, o.to);
            if (l && l.kind === "veth" && to && !to.links.some((x) => x.name === l.name))
              w = moveLink(w, o.ns, l.name, o.to);
          } else if (o.op === "bridge") {
            w = updateNetns(w, o.ns, (ns) => setLinkUp(addBridge(ns, `br${n}`, "m"), `br${n}`, true));
          } else if (o.op === "enslave") {
            const l = linkAt(o.ns, o.i);
            const br = getNetns(w, o.ns)?.links.find((x) => x.kind === "bridge");
            if (l && br && l.kind === "veth") w = updateNetns(w, o.ns, (ns) => setMaster(ns, l.name, br.name));
          } else if (o.op === "rmns") {
            w = removeNetns(w, o.ns);
          } else if (!getNetns(w, o.ns)) {
            w = putNetns(w, createNetns(o.ns, o.ns));
          }
          assertConsistent(w);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("the default world", () => {
  it("is the oracle's: the internet and the host, peered by eth0", () => {
    const w = kernelWorld();
    expect(Object.keys(w.netns)).toEqual(["internet", "host"]);
    const host = w.netns.host!;
    const wan = w.netns.internet!;
    expect(host.hostname).toBe("docker-host");
    expect(host.links.map((l) => [l.ifindex, l.name, l.kind, l.up, l.peer])).toEqual([
      [1, "lo", "loopback", true, undefined],
      [894, "eth0", "veth", true, { netns: "internet", ifindex: 893 }],
    ]);
    expect(host.addrs).toEqual([
      { ifname: "lo", address: "127.0.0.1", prefixLen: 8, scope: "host" },
      { ifname: "eth0", address: "10.88.0.4", prefixLen: 16, scope: "global" },
    ]);
    expect(host.routes).toEqual([
      { dst: "default", via: "10.88.0.1", dev: "eth0" },
      { dst: "10.88.0.0/16", dev: "eth0", proto: "kernel", scope: "link", src: "10.88.0.4" },
    ]);
    expect(host.sysctl["net.ipv4.ip_forward"]).toBe("1");
    expect(host.nextIfindex).toBe(2);
    expect(wan.sysctl["net.ipv4.ip_forward"]).toBe("0");
    expect(wan.addrs.map((a) => `${a.ifname} ${a.address}/${a.prefixLen}`)).toEqual([
      "lo 127.0.0.1/8",
      "eth0 10.88.0.1/16",
      "lo 203.0.113.10/32",
      "lo 203.0.113.53/32",
    ]);
    expect(wan.routes).toEqual([
      { dst: "10.88.0.0/16", dev: "eth0", proto: "kernel", scope: "link", src: "10.88.0.1" },
    ]);
    expect(wan.listeners.map((l) => `${l.proto} ${l.addr}:${l.port} ${l.app.kind}`)).toEqual([
      "tcp 0.0.0.0:80 web",
      "udp 203.0.113.53:53 dns",
    ]);
    assertConsistent(w);
  });

  it("has dockerd running, with docker0 (no carrier yet) on the host", () => {
    const host = createWorld(1).netns.host!;
    expect(host.links.map((l) => [l.ifindex, l.name, l.kind, l.up])).toEqual([
      [1, "lo", "loopback", true],
      [2, "docker0", "bridge", true],
      [894, "eth0", "veth", true],
    ]);
    expect(host.routes.map((r) => r.dst)).toEqual(["default", "10.88.0.0/16", "172.17.0.0/16"]);
  });

  it("is the same for the same seed", () => {
    expect(JSON.stringify(createWorld(5))).toBe(JSON.stringify(createWorld(5)));
  });
});
