/** The pure table operations: new states out, inputs untouched, refusals as values. */
import { describe, expect, it } from "vitest";
import { parseRuleSpec } from "../../../../src/sim/netfilter/rule-parse.ts";
import { createNetfilter } from "../../../../src/sim/netfilter/state.ts";
import {
  appendRule,
  countReferences,
  deleteChain,
  deleteRuleNum,
  insertRule,
  newChain,
  setPolicy,
  zeroCounters,
  type OpResult,
} from "../../../../src/sim/netfilter/table-ops.ts";
import type { NetfilterState, Rule } from "../../../../src/sim/netfilter/types.ts";

const rule = (spec: string): Rule => {
  const r = parseRuleSpec(spec.split(" "));
  if (!r.ok) throw new Error(r.stderr);
  return r.rule;
};
const get = (r: OpResult): NetfilterState => {
  if (!r.ok) throw new Error(r.message);
  return r.nf;
};
const names = (nf: NetfilterState, chain: string) =>
  nf.filter.chains
    .find((c) => c.name === chain)!
    .rules.map((r) => (r.target?.kind === "jump" ? r.target.chain : r.target?.kind));

describe("table-ops", () => {
  it("returns new states and never mutates the input", () => {
    const nf0 = createNetfilter();
    const frozen = JSON.stringify(nf0);
    const nf1 = get(appendRule(nf0, "filter", "INPUT", rule("-j ACCEPT")));
    const nf2 = get(insertRule(nf1, "filter", "INPUT", rule("-j DROP"), 1));
    expect(JSON.stringify(nf0)).toBe(frozen);
    expect(names(nf2, "INPUT")).toEqual(["DROP", "ACCEPT"]);
    expect(names(get(deleteRuleNum(nf2, "filter", "INPUT", 2)), "INPUT")).toEqual(["DROP"]);
  });

  it("keeps user chains sorted by name and counts references", () => {
    let nf = get(newChain(createNetfilter(), "filter", "zeta"));
    nf = get(newChain(nf, "filter", "DOCKER"));
    nf = get(appendRule(nf, "filter", "FORWARD", rule("-j DOCKER")));
    nf = get(appendRule(nf, "filter", "zeta", rule("-g DOCKER")));
    expect(nf.filter.chains.map((c) => c.name)).toEqual(["INPUT", "FORWARD", "OUTPUT", "DOCKER", "zeta"]);
    expect(countReferences(nf, "filter", "DOCKER")).toBe(2);
  });

  it("refuses what the kernel refuses, as values", () => {
    let nf = get(newChain(createNetfilter(), "nat", "LAB"));
    nf = get(appendRule(nf, "nat", "LAB", rule("-j MASQUERADE")));
    expect(appendRule(nf, "nat", "PREROUTING", rule("-j LAB"))).toEqual({
      ok: false,
      kind: "nft",
      message: " RULE_APPEND failed (Invalid argument): rule in chain PREROUTING",
      exitCode: 4,
    });
    nf = get(appendRule(nf, "nat", "POSTROUTING", rule("-j LAB")));
    expect(appendRule(nf, "nat", "LAB", rule("-j LAB"))).toMatchObject({
      ok: false,
      message: " RULE_APPEND failed (Too many links): rule in chain LAB",
    });
    expect(deleteChain(nf, "nat", "LAB")).toMatchObject({
      ok: false,
      message: " CHAIN_DEL failed (Device or resource busy): chain LAB",
    });
    expect(newChain(nf, "nat", "LAB")).toMatchObject({ ok: false, kind: "errno", message: "Chain already exists." });
    expect(setPolicy(nf, "filter", "INPUT", "RETURN")).toMatchObject({
      ok: false,
      message: "Bad policy name. Run `dmesg' for more information.",
    });
    expect(setPolicy(nf, "filter", "LAB", "DROP")).toMatchObject({ ok: false, message: "Bad built-in chain name." });
  });

  it("knows which built-in chains nf_tables has made", () => {
    const nf0 = createNetfilter();
    expect(deleteRuleNum(nf0, "filter", "INPUT", 1)).toMatchObject({
      ok: false,
      message: "No chain/target/match by that name.",
    });
    expect(zeroCounters(nf0, "filter", "INPUT")).toMatchObject({
      ok: false,
      message: "No chain/target/match by that name.",
    });
    const nf1 = get(setPolicy(nf0, "filter", "INPUT", "DROP"));
    expect(deleteRuleNum(nf1, "filter", "INPUT", 1)).toMatchObject({
      ok: false,
      message: "Index of deletion too big.",
    });
    expect(get(zeroCounters(nf1, "filter", "INPUT")).filter.chains[0]).toMatchObject({ policy: "DROP", exists: true });
  });
});
