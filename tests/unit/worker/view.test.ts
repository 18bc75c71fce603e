import fc from "fast-check";
import { serialize } from "node:v8";
import { describe, expect, it } from "vitest";
import { nextView } from "../../../src/store/world-view.ts";
import { createEngine } from "../../../src/worker/engine.ts";
import type { WorldView } from "../../../src/worker/protocol.ts";
import { applyViewPatch, diffView } from "../../../src/worker/view-patch.ts";
import { viewOf } from "../../../src/worker/view.ts";

/** Key order matters (the machines' order is the graph's), and toEqual ignores it: compare as JSON. */
const json = (v: unknown) => JSON.stringify(v);

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom<unknown>(null, true, false, 0, 1, "a", "b", ""),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom("a", "b", "c", "d", "host", "7f"), tie("value"), { maxKeys: 4 }),
  ),
})).value;

describe("view patches", () => {
  it("turn any value into any other, keys in order, and say nothing when nothing changed (property)", () => {
    fc.assert(
      fc.property(jsonValue, jsonValue, (a, b) => {
        const p = diffView(a, b);
        if (json(a) === json(b)) expect(p).toBeUndefined();
        else expect(json(applyViewPatch(a, p!))).toBe(json(b));
      }),
      { numRuns: 2000 },
    );
  });

  it("keep what they do not touch as the same objects", () => {
    const a = { netns: { host: { links: [1, 2] }, web: { links: [3] } }, docker: { engine: "26" } };
    const b = { ...a, netns: { ...a.netns, web: { links: [3, 4] } } };
    const after = applyViewPatch(a, diffView(a, b)!);
    expect(after.netns.host).toBe(a.netns.host);
    expect(after.docker).toBe(a.docker);
    expect(after.netns.web.links).toEqual([3, 4]);
  });
});

const LINES = [
  "docker run -d -p 2024:80 --name web nginx",
  "docker run -d --name db busybox sleep 1000",
  "docker network create mynet",
  "docker run -d --network mynet --name api nginx",
  "docker rm -f web",
  "docker stop db",
  "docker start db",
  "curl -s 127.0.0.1:2024 -o /dev/null",
  "hostname lab",
  "sysctl -w net.ipv4.ip_forward=0",
  "ip addr add 10.9.9.9/24 dev eth0",
  "ip route add 10.10.0.0/16 via 10.88.0.1",
  "iptables -t nat -A POSTROUTING -j ACCEPT",
  "echo hi",
  "undo",
  "redo",
  "reset",
  "#engine 28",
  "nosuch",
];

describe("the page's view of the world", () => {
  it("follows the world line by line: the view the page patches is the view of the worker's world (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LINES), { maxLength: 14 }), (lines) => {
        const e = createEngine(9);
        let held: WorldView | null = e.snapshot().view;
        for (const line of lines) {
          const r = line.startsWith("#engine") ? e.switchEngine("28") : e.run(line);
          // What crosses the boundary is what arrives: a structured clone.
          held = nextView(held, structuredClone(r.view));
          expect(json(held)).toBe(json(viewOf(e.state().world)));
        }
      }),
      { numRuns: 60 },
    );
  });

  it("holds what the page draws and nothing the worker alone needs", () => {
    const e = createEngine(3);
    e.run("docker run -d -p 2024:80 --name web nginx");
    e.run("curl -s 127.0.0.1:2024 -o /dev/null");
    const v = e.snapshot().view;
    const web = v.docker.containers[0]!;
    expect(web).toMatchObject({ name: "web", image: "nginx", status: "running" });
    expect(Object.keys(v.netns)).toEqual(Object.keys(e.state().world.netns));
    expect(Object.keys(v.netns.host!).sort()).toEqual(
      ["addrs", "hostname", "id", "links", "listeners", "routes", "sysctl"].sort(),
    );
    expect(v.netns.host!.sysctl).toEqual({ "net.ipv4.ip_forward": "1" });
    expect(v.netns.host!.links.some((l) => "stats" in l || "mac" in l)).toBe(false);
    expect(v.docker.networks.some((n) => "allocated" in n)).toBe(false);
  });

  it("sends after a docker run what changed, whose size does not grow with the containers already there", () => {
    const patchBytes = (n: number) => {
      const e = createEngine(4);
      e.load({
        entries: Array.from({ length: n }, (_, i) => ({
          line: `docker run -d -p ${3000 + i}:80 --name c${i} nginx`,
          machine: "host",
        })),
      });
      const r = e.run("docker run -d -p 2024:80 --name extra nginx");
      expect(r.view && "patch" in r.view).toBe(true);
      return serialize(r.view).length;
    };
    const small = patchBytes(5);
    const large = patchBytes(150);
    expect(large).toBeLessThan(small * 1.5);
    // The world of 150 containers it replaces was hundreds of kilobytes.
    expect(large).toBeLessThan(20_000);
  });
});
