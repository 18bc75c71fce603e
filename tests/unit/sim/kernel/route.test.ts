import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addrTypeOf, isLocalAddress } from "../../../../src/sim/kernel/addrtype.ts";
import { inCidr, parseCidr } from "../../../../src/sim/ipv4.ts";
import { addAddress, addRoute, createNetns } from "../../../../src/sim/kernel/netns.ts";
import { addBridge, setLinkUp } from "../../../../src/sim/kernel/link.ts";
import { localTable, lookupRoute } from "../../../../src/sim/kernel/route.ts";
import type { Netns } from "../../../../src/sim/kernel/types.ts";
import { buildDefaultWorld } from "../../../../src/sim/machines/lab.ts";
import { createEmptyWorld, createWorld } from "../../../../src/sim/world.ts";

/** The kernel's part of the default world, before dockerd adds docker0. */
const host = () => buildDefaultWorld(createEmptyWorld(1)).netns.host!;

describe("lookupRoute", () => {
  it("finds the local table first, then the longest prefix", () => {
    const ns = host();
    expect(lookupRoute(ns, "10.88.0.4")).toMatchObject({ type: "local", dev: "eth0", src: "10.88.0.4" });
    expect(lookupRoute(ns, "127.3.2.1")).toMatchObject({ type: "local", dev: "lo", dst: "127.0.0.0/8" });
    expect(lookupRoute(ns, "10.88.7.7")).toEqual({
      dst: "10.88.0.0/16",
      dev: "eth0",
      proto: "kernel",
      scope: "link",
      src: "10.88.0.4",
    });
    expect(lookupRoute(ns, "203.0.113.10")).toEqual({ dst: "default", via: "10.88.0.1", dev: "eth0" });
  });

  it("has nothing without a default route", () => {
    expect(lookupRoute(createWorld(1).netns.internet!, "8.8.8.8")).toBeUndefined();
  });

  it("prefers the lower metric among equal prefixes", () => {
    let ns = setLinkUp(addBridge(createNetns("x", "x"), "br", "m"), "br", true);
    ns = addRoute(ns, { dst: "10.0.0.0/8", dev: "br", metric: 20 });
    ns = addRoute(ns, { dst: "10.0.0.0/8", dev: "br", metric: 10, via: "1.1.1.1" });
    expect(lookupRoute(ns, "10.1.1.1")?.metric).toBe(10);
  });

  it("always picks a covering route that no other covering route beats (property)", () => {
    const prefix = fc.record({
      a: fc.nat(255),
      b: fc.nat(255),
      len: fc.integer({ min: 0, max: 32 }),
      metric: fc.nat(3),
    });
    fc.assert(
      fc.property(fc.array(prefix, { maxLength: 12 }), fc.nat(0xffffffff), (routes, dstN) => {
        let ns: Netns = setLinkUp(addBridge(createNetns("x", "x"), "br", "m"), "br", true);
        ns = { ...ns, addrs: [] };
        for (const r of routes) ns = addRoute(ns, { dst: `${r.a}.${r.b}.0.0/${r.len}`, dev: "br", metric: r.metric });
        const dst = [dstN >>> 24, (dstN >>> 16) & 255, (dstN >>> 8) & 255, dstN & 255].join(".");
        const got = lookupRoute(ns, dst);
        const covering = ns.routes.filter((r) => r.dst === "default" || inCidr(dst, r.dst));
        if (covering.length === 0) {
          expect(got).toBeUndefined();
          return;
        }
        expect(got).toBeDefined();
        const lenOf = (d: string) => (d === "default" ? 0 : parseCidr(d)!.prefixLen);
        for (const c of covering) {
          const better =
            lenOf(c.dst) > lenOf(got!.dst) ||
            (lenOf(c.dst) === lenOf(got!.dst) && (c.metric ?? 0) < (got!.metric ?? 0));
          expect(better).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("addrTypeOf", () => {
  it("classifies as the kernel's inet_addr_type", () => {
    let ns = host();
    ns = setLinkUp(
      addAddress(addBridge(ns, "docker0", "m"), "docker0", "172.17.0.1/16", { broadcast: "172.17.255.255" }),
      "docker0",
      true,
    );
    expect(addrTypeOf(ns, "10.88.0.4")).toBe("LOCAL");
    expect(addrTypeOf(ns, "127.0.0.1")).toBe("LOCAL");
    expect(addrTypeOf(ns, "127.9.9.9")).toBe("LOCAL");
    expect(addrTypeOf(ns, "172.17.0.1")).toBe("LOCAL");
    expect(addrTypeOf(ns, "172.17.255.255")).toBe("BROADCAST");
    expect(addrTypeOf(ns, "255.255.255.255")).toBe("BROADCAST");
    expect(addrTypeOf(ns, "0.0.0.0")).toBe("BROADCAST");
    expect(addrTypeOf(ns, "224.0.0.1")).toBe("MULTICAST");
    expect(addrTypeOf(ns, "172.17.0.2")).toBe("UNICAST");
    expect(addrTypeOf(ns, "203.0.113.10")).toBe("UNICAST");
    expect(isLocalAddress(ns, "10.88.0.4")).toBe(true);
    expect(isLocalAddress(createWorld(1).netns.internet!, "203.0.113.53")).toBe(true);
  });

  it("forgets the addresses of a link that is down", () => {
    const ns = setLinkUp(host(), "eth0", false);
    expect(isLocalAddress(ns, "10.88.0.4")).toBe(false);
    expect(localTable(ns).map((r) => `${r.type} ${r.dst}`)).toEqual([
      "local 127.0.0.0/8",
      "local 127.0.0.1/32",
      "broadcast 127.255.255.255/32",
    ]);
  });
});
