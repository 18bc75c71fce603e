/** NAT bindings and the rewrites conntrack owes each later packet, both ways. */
import { describe, expect, it } from "vitest";
import { newEntry } from "../../../../src/sim/netfilter/conntrack.ts";
import { bindDnat, bindSnat, dstManip, parseNatTarget, srcManip } from "../../../../src/sim/netfilter/nat.ts";

const T0 = 5_000;

describe("NAT", () => {
  it("parses --to-destination / --to-source forms", () => {
    expect(parseNatTarget("172.17.0.2:80")).toEqual({ addr: "172.17.0.2", port: 80 });
    expect(parseNatTarget("10.0.0.1")).toEqual({ addr: "10.0.0.1" });
    expect(parseNatTarget("10.0.0.1-10.0.0.9:1000-2000")).toEqual({ addr: "10.0.0.1", port: 1000 });
    expect(parseNatTarget(":53")).toEqual({ port: 53 });
  });

  it("DNAT: the original is rewritten at PREROUTING, the reply's source only at POSTROUTING", () => {
    const syn = { src: "10.88.0.1", dst: "10.88.0.4", sport: 57830, dport: 2024 };
    const e = bindDnat(newEntry({ proto: "tcp", ...syn }, 1, T0), { addr: "172.17.0.2", port: 80 });
    expect(dstManip(syn, e, "original")).toEqual({ ...syn, dst: "172.17.0.2", dport: 80 });
    expect(srcManip(syn, e, "original")).toBeUndefined();
    const reply = { src: "172.17.0.2", dst: "10.88.0.1", sport: 80, dport: 57830 };
    expect(dstManip(reply, e, "reply")).toBeUndefined();
    expect(srcManip(reply, e, "reply")).toEqual({ ...reply, src: "10.88.0.4", sport: 2024 });
  });

  it("MASQUERADE keeps the source port unless another connection already expects replies on it", () => {
    const a = bindSnat(
      newEntry({ proto: "tcp", src: "172.17.0.2", dst: "203.0.113.10", sport: 40000, dport: 80 }, 1, T0),
      [],
      "10.88.0.4",
      T0,
    );
    expect(a.reply).toEqual({ src: "203.0.113.10", dst: "10.88.0.4", sport: 80, dport: 40000 });
    const b0 = newEntry({ proto: "tcp", src: "172.17.0.3", dst: "203.0.113.10", sport: 40000, dport: 80 }, 2, T0);
    const b = bindSnat(b0, [a], "10.88.0.4", T0);
    expect(b.reply.dport).toBe(40001);
    const back = { src: "203.0.113.10", dst: "10.88.0.4", sport: 80, dport: 40001 };
    expect(dstManip(back, b, "reply")).toEqual({ ...back, dst: "172.17.0.3", dport: 40000 });
  });
});
