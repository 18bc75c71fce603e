/**
 * netfilter's rule set, per namespace, as plain data. A rule keeps its matches
 * as structured fields (not text), in the order iptables-save prints them, so
 * that matching is cheap and printing is canonical.
 */
import type { MangleTarget, RateMatch } from "./types-rate.ts";

/** The stateful and header matches and mangle targets hardening guides reach for (types-rate.ts). */
export type { MangleTarget, RateMatch } from "./types-rate.ts";

export type TableName = "raw" | "mangle" | "nat" | "filter";
export type Hook = "PREROUTING" | "INPUT" | "FORWARD" | "OUTPUT" | "POSTROUTING";
export type Policy = "ACCEPT" | "DROP";

/** A value with iptables' `!` in front of it, or not. */
export interface Neg<T> {
  readonly value: T;
  readonly negated: boolean;
}

/** A range of ports or seconds, as the conntrack match keeps it. */
export interface CtRange {
  readonly from: number;
  readonly to: number;
}
/** An address and prefix, as the conntrack match keeps it. */
export interface CtNet {
  readonly addr: string;
  readonly bits: number;
}

/** The conntrack match's fields beside ctstate (ct-match.ts), in the order libxt_conntrack prints them. */
export interface CtFields {
  readonly ctproto?: Neg<number>;
  readonly ctorigsrc?: Neg<CtNet>;
  readonly ctorigdst?: Neg<CtNet>;
  readonly ctreplsrc?: Neg<CtNet>;
  readonly ctrepldst?: Neg<CtNet>;
  readonly ctorigsrcport?: Neg<CtRange>;
  readonly ctorigdstport?: Neg<CtRange>;
  readonly ctreplsrcport?: Neg<CtRange>;
  readonly ctrepldstport?: Neg<CtRange>;
  readonly ctstatus?: Neg<readonly string[]>;
  readonly ctexpire?: Neg<CtRange>;
  readonly ctdir?: "ORIGINAL" | "REPLY";
}

export interface Counters {
  readonly packets: number;
  readonly bytes: number;
}

export type AddrType =
  | "UNSPEC"
  | "UNICAST"
  | "LOCAL"
  | "BROADCAST"
  | "ANYCAST"
  | "MULTICAST"
  | "BLACKHOLE"
  | "UNREACHABLE"
  | "PROHIBIT"
  | "THROW"
  | "NAT"
  | "XRESOLVE";

export type CtState = "NEW" | "ESTABLISHED" | "RELATED" | "INVALID" | "UNTRACKED" | "SNAT" | "DNAT";

/** A port or an inclusive range, as `--dport 80` or `--dport 8000:8080`. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export type Match =
  | {
      readonly module: "tcp";
      readonly sport?: Neg<PortRange>;
      readonly dport?: Neg<PortRange>;
      readonly tcpFlags?: Neg<{ mask: string[]; comp: string[] }>;
      readonly syn?: Neg<true>;
      /** `--tcp-option N`: the segment carries TCP option kind N. */
      readonly option?: Neg<number>;
    }
  | { readonly module: "udp"; readonly sport?: Neg<PortRange>; readonly dport?: Neg<PortRange> }
  /** `icmpType` as iptables-save prints it: `any`, `8` (every code), `3/1`; see names.ts icmpTypeMatches. */
  | { readonly module: "icmp"; readonly icmpType?: Neg<string> }
  /** ip6tables' `--icmpv6-type`, stored as ip6tables-save prints it: `128`, `1/4` (see icmp6.ts). */
  | { readonly module: "icmp6"; readonly icmpv6Type?: Neg<string> }
  | { readonly module: "addrtype"; readonly srcType?: Neg<AddrType>; readonly dstType?: Neg<AddrType> }
  | ({ readonly module: "conntrack"; readonly ctstate?: Neg<readonly CtState[]> } & CtFields)
  | { readonly module: "state"; readonly state?: Neg<readonly CtState[]> }
  | { readonly module: "comment"; readonly comment: string }
  /** Up to 15 ports, a range taking two slots (xt_multiport v1). */
  | {
      readonly module: "multiport";
      readonly dir: "sports" | "dports" | "ports";
      readonly ports: readonly PortRange[];
      readonly negated: boolean;
    }
  | { readonly module: "iprange"; readonly src?: Neg<AddrRange>; readonly dst?: Neg<AddrRange> }
  /** `avg`: the period between packets in 1/10000 s (XT_LIMIT_SCALE), as nf_tables keeps it. */
  | { readonly module: "limit"; readonly avg: number; readonly burst: number }
  | { readonly module: "mark"; readonly mark: number; readonly mask: number; readonly negated: boolean }
  /** The connection's mark (ct->mark, set by CONNMARK), tested as `-m mark` tests the packet's. */
  | { readonly module: "connmark"; readonly mark: number; readonly mask: number; readonly negated: boolean }
  /** Ids as ranges (`--uid-owner 1000-2000`); `socketExists` alone is `--socket-exists`. */
  | {
      readonly module: "owner";
      readonly uid?: Neg<{ readonly from: number; readonly to: number }>;
      readonly gid?: Neg<{ readonly from: number; readonly to: number }>;
      readonly socketExists?: Neg<true>;
    }
  /** MAC in lower case, `00:11:22:33:44:55`. */
  | { readonly module: "mac"; readonly mac: Neg<string> }
  | RateMatch;

/** An inclusive range of IPv4 addresses, as dotted quads. */
export interface AddrRange {
  readonly from: string;
  readonly to: string;
}

export type Target =
  | { readonly kind: "ACCEPT" }
  | { readonly kind: "DROP" }
  | { readonly kind: "RETURN" }
  | { readonly kind: "REJECT"; readonly rejectWith?: string }
  /** `flags`: tcp-sequence 1, tcp-options 2, ip-options 4, uid 8, macdecode 32 (xt_LOG's bits). */
  | { readonly kind: "LOG"; readonly prefix?: string; readonly level?: string; readonly flags?: number }
  /** `natFlags`: random 1, random-fully 2, persistent 4 (NF_NAT_RANGE_*), on every NAT target. */
  | { readonly kind: "REDIRECT"; readonly toPorts?: string; readonly natFlags?: number }
  | { readonly kind: "NETMAP"; readonly to: string }
  /** xt_MARK v2: the new mark is (mark & ~mask) ^ value, every form (--set-mark, --or-mark, ...) stored so. */
  | { readonly kind: "MARK"; readonly value: number; readonly mask: number }
  /** xt_CONNMARK v2, as the kernel holds it (`set` is (ctmark & ~ctmask) ^ value). */
  | {
      readonly kind: "CONNMARK";
      readonly mode: "set" | "save" | "restore";
      readonly value: number;
      readonly ctmask: number;
      readonly nfmask: number;
      /** 0 left, 1 right; bits 0 means no shift. */
      readonly shiftDir: 0 | 1;
      readonly shiftBits: number;
    }
  /** `-j NOTRACK` (an alias iptables lists as CT) or `-j CT [--notrack] [--zone N]`. */
  | {
      readonly kind: "CT";
      readonly notrack: boolean;
      readonly alias?: boolean;
      readonly zone?: number;
      /** An option the lab's kernel has no module for (`--helper ftp`): the kernel refuses the rule. */
      readonly unsupported?: string;
    }
  | { readonly kind: "TRACE" }
  | { readonly kind: "DNAT"; readonly toDestination: string; readonly natFlags?: number }
  | { readonly kind: "SNAT"; readonly toSource: string; readonly natFlags?: number }
  | { readonly kind: "MASQUERADE"; readonly toPorts?: string; readonly natFlags?: number }
  /** `-j CHAIN` (jump) or `-g CHAIN` (goto) to a user-defined chain. */
  | { readonly kind: "jump"; readonly chain: string; readonly goto?: boolean }
  | MangleTarget;

export interface Rule {
  readonly src?: Neg<string>; // CIDR, always with its prefix (`172.17.0.2/32`)
  readonly dst?: Neg<string>;
  readonly inIface?: Neg<string>; // `docker0`, or a wildcard such as `veth+`
  readonly outIface?: Neg<string>;
  readonly proto?: Neg<string>; // `tcp`, `udp`, `icmp`, `all` is stored as absent
  /** `-f`: second and later fragments only (the lab sends none). */
  readonly fragment?: Neg<true>;
  readonly matches: readonly Match[];
  /** A rule with no target only counts packets. */
  readonly target?: Target;
  readonly counters: Counters;
  /** Written by `nft add rule` without a `counter` statement: it counts nothing (iptables shows 0). */
  readonly noCounter?: boolean;
  /** nf_tables' handle (`nft -a`), given when the rule reaches the kernel; absent on a rule not yet added. */
  readonly handle?: number;
}

export interface Chain {
  readonly name: string;
  /** Built-in chains have a policy; user-defined chains do not. */
  readonly policy?: Policy;
  /**
   * Built-in chains only: nf_tables holds this base chain. iptables-nft makes one
   * on first use (a rule or a policy written to it); until then `-D CHAIN N` finds no chain.
   */
  readonly exists?: boolean;
  /**
   * Built-in chains only: the policy was set (`-P`, a restore's policy line), which gives
   * the base chain the counter its policy counts in; a chain made for a rule has none.
   */
  readonly policyCounted?: boolean;
  /** The policy's own counters (packets that fell off the end). */
  readonly policyCounters: Counters;
  readonly rules: readonly Rule[];
  /**
   * nf_tables' handle, from the table's one counter shared with its rules: the order
   * in which the kernel created the chain, which is the order `nft list` prints.
   */
  readonly handle?: number;
}

export interface Table {
  /** In the order iptables-nft lists them: built-ins first, then user chains sorted by name. */
  readonly chains: readonly Chain[];
  /**
   * The table exists in nf_tables (a rule, chain or policy was written to it).
   * `iptables-save` without -t prints only these; listing never creates one.
   */
  readonly inUse?: boolean;
  /** The last handle nf_tables gave a chain or rule of this table (its `hgenerator`). */
  readonly lastHandle?: number;
  /** The table's own handle: the order the kernel created the tables in (`nft list tables`). */
  readonly handle?: number;
  /** The last table handle the namespace gave a table of another family (IPv6): the next table's comes after. */
  readonly handleFloor?: number;
}

export type NetfilterState = Readonly<Record<TableName, Table>>;

/** What one rule (or a chain's end) decided for a packet, as the trace reports it. */
export type StepVerdict =
  | "ACCEPT"
  | "DROP"
  | "REJECT"
  | "RETURN"
  | "JUMP"
  | "GOTO"
  | "CONTINUE"
  | "DNAT"
  | "SNAT"
  | "MASQUERADE"
  | "REDIRECT"
  | "NETMAP";
