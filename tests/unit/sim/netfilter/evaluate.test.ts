/** Chain traversal: matches with `!`, wildcards and ranges, targets, jumps/gotos/RETURN, policy, counters, bounds. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  evaluateAndCount as evaluateChain,
  type MatchContext,
  type MatchPacket,
} from "../../../../src/sim/netfilter/evaluate.ts";
import {
  compiledMatches,
  compileHeader,
  headerMatches,
  packetAddrs,
  restMatches,
  ruleMatches,
} from "../../../../src/sim/netfilter/evaluate-match.ts";
import { parseRuleSpec } from "../../../../src/sim/netfilter/rule-parse.ts";
import type { AddrType, Chain, Rule, Table } from "../../../../src/sim/netfilter/types.ts";

function rule(spec: string): Rule {
  const r = parseRuleSpec(spec.split(" "));
  if (!r.ok) throw new Error(r.stderr);
  return r.rule;
}

function table(chains: Record<string, { policy?: "ACCEPT" | "DROP"; rules: string[] }>): Table {
  return {
    chains: Object.entries(chains).map(([name, c]): Chain => ({
      name,
      ...(c.policy ? { policy: c.policy } : {}),
      policyCounters: { packets: 0, bytes: 0 },
      rules: c.rules.map(rule),
    })),
  };
}

const LOCAL = new Set(["10.88.0.4", "172.17.0.1", "127.0.0.1"]);
const ctx = (over: Partial<MatchContext> = {}): MatchContext => ({
  inIface: "eth0",
  outIface: "docker0",
  ctstate: "NEW",
  addrTypeOf: (a): AddrType => (LOCAL.has(a) ? "LOCAL" : "UNICAST"),
  ...over,
});
const syn: MatchPacket = { proto: "tcp", src: "10.88.0.1", dst: "172.17.0.2", sport: 40000, dport: 80, flags: ["SYN"] };

describe("matches", () => {
  const verdictOf = (spec: string, pkt: MatchPacket = syn, c: MatchContext = ctx()) =>
    evaluateChain(table({ FORWARD: { policy: "DROP", rules: [spec] } }), "FORWARD", pkt, c, 60).verdict.kind;

  it.each([
    ["-s 10.88.0.0/16 -j ACCEPT", "ACCEPT"],
    ["! -s 10.88.0.0/16 -j ACCEPT", "DROP"],
    ["-d 172.17.0.2/32 -j ACCEPT", "ACCEPT"],
    ["-d 172.17.0.3/32 -j ACCEPT", "DROP"],
    ["-i eth+ -j ACCEPT", "ACCEPT"],
    ["! -i eth+ -j ACCEPT", "DROP"],
    ["-o docker0 -j ACCEPT", "ACCEPT"],
    ["-i docker0 ! -o docker0 -j ACCEPT", "DROP"],
    ["-p tcp -m tcp --dport 80 -j ACCEPT", "ACCEPT"],
    ["-p tcp -m tcp --dport 8000:8080 -j ACCEPT", "DROP"],
    ["-p tcp -m tcp --dport 1:100 -j ACCEPT", "ACCEPT"],
    ["-p tcp -m tcp ! --dport 80 -j ACCEPT", "DROP"],
    ["-p tcp -m tcp --sport 32768:60999 -j ACCEPT", "ACCEPT"],
    ["-p udp -j ACCEPT", "DROP"],
    ["! -p udp -j ACCEPT", "ACCEPT"],
    ["-p tcp --syn -j ACCEPT", "ACCEPT"],
    ["-m addrtype --dst-type LOCAL -j ACCEPT", "DROP"],
    ["-m addrtype ! --dst-type LOCAL -j ACCEPT", "ACCEPT"],
    ["-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", "DROP"],
    ["-m state --state NEW -j ACCEPT", "ACCEPT"],
    ['-m comment --comment "hi" -j ACCEPT', "ACCEPT"],
    ["-j REJECT", "REJECT"],
  ])("%s → %s", (spec, expected) => {
    expect(verdictOf(spec)).toBe(expected);
  });

  it("tests ICMP types and conntrack states", () => {
    const ping: MatchPacket = { proto: "icmp", src: "172.17.0.2", dst: "203.0.113.10", icmpType: "echo-request" };
    expect(verdictOf("-p icmp -m icmp --icmp-type echo-request -j ACCEPT", ping)).toBe("ACCEPT");
    expect(verdictOf("-p icmp -m icmp --icmp-type echo-reply -j ACCEPT", ping)).toBe("DROP");
    expect(
      verdictOf("-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", syn, ctx({ ctstate: "ESTABLISHED" })),
    ).toBe("ACCEPT");
  });
});

describe("traversal", () => {
  const docker = table({
    FORWARD: { policy: "DROP", rules: ["-j DOCKER-USER", "-o docker0 -j DOCKER", "-i docker0 ! -o docker0 -j ACCEPT"] },
    DOCKER: { rules: ["-d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT"] },
    "DOCKER-USER": { rules: ["-j RETURN"] },
  });

  it("jumps, returns and accepts, recording each decision and counting every matching rule", () => {
    const r = evaluateChain(docker, "FORWARD", syn, ctx(), 60);
    expect(r.verdict).toEqual({ kind: "ACCEPT" });
    expect(r.steps.map((s) => [s.chain, s.ruleIndex, s.verdict, s.toChain])).toEqual([
      ["FORWARD", 1, "JUMP", "DOCKER-USER"],
      ["DOCKER-USER", 1, "RETURN", undefined],
      ["FORWARD", 2, "JUMP", "DOCKER"],
      ["DOCKER", 1, "ACCEPT", undefined],
    ]);
    const counts = r.table.chains.map((c) => [c.name, c.rules.map((x) => x.counters)]);
    expect(counts).toEqual([
      [
        "FORWARD",
        [
          { packets: 1, bytes: 60 },
          { packets: 1, bytes: 60 },
          { packets: 0, bytes: 0 },
        ],
      ],
      ["DOCKER", [{ packets: 1, bytes: 60 }]],
      ["DOCKER-USER", [{ packets: 1, bytes: 60 }]],
    ]);
    // The input table is untouched.
    expect(docker.chains[0]!.rules[0]!.counters.packets).toBe(0);
  });

  it("falls off a built-in chain to its policy and counts it there", () => {
    const r = evaluateChain(docker, "FORWARD", { ...syn, dport: 22 }, ctx(), 60);
    expect(r.verdict).toEqual({ kind: "DROP" });
    expect(r.steps.at(-1)).toEqual({ chain: "FORWARD", ruleIndex: 0, verdict: "DROP", policy: true });
    expect(r.table.chains[0]!.policyCounters).toEqual({ packets: 1, bytes: 60 });
  });

  it("a goto does not come back: the end of the target chain is the policy", () => {
    const t = table({ INPUT: { policy: "DROP", rules: ["-g X", "-j ACCEPT"] }, X: { rules: [] } });
    const r = evaluateChain(t, "INPUT", syn, ctx(), 60);
    expect(r.verdict.kind).toBe("DROP");
    expect(r.steps.map((s) => s.verdict)).toEqual(["GOTO", "DROP"]);
  });

  it("returns NAT verdicts with their targets, and marks TRACE without stopping", () => {
    const t = table({
      PREROUTING: {
        policy: "ACCEPT",
        rules: ["-j TRACE", "-p tcp -m tcp --dport 80 -j DNAT --to-destination 172.17.0.2:80"],
      },
    });
    const r = evaluateChain(t, "PREROUTING", syn, ctx(), 60);
    expect(r.traced).toBe(true);
    expect(r.verdict).toEqual({ kind: "DNAT", toDestination: "172.17.0.2:80" });
    expect(r.steps.map((s) => s.verdict)).toEqual(["CONTINUE", "DNAT"]);
  });

  it("a loop of user chains terminates (the jump stack is bounded) and drops", () => {
    const t = table({ INPUT: { policy: "ACCEPT", rules: ["-j A"] }, A: { rules: ["-j B"] }, B: { rules: ["-j A"] } });
    const r = evaluateChain(t, "INPUT", syn, ctx(), 60);
    expect(r.verdict.kind).toBe("DROP");
    expect(r.error).toBe("jump stack too deep");
  });
});

describe("property: any packet through any rule set", () => {
  const names = ["INPUT", "A", "B", "C"];
  const specArb = fc.oneof(
    fc.constantFrom(
      "-j ACCEPT",
      "-j DROP",
      "-j RETURN",
      "-j REJECT",
      "-j LOG",
      "-j TRACE",
      "-p tcp -j ACCEPT",
      "-p udp -j DROP",
    ),
    fc.constantFrom(...names.slice(1)).map((c) => `-j ${c}`),
    fc.constantFrom(...names.slice(1)).map((c) => `-p tcp -m tcp --dport 80 -g ${c}`),
    fc.integer({ min: 0, max: 32 }).map((n) => `-s 10.0.0.0/${n} -j RETURN`),
  );
  const tableArb = fc
    .tuple(...names.map(() => fc.array(specArb, { maxLength: 6 })))
    .map((lists) =>
      table(
        Object.fromEntries(
          names.map((n, i) => [
            n,
            n === "INPUT" ? { policy: "ACCEPT" as const, rules: lists[i]! } : { rules: lists[i]! },
          ]),
        ),
      ),
    );
  const pktArb = fc.record({
    proto: fc.constantFrom("tcp" as const, "udp" as const, "icmp" as const),
    src: fc.constantFrom("10.0.0.1", "172.17.0.2", "203.0.113.10"),
    dst: fc.constantFrom("10.88.0.4", "172.17.0.2"),
    sport: fc.integer({ min: 1, max: 65535 }),
    dport: fc.integer({ min: 1, max: 65535 }),
  });

  it("never throws, always ends with a verdict, and counts exactly one policy hit at most", () => {
    fc.assert(
      fc.property(tableArb, pktArb, (t, pkt) => {
        const r = evaluateChain(t, "INPUT", pkt, ctx(), 40);
        expect(["ACCEPT", "DROP", "REJECT"]).toContain(r.verdict.kind);
        const policies = r.table.chains.reduce((n, c) => n + c.policyCounters.packets, 0);
        expect(policies).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});

describe("property: the compiled header test agrees with the plain one", () => {
  it("for random -s/-d/-p rules and packets", () => {
    const addr = fc
      .tuple(
        fc.constantFrom(10, 172, 203),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 255 }),
      )
      .map((a) => a.join("."));
    const specArb = fc.record({
      src: fc.option(fc.tuple(fc.boolean(), addr, fc.integer({ min: 0, max: 32 }))),
      dst: fc.option(fc.tuple(fc.boolean(), addr, fc.integer({ min: 0, max: 32 }))),
      proto: fc.option(fc.tuple(fc.boolean(), fc.constantFrom("tcp", "udp", "icmp", "all"))),
    });
    fc.assert(
      fc.property(
        specArb,
        addr,
        addr,
        fc.constantFrom("tcp" as const, "udp" as const, "icmp" as const),
        (spec, src, dst, proto) => {
          const parts: string[] = [];
          if (spec.src) parts.push(...(spec.src[0] ? ["!"] : []), "-s", `${spec.src[1]}/${spec.src[2]}`);
          if (spec.dst) parts.push(...(spec.dst[0] ? ["!"] : []), "-d", `${spec.dst[1]}/${spec.dst[2]}`);
          if (spec.proto && !(spec.proto[0] && spec.proto[1] === "all"))
            parts.push(...(spec.proto[0] ? ["!"] : []), "-p", spec.proto[1]);
          const r = parseRuleSpec([...parts, "-j", "ACCEPT"]);
          if (!r.ok) return;
          const pkt: MatchPacket = { proto, src, dst, sport: 1, dport: 2 };
          const a = packetAddrs(pkt);
          expect(headerMatches(compileHeader(r.rule), a.src, a.dst, proto) && restMatches(r.rule, pkt, ctx())).toBe(
            ruleMatches(r.rule, pkt, ctx()),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it("compiledMatches agrees with ruleMatches on interfaces, ports and -m matches", () => {
    const iface = fc.constantFrom("docker0", "eth0", "veth1a2b", "br-1", undefined);
    const pattern = fc.constantFrom("docker0", "eth0", "veth+", "br-+", "+");
    const port = fc.integer({ min: 1, max: 12 });
    const specArb = fc.record({
      in: fc.option(fc.tuple(fc.boolean(), pattern)),
      out: fc.option(fc.tuple(fc.boolean(), pattern)),
      proto: fc.constantFrom("tcp", "udp", "icmp"),
      sport: fc.option(fc.tuple(fc.boolean(), port, fc.integer({ min: 0, max: 3 }))),
      dport: fc.option(fc.tuple(fc.boolean(), port, fc.integer({ min: 0, max: 3 }))),
      state: fc.option(fc.tuple(fc.boolean(), fc.constantFrom("NEW", "ESTABLISHED", "NEW,ESTABLISHED"))),
    });
    fc.assert(
      fc.property(
        specArb,
        fc.constantFrom("tcp" as const, "udp" as const, "icmp" as const),
        fc.option(port),
        fc.option(port),
        iface,
        iface,
        fc.constantFrom("NEW" as const, "ESTABLISHED" as const),
        (spec, proto, sport, dport, inIface, outIface, ctstate) => {
          const parts: string[] = [];
          if (spec.in) parts.push(...(spec.in[0] ? ["!"] : []), "-i", spec.in[1]);
          if (spec.out) parts.push(...(spec.out[0] ? ["!"] : []), "-o", spec.out[1]);
          parts.push("-p", spec.proto);
          if (spec.proto !== "icmp" && (spec.sport || spec.dport)) {
            parts.push("-m", spec.proto);
            for (const [flag, p] of [
              ["--sport", spec.sport],
              ["--dport", spec.dport],
            ] as const) {
              if (p) parts.push(...(p[0] ? ["!"] : []), flag, p[2] ? `${p[1]}:${p[1] + p[2]}` : String(p[1]));
            }
          }
          if (spec.state) parts.push("-m", "conntrack", ...(spec.state[0] ? ["!"] : []), "--ctstate", spec.state[1]);
          const r = parseRuleSpec([...parts, "-j", "ACCEPT"]);
          if (!r.ok) return;
          const pkt: MatchPacket =
            proto === "icmp"
              ? { proto, src: "10.0.0.1", dst: "10.0.0.2", icmpType: "echo-request" }
              : {
                  proto,
                  src: "10.0.0.1",
                  dst: "10.0.0.2",
                  ...(sport !== null ? { sport } : {}),
                  ...(dport !== null ? { dport } : {}),
                };
          const c = ctx({ inIface, outIface, ctstate });
          const a = packetAddrs(pkt);
          expect(compiledMatches(compileHeader(r.rule), r.rule, a.src, a.dst, pkt, c)).toBe(
            ruleMatches(r.rule, pkt, c),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});
