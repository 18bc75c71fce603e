/** A connection as conntrack keeps it: the original and the expected reply tuple. */
export interface Tuple {
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  /** ICMP echo: type, code and id instead of ports. */
  readonly icmp?: { readonly type: number; readonly code: number; readonly id: number };
}

export type TcpState =
  "SYN_SENT" | "SYN_RECV" | "ESTABLISHED" | "FIN_WAIT" | "CLOSE_WAIT" | "LAST_ACK" | "TIME_WAIT" | "CLOSE";

export interface ConntrackEntry {
  readonly id: number;
  /** `igmp` (the kernel's own membership reports): conntrack -L names it `unknown  2`. */
  readonly proto: "tcp" | "udp" | "icmp" | "igmp";
  readonly orig: Tuple;
  /** What a reply must look like; differs from the swapped original when NAT applied. */
  readonly reply: Tuple;
  readonly tcpState?: TcpState;
  readonly seenReply: boolean;
  readonly assured: boolean;
  /** Seconds left, as `conntrack -L` prints them. */
  readonly timeout: number;
  /** The clock (ms) at which the entry was last refreshed; with timeout it gives expiry. */
  readonly updatedAt: number;
  readonly mark: number;
  /**
   * The entry reports events (the kernel's ecache extension): with nf_conntrack_events
   * at 2, the default, only when someone listened as it was made; `conntrack -E` never
   * hears of the others, not even their end.
   */
  readonly events?: true;
}
