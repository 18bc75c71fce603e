/**
 * The walk's own copy of a namespace's conntrack table, and the CONNMARK changes made
 * to it. Shared by the hooks (hooks.ts) and the rule targets (tables.ts), so neither
 * has to import the other.
 */
import type { ConntrackEntry } from "../../netfilter/conntrack-types.ts";
import type { WalkState } from "./context.ts";
import type { Visit } from "./visit.ts";

/**
 * The visit's namespace with a conntrack table of the walk's own, to change in place:
 * copied on the first change in a command, never again until `worldOf` hands it out
 * (the input world's namespaces and tables are never touched).
 */
export function ownConntrack(st: WalkState, v: Visit, table: readonly ConntrackEntry[]): ConntrackEntry[] {
  let ns = v.ns;
  if (!st.owned.has(ns)) {
    ns = { ...ns };
    st.owned.add(ns);
    v.ns = ns;
  }
  let own: ConntrackEntry[];
  if (st.owned.has(table)) own = table as ConntrackEntry[];
  else {
    own = table.slice();
    st.owned.add(own);
  }
  if (ns.conntrack !== own) (ns as { conntrack: readonly ConntrackEntry[] }).conntrack = own;
  return own;
}

/** The conntrack entry's mark changed (CONNMARK): kept on the binding and, once confirmed, in the table. */
export function setCtMark(st: WalkState, v: Visit, mark: number): void {
  const ct = v.ct;
  if (!ct) return;
  const entry = { ...ct.entry, mark };
  ct.entry = entry;
  if (ct.pending) return;
  const own = ownConntrack(st, v, v.ns.conntrack);
  const i = own.findIndex((e) => e.id === entry.id);
  if (i >= 0) own[i] = entry;
}
