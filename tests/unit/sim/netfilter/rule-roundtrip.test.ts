/** Any rule iptables can hold prints (`-S`) and parses back to itself. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatIpv4, maskOf } from "../../../../src/sim/ipv4.ts";
import { splitRestoreLine } from "../../../../src/sim/netfilter/iptables-save.ts";
import { formatRuleSpec } from "../../../../src/sim/netfilter/rule-format.ts";
import { CT_STATE_ORDER, TCP_FLAG_ORDER, parseRuleSpec } from "../../../../src/sim/netfilter/rule-parse.ts";
import type { Match, Neg, Rule, Target } from "../../../../src/sim/netfilter/types.ts";

const neg = <T>(v: fc.Arbitrary<T>): fc.Arbitrary<Neg<T>> => fc.record({ value: v, negated: fc.boolean() });
const opt = <T>(v: fc.Arbitrary<T>) => fc.option(v, { nil: undefined });

const cidr = fc
  .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 32 }))
  .map(([a, len]) => `${formatIpv4((a & maskOf(len)) >>> 0)}/${len}`);
const iface = fc.stringMatching(/^[a-z][a-z0-9]{0,8}\+?$/);
const port = fc.integer({ min: 0, max: 65535 });
const range = fc.tuple(port, port).map(([a, b]) => ({ from: Math.min(a, b), to: Math.max(a, b) }));
/** iptables-nft's canonical port tests: never the full range, never an inverted range from 0. */
const portTest = neg(range).filter(
  (p) => !(p.value.from === 0 && p.value.to === 65535) && !(p.negated && p.value.from === 0),
);
const subset = <T>(all: readonly T[], min = 0) =>
  fc.subarray([...all], { minLength: min }).map((s) => all.filter((x) => s.includes(x)));
const comment = fc.stringMatching(/^[A-Za-z0-9 _:.\-"'\\]{1,20}$/).filter((s) => s.trim() === s && s !== "");

function ruleArb(): fc.Arbitrary<Rule> {
  return fc
    .record({
      src: opt(neg(cidr)),
      dst: opt(neg(cidr)),
      inIface: opt(neg(iface)),
      outIface: opt(neg(iface)),
      proto: opt(neg(fc.constantFrom("tcp", "udp", "icmp", "gre"))),
      l4: fc.constantFrom("tcp", "udp", "icmp", "none"),
      tcp: fc.record({ sport: opt(portTest), dport: opt(portTest) }),
      flags: opt(neg(fc.record({ mask: subset(TCP_FLAG_ORDER), comp: subset(TCP_FLAG_ORDER) }))),
      icmpType: neg(fc.constantFrom("any", "8", "0", "3/1", "11")),
      addrtype: opt(
        fc.record({
          srcType: opt(neg(fc.constantFrom("LOCAL" as const, "UNICAST" as const))),
          dstType: neg(fc.constantFrom("LOCAL" as const, "BROADCAST" as const)),
        }),
      ),
      ctstate: opt(neg(subset(CT_STATE_ORDER, 1))),
      state: opt(neg(subset(CT_STATE_ORDER.slice(0, 5), 1))),
      comment: opt(comment),
      order: fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
      target: opt(
        fc.oneof(
          fc.constantFrom<Target>(
            { kind: "ACCEPT" },
            { kind: "DROP" },
            { kind: "RETURN" },
            { kind: "TRACE" },
            { kind: "MASQUERADE" },
          ),
          fc
            .constantFrom("icmp-port-unreachable", "icmp-host-prohibited", "tcp-reset")
            .map((r): Target => ({ kind: "REJECT", rejectWith: r })),
          fc.record({ prefix: opt(comment), level: opt(fc.constantFrom("0", "3", "7")) }).map((l): Target => ({
            kind: "LOG",
            ...(l.prefix !== undefined ? { prefix: l.prefix } : {}),
            ...(l.level !== undefined ? { level: l.level } : {}),
          })),
          cidr.map((c): Target => ({ kind: "DNAT", toDestination: c.split("/")[0]! })),
          cidr.map((c): Target => ({ kind: "SNAT", toSource: c.split("/")[0]! })),
          fc
            .tuple(fc.constantFrom("DOCKER", "DOCKER-USER", "my_chain"), fc.boolean())
            .map(([chain, goto]): Target => (goto ? { kind: "jump", chain, goto: true } : { kind: "jump", chain })),
        ),
      ),
    })
    .map((g) => {
      const matches: Match[] = [];
      // A tcp/udp match that tests something needs `-p` naming it (nft's native form).
      const l4Ok = (m: "tcp" | "udp") => g.proto?.value === m;
      if (g.l4 === "tcp" && (Object.keys(strip(g.tcp)).length > 0 || g.flags) && !l4Ok("tcp")) g.l4 = "none";
      if (g.l4 === "udp" && Object.keys(strip(g.tcp)).length > 0 && !l4Ok("udp")) g.l4 = "none";
      if (g.l4 === "tcp") matches.push({ module: "tcp", ...strip(g.tcp), ...(g.flags ? { tcpFlags: g.flags } : {}) });
      if (g.l4 === "udp") matches.push({ module: "udp", ...strip(g.tcp) });
      if (g.l4 === "icmp") matches.push({ module: "icmp", icmpType: g.icmpType });
      if (g.addrtype) matches.push({ module: "addrtype", ...strip(g.addrtype) });
      if (g.ctstate) matches.push({ module: "conntrack", ctstate: g.ctstate });
      if (g.state) matches.push({ module: "state", state: g.state });
      if (g.comment !== undefined) matches.push({ module: "comment", comment: g.comment });
      // Shuffle deterministically: iptables keeps matches in the order -m named them.
      const keyed = matches.map((m, i) => [g.order[i % 5]! * 10 + i, m] as const).sort((a, b) => a[0] - b[0]);
      const rule = strip({
        src: g.src,
        dst: g.dst,
        inIface: g.inIface,
        outIface: g.outIface,
        proto: g.proto,
        matches: keyed.map(([, m]) => m),
        target: g.target,
        counters: { packets: 0, bytes: 0 },
      });
      return rule;
    });
}

function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

describe("formatRuleSpec ∘ parseRuleSpec", () => {
  it("is the identity on rules", () => {
    fc.assert(
      fc.property(ruleArb(), (rule) => {
        const text = formatRuleSpec(rule);
        const parsed = parseRuleSpec(splitRestoreLine(text));
        if (!parsed.ok) throw new Error(`${text}: ${parsed.stderr}`);
        expect(parsed.rule).toEqual(rule);
      }),
      { numRuns: 500 },
    );
  });
});
