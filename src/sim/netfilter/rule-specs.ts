/**
 * Rules' specs as iptables-save prints them, cached per rule object and indexed per
 * rules array: what -C and -D compare, in O(1) for a rule that is absent.
 */
import { formatRuleSpec } from "./rule-format.ts";
import type { Rule } from "./types.ts";

/**
 * Each rule's spec as iptables-save prints it, kept per rule object: rules are
 * immutable, and -C/-D compare one rule with every rule of a chain (dockerd's
 * `-C` before each of its rules would otherwise print a 5,000-rule chain each time).
 */
export const SPECS = new WeakMap<Rule, string>();

export function specOf(r: Rule): string {
  let s = SPECS.get(r);
  if (s === undefined) SPECS.set(r, (s = formatRuleSpec(r)));
  return s;
}

/** Same rule, whatever its counters: what -D and -C look for. */
export function sameRule(a: Rule, b: Rule): boolean {
  return a === b || specOf(a) === specOf(b);
}

/**
 * The specs a chain's rules array holds, counted, so that -C and -D learn in O(1) that a
 * rule is absent (dockerd checks each of its rules before adding it). Built on first use;
 * an append or insert hands the index of the array it copied over to the new array
 * (the old one, kept only by undo history, rebuilds its own if it is ever asked again).
 */
export const SPEC_INDEX = new WeakMap<readonly Rule[], Map<string, number>>();

export function specIndex(rules: readonly Rule[]): Map<string, number> {
  let m = SPEC_INDEX.get(rules);
  if (!m) {
    m = new Map();
    for (const r of rules) m.set(specOf(r), (m.get(specOf(r)) ?? 0) + 1);
    SPEC_INDEX.set(rules, m);
  }
  return m;
}

export function handOver(from: readonly Rule[], to: readonly Rule[], added: Rule): void {
  const m = SPEC_INDEX.get(from);
  if (!m) return;
  SPEC_INDEX.delete(from);
  m.set(specOf(added), (m.get(specOf(added)) ?? 0) + 1);
  SPEC_INDEX.set(to, m);
}
