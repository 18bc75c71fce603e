/**
 * Traverses one table's built-in chain for a packet, as the kernel's ipt_do_table /
 * nft_do_chain does: rules in order, jumps and gotos into user chains, RETURN, the
 * policy when a built-in chain runs out. Returns the verdict, every decision taken
 * (for the trace) and the table with its counters advanced; the input is never mutated.
 * Invariant: terminates for any rule set (jump depth and rule visits are bounded).
 */
import { LIMITS } from "../limits.ts";
import { ruleMatches, type MatchContext, type MatchPacket } from "./evaluate-match.ts";
import type { Chain, Counters, Rule, Table } from "./types.ts";

export type { MatchContext, MatchPacket } from "./evaluate-match.ts";

export type Verdict =
  | { readonly kind: "ACCEPT" }
  | { readonly kind: "DROP" }
  | { readonly kind: "REJECT"; readonly rejectWith?: string }
  | { readonly kind: "DNAT"; readonly toDestination: string }
  | { readonly kind: "SNAT"; readonly toSource: string }
  | { readonly kind: "MASQUERADE"; readonly toPorts?: string };

export type StepVerdict =
  "ACCEPT" | "DROP" | "REJECT" | "RETURN" | "JUMP" | "GOTO" | "CONTINUE" | "DNAT" | "SNAT" | "MASQUERADE";

/** One decision: a matching rule that did something, or a built-in chain's policy. */
export interface EvalStep {
  readonly chain: string;
  /** 1-based; 0 for the policy. */
  readonly ruleIndex: number;
  readonly rule?: Rule;
  readonly verdict: StepVerdict;
  readonly toChain?: string;
  /** True when the chain's policy decided. */
  readonly policy?: boolean;
}

export interface EvalResult {
  readonly table: Table;
  readonly verdict: Verdict;
  readonly steps: readonly EvalStep[];
  /** A `-j TRACE` rule matched: the packet is traced from here on. */
  readonly traced: boolean;
  /** Set when a bound was hit; the packet is dropped, as the kernel drops on a too-deep jump stack. */
  readonly error?: string;
}

interface Frame {
  chain: Chain;
  pos: number;
}

const ZERO: Counters = { packets: 0, bytes: 0 };

function add(c: Counters, len: number): Counters {
  return { packets: c.packets + 1, bytes: c.bytes + len };
}

/** Applies the collected counter hits, copying only the chains that changed. */
function withCounters(table: Table, hits: Map<string, number[]>, policyHit: string | undefined, len: number): Table {
  if (hits.size === 0 && policyHit === undefined) return table;
  const chains = table.chains.map((c) => {
    const ruleHits = hits.get(c.name);
    const pol = policyHit === c.name;
    if (!ruleHits && !pol) return c;
    let rules = c.rules;
    if (ruleHits) {
      const copy = rules.slice();
      for (const i of ruleHits) copy[i] = { ...copy[i]!, counters: add(copy[i]!.counters ?? ZERO, len) };
      rules = copy;
    }
    return { ...c, rules, policyCounters: pol ? add(c.policyCounters, len) : c.policyCounters };
  });
  return { chains };
}

/**
 * Runs `chainName` of `table` (a built-in chain: it needs a policy) for a packet of
 * `len` bytes. Unknown chain names accept, as a hook with no chain registered does.
 */
export function evaluateChain(
  table: Table,
  chainName: string,
  pkt: MatchPacket,
  ctx: MatchContext,
  len: number,
): EvalResult {
  const byName = new Map<string, Chain>();
  for (const c of table.chains) byName.set(c.name, c);
  const base = byName.get(chainName);
  if (!base) return { table, verdict: { kind: "ACCEPT" }, steps: [], traced: false };

  const steps: EvalStep[] = [];
  const hits = new Map<string, number[]>();
  const stack: Frame[] = [{ chain: base, pos: 0 }];
  let traced = false;
  let visits = 0;
  const hit = (chain: string, i: number) => {
    const list = hits.get(chain);
    if (list) list.push(i);
    else hits.set(chain, [i]);
  };
  const done = (verdict: Verdict, policyHit?: string, error?: string): EvalResult => ({
    table: withCounters(table, hits, policyHit, len),
    verdict,
    steps,
    traced,
    ...(error ? { error } : {}),
  });

  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.pos >= frame.chain.rules.length) {
      stack.pop();
      if (stack.length === 0) {
        const policy = base.policy ?? "ACCEPT";
        steps.push({ chain: base.name, ruleIndex: 0, verdict: policy, policy: true });
        return done({ kind: policy }, base.name);
      }
      continue;
    }
    if (++visits > LIMITS.maxRuleVisits) return done({ kind: "DROP" }, undefined, "too many rules visited");
    const index = frame.pos++;
    const rule = frame.chain.rules[index]!;
    if (!ruleMatches(rule, pkt, ctx)) continue;
    hit(frame.chain.name, index);
    const t = rule.target;
    const at = { chain: frame.chain.name, ruleIndex: index + 1, rule };
    if (!t) continue;
    switch (t.kind) {
      case "ACCEPT":
      case "DROP":
        steps.push({ ...at, verdict: t.kind });
        return done({ kind: t.kind });
      case "REJECT":
        steps.push({ ...at, verdict: "REJECT" });
        return done(t.rejectWith ? { kind: "REJECT", rejectWith: t.rejectWith } : { kind: "REJECT" });
      case "DNAT":
        steps.push({ ...at, verdict: "DNAT" });
        return done({ kind: "DNAT", toDestination: t.toDestination });
      case "SNAT":
        steps.push({ ...at, verdict: "SNAT" });
        return done({ kind: "SNAT", toSource: t.toSource });
      case "MASQUERADE":
        steps.push({ ...at, verdict: "MASQUERADE" });
        return done(t.toPorts ? { kind: "MASQUERADE", toPorts: t.toPorts } : { kind: "MASQUERADE" });
      case "LOG":
        steps.push({ ...at, verdict: "CONTINUE" });
        continue;
      case "TRACE":
        traced = true;
        steps.push({ ...at, verdict: "CONTINUE" });
        continue;
      case "RETURN":
        steps.push({ ...at, verdict: "RETURN" });
        stack.pop();
        if (stack.length === 0) {
          const policy = base.policy ?? "ACCEPT";
          steps.push({ chain: base.name, ruleIndex: 0, verdict: policy, policy: true });
          return done({ kind: policy }, base.name);
        }
        continue;
      case "jump": {
        const target = byName.get(t.chain);
        steps.push({ ...at, verdict: t.goto ? "GOTO" : "JUMP", toChain: t.chain });
        if (!target) continue;
        if (t.goto) stack.pop();
        if (stack.length >= LIMITS.maxChainJumpDepth) {
          return done({ kind: "DROP" }, undefined, "jump stack too deep");
        }
        stack.push({ chain: target, pos: 0 });
        continue;
      }
    }
  }
  return done({ kind: "ACCEPT" });
}
