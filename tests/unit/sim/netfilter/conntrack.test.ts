/** Conntrack entries: lookup both ways, the TCP state machine, UDP/ICMP, expiry and the `conntrack -L` line. */
import { describe, expect, it } from "vitest";
import {
  advance,
  ctstateOf,
  expire,
  formatEntry,
  lookup,
  newEntry,
  type CtPacket,
} from "../../../../src/sim/netfilter/conntrack.ts";
import { bindDnat } from "../../../../src/sim/netfilter/nat.ts";

const T0 = 1_000_000;
const c2s = (flags: string[]): CtPacket => ({
  proto: "tcp",
  src: "10.88.0.1",
  dst: "10.88.0.4",
  sport: 57830,
  dport: 2024,
  flags,
});
const s2c = (flags: string[]): CtPacket => ({
  proto: "tcp",
  src: "172.17.0.2",
  dst: "10.88.0.1",
  sport: 80,
  dport: 57830,
  flags,
});

describe("TCP", () => {
  it("walks SYN_SENT → SYN_RECV → ESTABLISHED → FIN_WAIT → LAST_ACK → TIME_WAIT, as conntrack -L shows it", () => {
    let e = bindDnat(newEntry(c2s(["SYN"]), 1, T0), { addr: "172.17.0.2", port: 80 });
    const states = [e.tcpState];
    expect(formatEntry(e, T0)).toBe(
      "tcp      6 120 SYN_SENT src=10.88.0.1 dst=10.88.0.4 sport=57830 dport=2024 [UNREPLIED] src=172.17.0.2 dst=10.88.0.1 sport=80 dport=57830 mark=0 use=1",
    );
    const steps: [CtPacket, "original" | "reply"][] = [
      [s2c(["SYN", "ACK"]), "reply"],
      [c2s(["ACK"]), "original"],
      [c2s(["ACK", "PSH"]), "original"],
      [c2s(["ACK", "FIN"]), "original"],
      [s2c(["ACK", "FIN"]), "reply"],
      [c2s(["ACK"]), "original"],
    ];
    for (const [p, dir] of steps) {
      const found = lookup([e], p, T0)!;
      expect(found.direction).toBe(dir);
      e = advance(found.entry, p, dir, T0);
      states.push(e.tcpState);
    }
    expect(states).toEqual(["SYN_SENT", "SYN_RECV", "ESTABLISHED", "ESTABLISHED", "FIN_WAIT", "LAST_ACK", "TIME_WAIT"]);
    expect(formatEntry(e, T0 + 500)).toBe(
      "tcp      6 119 TIME_WAIT src=10.88.0.1 dst=10.88.0.4 sport=57830 dport=2024 src=172.17.0.2 dst=10.88.0.1 sport=80 dport=57830 [ASSURED] mark=0 use=1",
    );
  });

  it("a RST closes the entry (10 s); a reply makes the state ESTABLISHED", () => {
    const e = newEntry(c2s(["SYN"]), 1, T0);
    expect(ctstateOf(e, "original")).toBe("NEW");
    expect(ctstateOf(e, "reply")).toBe("ESTABLISHED");
    const rst = advance(e, s2c(["RST", "ACK"]), "reply", T0);
    expect([rst.tcpState, rst.timeout]).toEqual(["CLOSE", 10]);
  });

  it("expires entries whose timeout has run out", () => {
    const e = newEntry(c2s(["SYN"]), 1, T0);
    expect(expire([e], T0 + 119_999)).toHaveLength(1);
    expect(expire([e], T0 + 120_000)).toHaveLength(0);
    expect(lookup([e], c2s(["SYN"]), T0 + 120_000)).toBeUndefined();
  });
});

describe("UDP and ICMP", () => {
  it("a DNS exchange (A then AAAA on one socket) stays a 30 s flow, not ASSURED", () => {
    const q: CtPacket = { proto: "udp", src: "172.17.0.2", dst: "203.0.113.53", sport: 51288, dport: 53 };
    const a: CtPacket = { proto: "udp", src: "203.0.113.53", dst: "172.17.0.2", sport: 53, dport: 51288 };
    let e = newEntry(q, 9, T0);
    e = advance(e, a, "reply", T0);
    e = advance(e, q, "original", T0 + 1);
    e = advance(e, a, "reply", T0 + 2);
    expect(formatEntry(e, T0 + 2000)).toBe(
      "udp      17 28 src=172.17.0.2 dst=203.0.113.53 sport=51288 dport=53 src=203.0.113.53 dst=172.17.0.2 sport=53 dport=51288 mark=0 use=1",
    );
  });

  it("an echo request waits for its echo reply by id", () => {
    const req: CtPacket = { proto: "icmp", src: "172.17.0.2", dst: "192.0.2.1", icmp: { type: 8, code: 0, id: 40 } };
    const e = newEntry(req, 3, T0);
    expect(formatEntry(e, T0 + 1000)).toBe(
      "icmp     1 29 src=172.17.0.2 dst=192.0.2.1 type=8 code=0 id=40 [UNREPLIED] src=192.0.2.1 dst=172.17.0.2 type=0 code=0 id=40 mark=0 use=1",
    );
    const reply: CtPacket = { proto: "icmp", src: "192.0.2.1", dst: "172.17.0.2", icmp: { type: 0, code: 0, id: 40 } };
    expect(lookup([e], reply, T0)?.direction).toBe("reply");
    expect(lookup([e], { ...reply, icmp: { type: 0, code: 0, id: 41 } }, T0)).toBeUndefined();
  });
});
