/**
 * Property: whatever rules the user adds and wherever they send packets, the walk never
 * throws, always terminates, and every packet's walk ends exactly once (deliver or drop).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyCommand } from "../../../../src/sim/index.ts";
import { runIptables } from "../../../../src/sim/netfilter/iptables-cli.ts";
import { updateNetns } from "../../../../src/sim/kernel/netns.ts";
import { WEB, seedWorld } from "./fixture.ts";

const ADDRS = ["10.88.0.4", "10.88.0.1", "172.17.0.1", "172.17.0.2", "203.0.113.10", "192.0.2.1", "127.0.0.1"];
const PORTS = [80, 2024, 53, 9];

const ruleArb = fc.oneof(
  fc
    .tuple(
      fc.constantFrom("FORWARD", "INPUT", "OUTPUT", "DOCKER-USER"),
      fc.constantFrom("ACCEPT", "DROP", "REJECT", "RETURN", "LOG"),
    )
    .map(([c, t]) => ["-I", c, "-j", t]),
  fc
    .tuple(fc.constantFrom("FORWARD", "DOCKER-USER"), fc.constantFrom(...PORTS), fc.constantFrom("DROP", "REJECT"))
    .map(([c, p, t]) => ["-I", c, "-p", "tcp", "--dport", String(p), "-j", t]),
  fc
    .tuple(fc.constantFrom(...ADDRS), fc.constantFrom(...PORTS))
    .map(([a, p]) => [
      "-t",
      "nat",
      "-I",
      "PREROUTING",
      "-p",
      "tcp",
      "--dport",
      "2024",
      "-j",
      "DNAT",
      "--to-destination",
      `${a}:${p}`,
    ]),
  fc
    .tuple(fc.constantFrom(...ADDRS), fc.constantFrom(...PORTS))
    .map(([a, p]) => ["-t", "nat", "-I", "OUTPUT", "-p", "tcp", "-j", "DNAT", "--to-destination", `${a}:${p}`]),
  fc.constantFrom(
    ["-t", "nat", "-F", "POSTROUTING"],
    ["-t", "nat", "-I", "POSTROUTING", "-j", "MASQUERADE"],
    ["-t", "raw", "-I", "PREROUTING", "-j", "TRACE"],
    ["-P", "FORWARD", "ACCEPT"],
    ["-t", "nat", "-I", "DOCKER", "-j", "DOCKER"],
  ),
);

const cmdArb = fc.tuple(
  fc.constantFrom("host", "internet", WEB),
  fc.oneof(
    fc.tuple(fc.constantFrom(...ADDRS), fc.constantFrom(...PORTS)).map(([a, p]) => `curl -s -m 2 http://${a}:${p}/`),
    fc.constantFrom(...ADDRS).map((a) => `ping -c 1 -W 1 ${a}`),
    fc.constantFrom("curl -s -m 2 baidu.com", "curl -s -m 2 http://localhost:2024/"),
  ),
);

describe("property: the walk on any rule set", () => {
  it("never throws, ends every packet exactly once, and exits with a real code", () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb, { maxLength: 6 }),
        fc.boolean(),
        fc.array(cmdArb, { minLength: 1, maxLength: 3 }),
        (rules, forward, cmds) => {
          let w = updateNetns(seedWorld(), "host", (ns) => {
            let nf = ns.netfilter;
            for (const argv of rules) {
              const r = runIptables(nf, argv);
              if (r.exitCode === 0) nf = r.nf;
            }
            return { ...ns, netfilter: nf, sysctl: { ...ns.sysctl, "net.ipv4.ip_forward": forward ? "1" : "0" } };
          });
          for (const [machine, line] of cmds) {
            const r = applyCommand(w, line, { machine });
            expect([0, 1, 2, 6, 7, 28, 52]).toContain(r.exitCode);
            const ends = new Map<number, number>();
            for (const e of r.events) {
              if (e.type === "deliver" || e.type === "drop") ends.set(e.packetId, (ends.get(e.packetId) ?? 0) + 1);
            }
            const packets = r.events
              .filter((e) => e.type === "packet")
              .map((e) => (e as { packetId: number }).packetId);
            for (const id of packets) expect(ends.get(id), `packet ${id} of ${line}`).toBe(1);
            w = r.world;
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
