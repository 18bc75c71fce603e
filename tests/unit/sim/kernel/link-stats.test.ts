/** Interface counters as frames cross links: veths count whole frames, a bridge what it sends and passes up. */
import { describe, expect, it } from "vitest";
import { createWorld } from "../../../../src/sim/world.ts";
import { inside, out, run } from "../lab.ts";

const counters = (text: string) => {
  const rows = text.trim().split("\n");
  const rx = rows[rows.length - 3]!.trim().split(/\s+/);
  const tx = rows[rows.length - 1]!.trim().split(/\s+/);
  return { rxBytes: Number(rx[0]), rxPackets: Number(rx[1]), txBytes: Number(tx[0]), txPackets: Number(tx[1]), txDropped: Number(tx[3]) };
}; // prettier-ignore

describe("link counters", () => {
  it("start docker0 with the two IGMP reports it dropped while it had no port", () => {
    const w = run(createWorld(), "docker run -d --name web nginx");
    expect(counters(out(w, "ip -s link show docker0").stdout)).toEqual({
      rxBytes: 0,
      rxPackets: 0,
      txBytes: 0,
      txPackets: 0,
      txDropped: 2,
    });
  });

  it("count a container's pings of its gateway: ARP and ICMP, the bridge's rx without the Ethernet header", () => {
    let w = run(createWorld(), "docker run -d --name web nginx");
    w = out(w, "ping -c 2 -q 172.17.0.1", inside(w, "web")).world;
    // ARP request (28) and two echo requests (84) passed up; ARP reply (42) and two replies (98) sent.
    expect(counters(out(w, "ip -s link show docker0").stdout)).toMatchObject({
      rxBytes: 28 + 2 * 84,
      rxPackets: 3,
      txBytes: 42 + 2 * 98,
      txPackets: 3,
    });
    // The container's eth0 counts the same frames whole, the other way round.
    expect(out(w, "cat /proc/net/dev", inside(w, "web")).stdout).toMatch(/eth0:\s+238\s+3(\s+0){6}\s+238\s+3\s/);
  });

  it("count the unicast probe of a DELAY entry 5 s later, not before", () => {
    let w = run(createWorld(), "docker run -d --name web nginx");
    w = out(w, "ping -c 1 -q 172.17.0.1", inside(w, "web")).world;
    const before = counters(out(w, "ip -s link show docker0").stdout);
    const later = counters(out(run(w, "sleep 6"), "ip -s link show docker0").stdout);
    expect(later.txPackets - before.txPackets).toBe(1);
    expect(later.txBytes - before.txBytes).toBe(42);
    expect(later.rxPackets - before.rxPackets).toBe(1);
    expect(later.rxBytes - before.rxBytes).toBe(28);
  });

  it("flood a broadcast ARP to the other ports and their containers", () => {
    let w = run(createWorld(), "docker run -d --name c1 nginx", "docker run -d --name c2 nginx", "sleep 2");
    w = out(w, "ping -c 1 -q 172.17.0.1", inside(w, "c1")).world;
    // c2's eth0 received c1's ARP request for the gateway and nothing else.
    expect(out(w, "cat /sys/class/net/eth0/statistics/rx_bytes", inside(w, "c2")).stdout).toBe("42\n");
  });
});
