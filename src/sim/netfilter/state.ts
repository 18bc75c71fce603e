/** Empty netfilter tables, as a fresh namespace has them: built-in chains, policy ACCEPT. */
import type { Chain, Hook, NetfilterState, TableName } from "./types.ts";

export const TABLE_HOOKS: Readonly<Record<TableName, readonly Hook[]>> = {
  raw: ["PREROUTING", "OUTPUT"],
  mangle: ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"],
  nat: ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"],
  filter: ["INPUT", "FORWARD", "OUTPUT"],
};

function builtin(name: string): Chain {
  return { name, policy: "ACCEPT", policyCounters: { packets: 0, bytes: 0 }, rules: [] };
}

export function createNetfilter(): NetfilterState {
  const table = (t: TableName) => ({ chains: TABLE_HOOKS[t].map(builtin) });
  return { raw: table("raw"), mangle: table("mangle"), nat: table("nat"), filter: table("filter") };
}
