import { describe, expect, it } from "vitest";
import { i18n } from "../../../src/ui/i18n/i18n.ts";
import { buildTimeline, conntrackUpTo, describeRewrite } from "../../../src/ui/trace/timeline.ts";
import { INBOUND, OUTBOUND } from "./fixtures/traces.ts";
import { containerId, hostVethName } from "./fixtures/worlds.ts";

const C = containerId(0);
const nameOf = (id: string) => (id === C ? "mynginxs" : id === "host" ? "docker-host" : id);
const tr = i18n.getFixedT("en", "trace");

describe("timeline", () => {
  it("turns every event but the command into a step, in order, with a sentence for each", () => {
    const t = buildTimeline(INBOUND, nameOf, tr);
    expect(t.command).toEqual({ machine: "internet", line: "curl http://10.88.0.4:2024/", exitCode: 0 });
    expect(t.steps.map((s) => s.text)).toEqual([
      "#1 curl in internet sends SYN: tcp 10.88.0.1:59042 → 10.88.0.4:2024 [SYN]",
      "#1 leaves eth0 of internet, arrives on eth0 of docker-host (wire)",
      "#1 PREROUTING in docker-host (in eth0): tcp 10.88.0.1:59042 → 10.88.0.4:2024 [SYN]",
      "#1 nat PREROUTING rule 1 → JUMP DOCKER: -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
      "#1 nat DOCKER rule 2 → DNAT: -A DOCKER ! -i docker0 -p tcp -m tcp --dport 2024 -j DNAT --to-destination 172.17.0.2:80",
      "#1 DNAT in docker-host (by rule): destination 10.88.0.4:2024 → 172.17.0.2:80",
      `#1 leaves docker0 of docker-host, arrives on ${hostVethName(0)} of docker-host (bridge)`,
      `#1 leaves ${hostVethName(0)} of docker-host, arrives on eth0 of mynginxs (veth)`,
      "#1 dropped in mynginxs: nothing listens on that port (tcp port 80 closed)",
    ]);
  });

  it("tracks where the packet is and its headers, NAT included", () => {
    const t = buildTimeline(OUTBOUND, nameOf, tr);
    const masq = t.steps.find((s) => s.event.type === "nat")!;
    expect(masq.text).toBe("#1 MASQUERADE in docker-host (by rule): source 172.17.0.2 → 10.88.0.4");
    expect(masq.headers).toMatchObject({ src: "10.88.0.4", dst: "203.0.113.10", ttl: 63 });
    expect(masq.rewrites.map((r) => r.text)).toEqual(["source 172.17.0.2 → 10.88.0.4"]);
    const firstHop = t.steps.find((s) => s.event.type === "hop")!;
    expect(firstHop.from).toEqual({ netns: C, iface: "eth0" });
    expect(firstHop.at).toEqual({ netns: "host", iface: hostVethName(0) });
    const unSnat = t.steps.filter((s) => s.event.type === "nat")[1]!;
    expect(unSnat.text).toBe("#2 un-SNAT in docker-host (by conntrack): destination 10.88.0.4 → 172.17.0.2");
    expect(unSnat.packet).toMatchObject({ packetId: 2, direction: "reply", label: "SYN-ACK" });
    expect(t.packets.map((p) => p.label)).toEqual(["SYN", "SYN-ACK"]);
    expect(t.steps.at(-1)!.at).toEqual({ netns: C });
  });

  it("shows a conntrack entry only once the animation reaches its creation", () => {
    const t = buildTimeline(OUTBOUND, nameOf, tr);
    const created = t.steps.findIndex((s) => s.event.type === "conntrack");
    expect(conntrackUpTo(t, created - 1)).toEqual([]);
    expect(conntrackUpTo(t, created)).toEqual([
      { netns: "host", entryId: 7, text: expect.stringContaining("SYN_SENT") as string },
    ]);
    expect(conntrackUpTo(t, t.steps.length - 1)[0]!.text).toContain("SYN_RECV");
  });

  it("describes a rewrite by the side that changed", () => {
    const h = { proto: "tcp" as const, src: "a", dst: "b", sport: 1, dport: 2, ttl: 64, len: 60 };
    expect(describeRewrite(h, { ...h, src: "c", sport: 3 }, tr)).toBe("source a:1 → c:3");
    expect(describeRewrite(h, h, tr)).toBe("no change");
  });
});
