/** A learner breaking the path by hand and repairing it (oracle session cj). */
import { describe, expect, it } from "vitest";
import { createWorld, type World } from "../../../../src/sim/index.ts";
import { replayScenario } from "../../../../src/sim/scenario/replay.ts";
import { inside, out, run } from "../lab.ts";

const world = (engine: "26" | "28" = "26"): World => createWorld(1, { engine });

describe("busybox ip route in a container with NET_ADMIN", () => {
  it("words the kernel's refusals as busybox does: strerror, no extended ack", () => {
    const w = run(world(), "docker run -d --cap-add NET_ADMIN --name box nginx");
    const box = inside(w, "box");
    const dup = out(w, "ip route add default via 172.17.0.1", box);
    expect(dup.stderr).toBe("ip: RTNETLINK answers: File exists\n");
    expect(dup.code).toBe(2);
    const off = out(w, "ip route add default via 10.88.0.1", box);
    expect(off.stderr).toBe("ip: RTNETLINK answers: Network is unreachable\n");
    expect(off.code).toBe(2);
  });

  it("leaves iproute2's extended ack on the host", () => {
    expect(out(world(), "ip route add 10.9.0.0/16 via 10.7.0.1").stderr).toBe("Error: Nexthop has invalid gateway.\n");
  });
});

describe("an ICMP redirect when the host forwards a packet back out of eth0", () => {
  const scenario = (extra: string) =>
    replayScenario(
      "docker run -d --name web -p 2024:80 nginx\nip link set docker0 down\n" +
        extra +
        "ip route get 172.17.0.2 from 10.88.0.1 iif eth0\n" +
        "@trace internet$ curl -s -m 3 -o /dev/null http://10.88.0.4:2024/\n" +
        "@capture eth0 internet$ curl -s -m 3 -o /dev/null http://10.88.0.4:2024/\n",
      { engine: "26" },
    );

  it("is traced in OUTPUT before the packet meets FORWARD, flagged by ip route get, and never on the wire", () => {
    const text = scenario("");
    const lines = text.split("\n");
    const redirect = lines.findIndex((l) =>
      /^PACKET: .* OUT=eth0 SRC=10\.88\.0\.4 DST=10\.88\.0\.1 LEN=88 TOS=0xc0/.test(l),
    );
    const forward = lines.findIndex((l) => l.includes("filter:FORWARD:policy:DROP"));
    expect(redirect).toBeGreaterThan(-1);
    expect(redirect).toBeLessThan(forward);
    expect(lines[redirect + 1]).toContain("raw:OUTPUT:rule:0x");
    expect(text).toContain("    cache <redirect> iif eth0 \n");
    const capture = text.slice(text.indexOf("@capture"));
    expect(capture).toContain("IP 10.88.0.1.");
    expect(capture).not.toContain("ICMP");
  });

  it("is not made with send_redirects off for all and for eth0", () => {
    const text = scenario("sysctl -qw net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.eth0.send_redirects=0\n");
    expect(text).toContain("    cache iif eth0 \n");
    expect(text).not.toMatch(/OUT=eth0 SRC=10\.88\.0\.4 DST=10\.88\.0\.1/);
  });
});

describe("busybox ip neigh flush in a plain container", () => {
  it("says there is nothing to flush when the table is empty", () => {
    const w = run(world(), "docker run -d --name web nginx");
    const r = out(w, "ip neigh flush all", inside(w, "web"));
    expect(r.stdout).toBe("Nothing to flush\n");
    expect(r.code).toBe(0);
  });
});

describe("a daemon restart after docker0 was set down", () => {
  it("brings the bridge up again with its route, as libnetwork's setupDeviceUp does", () => {
    const w = run(
      world(),
      "docker run -d --name web -p 2024:80 nginx",
      "ip link set docker0 down",
      "systemctl restart docker",
    );
    expect(out(w, "ip -br link show docker0").stdout).toMatch(
      /^docker0 +DOWN +\S+ <NO-CARRIER,BROADCAST,MULTICAST,UP> \n$/,
    );
    const started = run(w, "docker start web");
    expect(out(started, "ip -br link show docker0").stdout).toMatch(/^docker0 +UP /);
    expect(out(started, "ip route show dev docker0").stdout).toBe(
      "172.17.0.0/16 proto kernel scope link src 172.17.0.1 \n",
    );
  });
});
