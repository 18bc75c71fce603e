/**
 * The shapes a packet's walk through one namespace shares between the hooks
 * (hooks.ts), the tables they run (tables.ts) and the kernel's trace lines
 * (xtrace.ts): the plan of each hook, a packet's conntrack binding, and its visit.
 */
import type { CtDirection } from "../../netfilter/conntrack.ts";
import type { ConntrackEntry } from "../../netfilter/conntrack-types.ts";
import type { Chain, Hook, Table, TableName } from "../../netfilter/types.ts";
import type { Netns } from "../types.ts";

/** One step of a hook, in the kernel's priority order; a table step only where its base chain is registered. */
export type PlannedStage =
  | { readonly kind: "conntrack" }
  | { readonly kind: "confirm" }
  /** The nat table's chain, or null when none is registered (conntrack still rewrites). */
  | { readonly kind: "nat"; readonly table: Table; readonly chain: Chain | null }
  | { readonly kind: "table"; readonly name: TableName; readonly table: Table; readonly chain: Chain };

export interface NetfilterPlan {
  /** Some table is in use: conntrack runs (as nf_conntrack registers on demand). */
  readonly tracks: boolean;
  readonly hooks: Readonly<Record<Hook, readonly PlannedStage[]>>;
}

/** A packet's conntrack entry while it is inside one namespace. */
export interface CtBinding {
  entry: ConntrackEntry;
  readonly dir: CtDirection;
  /** Not yet confirmed: the connection's first packet, still on its way through. */
  readonly pending: boolean;
  natDst: boolean;
  natSrc: boolean;
  /** An ICMP error about this connection (RELATED): its inner header is rewritten too. */
  related?: boolean;
  /**
   * REJECT's RST, attached to the connection it refuses (nf_ct_attach): RELATED, in the
   * reply direction, and never confirmed; NAT not yet set up for it runs its rules.
   */
  attached?: boolean;
}

/** A packet's stay in one namespace: the working copy of the namespace and what is known so far. */
export interface Visit {
  ns: Netns;
  /** What each hook runs in `ns` (its netfilter state does not change while the visit lasts). */
  readonly plan: NetfilterPlan;
  /** An IPv6 packet: its tables are the ip6 ones (their counters go to netfilter6). */
  readonly six?: boolean;
  readonly packetId: number;
  ct?: CtBinding;
  traced: boolean;
  inIface?: string;
  outIface?: string;
  /** The frame's MACs as it arrived (absent for locally generated packets). */
  readonly macs?: { readonly src: string; readonly dst: string };
  /** A bridged frame's Ethernet header at POSTROUTING, which the trace prints raw (LL=0x0). */
  frame?: { readonly src: string; readonly dst: string };
  /** Lines for xtables-monitor, flushed to the world's log when the visit ends. */
  readonly traceLines: string[];
  /** skb->mark: set by MARK and CONNMARK --restore-mark, gone when the packet leaves the namespace. */
  mark?: number;
  /** CT --notrack / NOTRACK in raw: conntrack and NAT pass the packet by. */
  untracked?: boolean;
  /** The sending socket's owner, for a packet a local process sent. */
  owner?: { readonly uid: number; readonly gid: number };
}
