/**
 * Where the kernel lets a rule run: a target's table and hooks (xt targets' .table and
 * .hooks), and the hooks a match's module allows, as nf_tables checks them on a rule
 * and on every base chain that reaches it.
 */
import { TABLE_HOOKS } from "./state.ts";
import type { Rule, TableName } from "./types.ts";

export function isBuiltinChain(table: TableName, chain: string): boolean {
  return (TABLE_HOOKS[table] as readonly string[]).includes(chain);
}

/** Where the kernel lets a target run: its table, and the hooks of the base chains that reach it. */
const ALL_HOOKS = ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"];
export const TARGET_PLACES: Readonly<Partial<Record<string, { table?: TableName; hooks: readonly string[] }>>> = {
  DNAT: { table: "nat", hooks: ["PREROUTING", "OUTPUT"] },
  SNAT: { table: "nat", hooks: ["POSTROUTING", "INPUT"] },
  MASQUERADE: { table: "nat", hooks: ["POSTROUTING"] },
  REDIRECT: { table: "nat", hooks: ["PREROUTING", "OUTPUT"] },
  NETMAP: { table: "nat", hooks: ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"] },
  REJECT: { table: "filter", hooks: ["INPUT", "FORWARD", "OUTPUT"] },
  CT: { table: "raw", hooks: ["PREROUTING", "OUTPUT"] },
  TTL: { table: "mangle", hooks: ALL_HOOKS },
  DSCP: { table: "mangle", hooks: ALL_HOOKS },
  TOS: { table: "mangle", hooks: ALL_HOOKS },
};

/** xt_TCPMSS: path-MTU clamping only where the route out is known. */
const CLAMP_HOOKS = ["FORWARD", "OUTPUT", "POSTROUTING"];

/** The hooks a match's kernel module allows (xt_owner: local output; xt_mac: frames that arrived). */
const MATCH_HOOKS: Readonly<Partial<Record<string, readonly string[]>>> = {
  owner: ["OUTPUT", "POSTROUTING"],
  mac: ["PREROUTING", "INPUT", "FORWARD"],
};

/** The hooks a rule may run at (every hook when nothing restricts it). */
export function ruleHooks(table: TableName, rule: Rule): readonly string[] | undefined {
  let hooks: readonly string[] | undefined;
  const place = rule.target ? TARGET_PLACES[rule.target.kind] : undefined;
  if (place) hooks = place.hooks;
  if (rule.target?.kind === "TCPMSS" && rule.target.mss === undefined) hooks = CLAMP_HOOKS;
  for (const m of rule.matches) {
    const h = MATCH_HOOKS[m.module];
    if (h) hooks = hooks ? hooks.filter((x) => h.includes(x)) : h;
  }
  if (!hooks) return undefined;
  const allowed = hooks;
  return (TABLE_HOOKS[table] as readonly string[]).filter((x) => allowed.includes(x));
}

/** Whether the kernel accepts this target in this chain: NAT targets only at their hooks, REJECT only when filtering. */
export function targetAllowed(table: TableName, chain: string, rule: Rule): boolean {
  const place = rule.target ? TARGET_PLACES[rule.target.kind] : undefined;
  if (place?.table !== undefined && place.table !== table) return false;
  const hooks = ruleHooks(table, rule);
  if (!hooks) return true;
  return hooks.length > 0 && (!isBuiltinChain(table, chain) || hooks.includes(chain));
}
