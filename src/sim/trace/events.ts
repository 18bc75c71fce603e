/**
 * Trace events: the core's account of what happened, in order, as plain data.
 * The UI animates them; the core never knows how (or whether) they are shown.
 *
 * A command's trace starts with one `command` event. Every packet the command
 * causes (a SYN, its SYN-ACK, a DNS query, ...) is announced by a `packet` event
 * and then followed through the kernel by events carrying its `packetId`, in the
 * order the kernel handles it. docs/trace-format.md documents each event for the UI.
 */
import type { Hook, StepVerdict, TableName } from "../netfilter/types.ts";
import type { ConntrackEntry } from "../netfilter/conntrack-types.ts";

/** A packet's headers at one moment of its walk (they change under NAT). */
export interface Headers {
  readonly proto: "tcp" | "udp" | "icmp";
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  /** TCP flags as the kernel's trace prints them: `SYN`, `ACK`, `PSH`, `FIN`, `RST`. */
  readonly flags?: readonly string[];
  /** ICMP: `echo-request`, `echo-reply`, `port-unreachable`, ... */
  readonly icmpType?: string;
  readonly ttl: number;
  readonly len: number;
  /** An ICMP error's quoted header as it is now: NAT rewrites it with the outer one. */
  readonly quoted?: IcmpQuoted | undefined;
}

export type TraceEvent =
  | CommandEvent
  | PacketEvent
  | HopEvent
  | HookEvent
  | RuleEvent
  | PolicyEvent
  | NatEvent
  | ConntrackEvent
  | RouteEvent
  | DeliverEvent
  | DropEvent;

/** A command ran on a machine (always the first event of a command's trace). */
export interface CommandEvent {
  readonly type: "command";
  readonly machine: string;
  readonly line: string;
  readonly exitCode: number;
}

/** The header an ICMP error quotes: the refused packet as its sender sent it, and its TTL where refused. */
/** An ICMP message's header: echo's type 8 request / 0 reply with id and sequence; an error's copy of the header it answers. */
export interface IcmpFields {
  readonly type: number;
  readonly code: number;
  readonly id: number;
  readonly seq: number;
  readonly inner?: IcmpQuoted;
}

export interface IcmpQuoted {
  readonly proto: "tcp" | "udp" | "icmp";
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  readonly ttl?: number;
}

/** A packet is created by a process (or by the kernel: a RST, an ICMP error). */
export interface PacketEvent {
  readonly type: "packet";
  readonly packetId: number;
  /** Packets of one connection share a flow id (the conntrack entry's, once there is one). */
  readonly flowId: number;
  readonly netns: string;
  /** Who sent it: `curl`, `nginx`, `docker-proxy`, `kernel`, ... */
  readonly sender: string;
  /** `original` travels the way the connection was opened; `reply` comes back. */
  readonly direction: "original" | "reply";
  /** A short human label: `SYN`, `HTTP GET /`, `DNS query A baidu.com`. */
  readonly label: string;
  readonly headers: Headers;
  /** The world's clock (ms) when the packet was sent: a capture stamps it from this. */
  readonly at?: number;
  /** The application bytes it carries, as text (an HTTP request, a DNS question): what tcpdump decodes. */
  readonly data?: string;
  /** ICMP echo: type, code, id and sequence (tcpdump prints the id and sequence); an error's quoted header. */
  readonly icmp?: IcmpFields;
}

/** The packet crosses a wire: leaves `fromNetns/fromIface`, arrives at `toNetns/toIface`. */
export interface HopEvent {
  readonly type: "hop";
  readonly packetId: number;
  readonly fromNetns: string;
  readonly fromIface: string;
  readonly toNetns: string;
  readonly toIface: string;
  /** `veth`, `bridge` (a bridge forwarding between its ports), `wire`, `loopback`. */
  readonly medium: "veth" | "bridge" | "wire" | "loopback";
  /**
   * A macvlan's frame crossing its lower link's wire: that link (`Out` as it leaves, `In`
   * as it arrives for the macvlan), where tcpdump sees it though its namespace does not.
   */
  readonly lower?: { readonly netns: string; readonly iface: string; readonly dir: "In" | "Out" };
}

/** The packet enters a netfilter hook in a namespace. */
export interface HookEvent {
  readonly type: "hook";
  readonly packetId: number;
  readonly netns: string;
  readonly hook: Hook;
  readonly inIface?: string;
  readonly outIface?: string;
  readonly headers: Headers;
}

/**
 * A rule decided something: a jump, a return, a terminal verdict, a NAT target, LOG or TRACE.
 * `ruleIndex` is 1-based, as `iptables --line-numbers` prints it; `ruleText` is the rule as
 * `iptables -S` prints it (`-A DOCKER ! -i docker0 -p tcp -m tcp --dport 2024 -j DNAT ...`).
 */
export interface RuleEvent {
  readonly type: "rule";
  readonly packetId: number;
  readonly netns: string;
  readonly table: TableName;
  readonly chain: string;
  readonly ruleIndex: number;
  readonly ruleText: string;
  readonly verdict: StepVerdict;
  /** For JUMP and GOTO: the chain entered. */
  readonly toChain?: string;
}

/** The packet fell off the end of a built-in chain and its policy decided. */
export interface PolicyEvent {
  readonly type: "policy";
  readonly packetId: number;
  readonly netns: string;
  readonly table: TableName;
  readonly chain: string;
  readonly policy: "ACCEPT" | "DROP";
}

/** A header rewrite: by a NAT rule on a connection's first packet, or by conntrack afterwards. */
export interface NatEvent {
  readonly type: "nat";
  readonly packetId: number;
  readonly netns: string;
  readonly kind: "DNAT" | "SNAT" | "MASQUERADE" | "REDIRECT" | "NETMAP" | "un-DNAT" | "un-SNAT";
  /** `rule` when a nat-table rule decided it; `conntrack` when the entry replayed it. */
  readonly by: "rule" | "conntrack";
  readonly before: Headers;
  readonly after: Headers;
}

/** conntrack created an entry (first packet) or matched one (every later packet). */
export interface ConntrackEvent {
  readonly type: "conntrack";
  readonly packetId: number;
  readonly netns: string;
  readonly action: "new" | "match" | "confirm";
  readonly entryId: number;
  /** The state the packet is seen in, as `-m conntrack --ctstate` would test it. */
  readonly ctstate: "NEW" | "ESTABLISHED" | "RELATED" | "INVALID";
  /** The entry itself, after the packet (what `conntrack -E` reports). */
  readonly entry?: ConntrackEntry;
  /** The lab's clock as the packet passed (how long the entry has left). */
  readonly at: number;
  /** The entry as `conntrack -L` would print it: written for the page only (entry-text.ts). */
  readonly entryText?: string;
}

/** A routing decision: where the packet goes next and why. */
export interface RouteEvent {
  readonly type: "route";
  readonly packetId: number;
  readonly netns: string;
  readonly decision: "local" | "forward" | "output" | "bridge";
  /** The route that matched, as `ip route` prints it. */
  readonly routeText?: string;
  readonly outIface?: string;
  readonly nextHop?: string;
}

/** The packet reached a socket: the process that receives it. */
export interface DeliverEvent {
  readonly type: "deliver";
  readonly packetId: number;
  readonly netns: string;
  readonly process: string;
  readonly addr: string;
  readonly port?: number;
}

/** The packet's walk ended without delivery, and why. */
export interface DropEvent {
  readonly type: "drop";
  readonly packetId: number;
  readonly netns: string;
  readonly reason:
    | "rule" // a DROP or REJECT rule (see the preceding rule event)
    | "policy" // a chain's DROP policy (see the preceding policy event)
    | "no-route" // no route to the destination
    | "ip-forward-off" // net.ipv4.ip_forward is 0 and the packet is not for this host
    | "no-listener" // nothing listens: the kernel answers TCP with a RST, UDP with ICMP
    | "ttl-exceeded"
    | "link-down"
    | "martian" // no one on the wire answers for the destination (no ARP reply)
    | "no-reply-route" // the far end cannot route its reply back (e.g. un-NATed private source)
    | "echo-ignored" // the kernel answers no echo request: net.ipv4.icmp_echo_ignore_all is 1
    | "discarded"; // the kernel made the packet and discarded it before the wire (an ICMP redirect)
  readonly detail: string;
  /** What a person would fix, and where: for the UI to put into words (never a sentence itself). */
  readonly cause?: DropCause;
}

/**
 * Why a packet stopped, as a code and its parameters. `netns`, `hook` and the rest say where the
 * packet stopped; `fixAt` says where the cause lies when that is elsewhere (a reply that cannot
 * come back stops on the internet, but the missing MASQUERADE was the host's POSTROUTING).
 */
export interface DropCause {
  readonly code:
    | "rule-drop" // a DROP rule (table, chain, ruleIndex, ruleText)
    | "rule-reject" // a REJECT rule
    | "policy-drop" // a built-in chain's DROP policy (table, chain)
    | "ip-forward-off" // routed, but forwarding is off (iface: where it came in; addr: where it was going)
    | "no-route" // no route to addr
    | "no-route-back" // a reply to addr has no route: addr left fixAt un-NATed
    | "no-listener" // nothing listens on proto addr:port
    | "martian" // no neighbour on iface answers for addr
    | "loopback-source" // a packet from addr (127.0.0.0/8, after an OUTPUT DNAT) may not leave by iface
    | "link-down" // iface is down or has no carrier
    | "ttl-exceeded"
    | "echo-ignored" // the kernel of netns ignores echo requests (net.ipv4.icmp_echo_ignore_all)
    | "discarded" // netns made the packet and discarded it before the wire (an ICMP redirect)
    | "too-many-packets"; // the lab's own bound on one command
  readonly netns: string;
  readonly hook?: Hook;
  readonly table?: TableName;
  readonly chain?: string;
  readonly ruleIndex?: number;
  readonly ruleText?: string;
  readonly iface?: string;
  readonly addr?: string;
  readonly port?: number;
  readonly proto?: string;
  readonly fixAt?: { readonly netns: string; readonly hook: Hook; readonly outIface?: string };
}
