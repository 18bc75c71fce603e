/** The hardening extensions: their save round trip, listing words, refusals, and the header matches' tests. */
import { describe, expect, it } from "vitest";
import { evaluateAndCount, type MatchContext, type MatchPacket } from "../../../../src/sim/netfilter/evaluate.ts";
import { parseRuleSpec } from "../../../../src/sim/netfilter/rule-parse.ts";
import { formatRuleLine, formatRuleSpec } from "../../../../src/sim/netfilter/rule-format.ts";
import { formatHashRate } from "../../../../src/sim/netfilter/rule-format-rate.ts";
import { parseHashRate } from "../../../../src/sim/netfilter/ext-parse-rate.ts";
import type { AddrType, Rule, Table, TableName } from "../../../../src/sim/netfilter/types.ts";

function rule(spec: string, table: TableName = "filter"): Rule {
  const r = parseRuleSpec(
    (spec.match(/"[^"]*"|\S+/g) ?? []).map((w) => w.replace(/^"|"$/g, "")),
    { table },
  );
  if (!r.ok) throw new Error(r.stderr);
  return r.rule;
}
const err = (spec: string) => {
  const r = parseRuleSpec(spec.split(" "));
  return r.ok ? "" : r.stderr.split("\n")[0];
};

describe("save form", () => {
  it.each([
    [
      "-m hashlimit --hashlimit-above 2/min --hashlimit-burst 2 --hashlimit-mode dstport,srcip --hashlimit-name web --hashlimit-srcmask 24",
      "-m hashlimit --hashlimit-above 2/min --hashlimit-burst 2 --hashlimit-mode srcip,dstport --hashlimit-name web --hashlimit-srcmask 24",
    ],
    [
      "-m hashlimit --hashlimit 5/s --hashlimit-name z",
      "-m hashlimit --hashlimit-upto 5/sec --hashlimit-burst 5 --hashlimit-name z",
    ],
    [
      "-m recent --update --seconds 60 --hitcount 3 --name web",
      "-m recent --update --seconds 60 --hitcount 3 --name web --mask 255.255.255.255 --rsource",
    ],
    ["-m recent ! --remove --rdest", "-m recent ! --remove --name DEFAULT --mask 255.255.255.255 --rdest"],
    ["-m connlimit --connlimit-above 0", "-m connlimit --connlimit-above 0 --connlimit-mask 32 --connlimit-saddr"],
    ["-m ttl ! --ttl-eq 64", "-m ttl ! --ttl-eq 64"],
    ["-m length --length 60", "-m length --length 60"],
    ["-m string --algo bm --string evil", '-m string --string "evil" --algo bm'],
    ["-m statistic --mode nth --every 3 --packet 1", "-m statistic --mode nth --every 3 --packet 1"],
    ["-m statistic --mode random --probability 0.5", "-m statistic --mode random --probability 0.50000000000"],
    ["-m time --timestart 01:00", "-m time --timestart 01:00:00 --timestop 23:59:59 --datestop 2038-01-19T03:14:07"],
    ["-m time --weekdays Sun,Mon --kerneltz", "-m time --weekdays Mon,Sun --datestop 2038-01-19T03:14:07 --kerneltz"],
  ])("%s", (spec, saved) => {
    expect(formatRuleSpec(rule(spec))).toBe(saved);
  });

  it("prints the mangle targets as iptables-save does", () => {
    expect(formatRuleSpec(rule("-j TTL --ttl-inc 5", "mangle"))).toBe("-j TTL --ttl-inc 5");
    expect(formatRuleSpec(rule("-j DSCP --set-dscp-class ef", "mangle"))).toBe("-j DSCP --set-dscp 0x2e");
    expect(formatRuleSpec(rule("-j TOS --set-tos Minimize-Delay", "mangle"))).toBe("-j TOS --set-tos 0x10/0x3f");
    expect(formatRuleSpec(rule("-j TOS --and-tos 0x0f", "mangle"))).toBe("-j TOS --set-tos 0x00/0xf0");
    expect(formatRuleSpec(rule("-p tcp -j TCPMSS --clamp-mss-to-pmtu", "mangle"))).toBe(
      "-p tcp -j TCPMSS --clamp-mss-to-pmtu",
    );
  });
});

describe("listing", () => {
  const list = (spec: string, numeric = true) =>
    formatRuleLine(rule(spec, "mangle"), 1, { numeric, verbose: false, exact: false, lineNumbers: false }).trimEnd();
  it.each([
    ["-m connlimit --connlimit-upto 1 --connlimit-mask 24", "#conn src/24 <= 1"],
    ["-m recent --rcheck --rttl --name a --rdest", "recent: CHECK TTL-Match name: a side: dest mask: 255.255.255.255"],
    [
      "-m time --monthdays 1,2,3,11,22 --datestart 2024-01-01",
      "TIME on 1st,2nd,3rd,11th,22nd starting from 2024-01-01 00:00:00 UTC",
    ],
    [
      "-m string --algo kmp ! --string admin --from 40 --to 200 --icase",
      'STRING match ! "admin" ALGO name kmp FROM 40 TO 200 ICASE',
    ],
  ])("%s", (spec, text) => {
    expect(list(spec).endsWith(` ${text}`)).toBe(true);
  });

  it("names a TOS value under the 0x3f mask only without -n", () => {
    expect(list("-j TOS --set-tos Minimize-Delay", false).endsWith("anywhere              TOS setMinimize-Delay")).toBe(
      true,
    );
    expect(list("-j TOS --set-tos Minimize-Delay", true).endsWith("0.0.0.0/0            TOS set 0x10/0x3f")).toBe(true);
  });
});

describe("refusals", () => {
  it.each([
    ["-m hashlimit --hashlimit-upto 2/min", 'hashlimit: option "--hashlimit-name" must be specified'],
    ["-m hashlimit --hashlimit-name x", "You have to specify --hashlimit"],
    ["-m recent --set --rcheck", 'recent: option "--set" cannot be used together with "--rcheck".'],
    ["-m ttl --ttl-eq 5 --ttl-lt 3", 'ttl: option "--ttl-lt" cannot be used together with "--ttl-eq".'],
    ["-m statistic --mode nth --every 2 --packet 5", "the --packet p must be 0 <= p <= n-1"],
    ["-m set --match-set bad src", "Set bad doesn't exist."],
    ["-m set --match-set bad", "--match-set requires two args."],
    ["-m statistic --mode nth --every 2", 'statistic: option "--every" also requires "--packet".'],
  ])("%s", (spec, first) => {
    expect(err(spec)).toBe(`iptables v1.8.9 (nf_tables): ${first}`);
  });
});

describe("rates", () => {
  it("reads and prints hashlimit's periods in microseconds", () => {
    expect(parseHashRate("2/min")).toBe(30_000_000);
    expect(formatHashRate(parseHashRate("100/hour")!)).toBe("100/hour");
    expect(parseHashRate("fast")).toBeUndefined();
  });
});

describe("header matches", () => {
  const ctx = (over: Partial<MatchContext> = {}): MatchContext => ({
    ctstate: "NEW",
    addrTypeOf: (): AddrType => "UNICAST",
    ...over,
  });
  const tbl = (specs: string[]): Table => ({
    chains: [
      { name: "FORWARD", policy: "ACCEPT", policyCounters: { packets: 0, bytes: 0 }, rules: specs.map((s) => rule(s)) },
    ],
  });
  const get: MatchPacket = {
    proto: "tcp",
    src: "10.88.0.1",
    dst: "172.17.0.2",
    sport: 40000,
    dport: 80,
    ttl: 63,
    len: 52 + 20,
    data: "GET /admin HTTP/1.1\r\n",
  };
  const verdict = (spec: string, c = ctx()) => evaluateAndCount(tbl([spec]), "FORWARD", get, c, 0).verdict.kind;

  it("finds the request line, honouring --icase and the offsets", () => {
    expect(verdict("-m string --algo bm --string /admin -j DROP")).toBe("DROP");
    expect(verdict("-m string --algo bm --string /ADMIN -j DROP")).toBe("ACCEPT");
    expect(verdict("-m string --algo bm --string /ADMIN --icase -j DROP")).toBe("DROP");
    expect(verdict("-m string --algo bm --string /admin --to 20 -j DROP")).toBe("ACCEPT");
  });

  it("tests the TTL a mangle TTL target left, and the length", () => {
    expect(verdict("-m ttl --ttl-eq 63 -j DROP")).toBe("DROP");
    expect(verdict("-m ttl --ttl-lt 9 -j DROP", ctx({ ttl: 8 }))).toBe("DROP");
    expect(verdict("-m length --length 72 -j DROP")).toBe("DROP");
    expect(verdict("-m length ! --length 0:100 -j DROP")).toBe("ACCEPT");
  });

  it("sets the TTL for the rules after it", () => {
    const t: Table = {
      chains: [
        {
          name: "PREROUTING",
          policy: "ACCEPT",
          policyCounters: { packets: 0, bytes: 0 },
          rules: ["-j TTL --ttl-set 5", "-m ttl --ttl-eq 5 -j DROP"].map((s) => rule(s, "mangle")),
        },
      ],
    };
    expect(evaluateAndCount(t, "PREROUTING", get, ctx(), 0).verdict.kind).toBe("DROP");
  });
});
