/**
 * The kernel's networking state, per network namespace, as plain data.
 * Addresses are dotted-quad strings (what every tool prints); ipv4.ts
 * converts them to numbers where arithmetic is needed.
 *
 * Invariants: ifindex is unique within a namespace and never reused while the
 * namespace lives; a veth's peer always points back at it; a bridge port's
 * `master` names a bridge link in the same namespace.
 */
import type { SnmpCounts } from "./snmp.ts";
import type { ConntrackEntry } from "../netfilter/conntrack-types.ts";
import type { XtState } from "./stack/xt-state.ts";
import type { SynRecvTimer } from "./stack/synack-timer.ts";
import type { NetfilterState } from "../netfilter/types.ts";
import type { RngState } from "../rng.ts";

import type { Ipv4 } from "../ipv4.ts";

export type { Ipv4 };

export type LinkKind = "loopback" | "ethernet" | "veth" | "bridge" | "macvlan";

export interface Link {
  readonly ifindex: number;
  /** As `ip link` prints it, without the `@ifN` suffix. */
  readonly name: string;
  readonly kind: LinkKind;
  readonly mac: string;
  readonly mtu: number;
  /** Administratively up (`ip link set X up`). */
  readonly up: boolean;
  /** The bridge this link is enslaved to (by name, same namespace). */
  readonly master?: string;
  /** veth only: where the other end lives. */
  readonly peer?: { readonly netns: string; readonly ifindex: number };
  /**
   * macvlan only: the link it hangs off (in the namespace it was made in) and its mode.
   * Its frames leave by that link's wire and arrive from it by their own MAC; the lower
   * link's own namespace never sees them (a macvlan cannot reach its parent's host).
   */
  readonly lower?: { readonly netns: string; readonly ifindex: number; readonly mode: MacvlanMode };
  /** Transmit queue length (`qlen` in `ip link`); absent when 0, as for Docker's links. */
  readonly txqlen?: number;
  /**
   * Set once the link has been up: the kernel attaches its queueing discipline then
   * and keeps it when the link goes down again (`qdisc noqueue`; before that `noop`).
   */
  readonly qdiscAttached?: boolean;
  /**
   * Bridges only: set once a port has joined while the bridge is up (the moment its
   * carrier first comes on), when IPv6 autoconfiguration gives it the fe80:: address
   * it keeps, carrier or not, until it goes down.
   */
  readonly addrconf?: boolean;
  /** With `addrconf`: the ifindex of the port whose joining gave the bridge its address (orders `ip -6 route`). */
  readonly addrconfAfter?: number;
  /**
   * Bridges made with `ip link add` only: true until a first port joins. The kernel
   * leaves a new bridge's carrier on until then (iproute2 shows `state UNKNOWN`);
   * Docker's bridges show NO-CARRIER from the start, so they never have this.
   */
  readonly noPortsYet?: boolean;
  /** Packet and byte counters (`ifconfig`, `ip -s link`); absent means all zero. */
  readonly stats?: LinkStats;
  /**
   * Unsolicited ARP this link sent when it came up (Docker 28 announces a container's
   * address): `count` messages `everyMs` apart from `at`, so a bridge it is plugged
   * into learns its MAC then.
   */
  readonly announced?: { readonly at: number; readonly count: number; readonly everyMs: number };
  /**
   * When IPv6 duplicate address detection ends on the link (set when its carrier came on
   * with addresses to check, kernel/ipv6.ts startDad): until then they are `tentative`.
   */
  readonly dadDone?: number;
}

/** `ip link add ... type macvlan mode MODE`: who a macvlan's siblings on one lower link may reach. */
export type MacvlanMode = "bridge" | "private" | "vepa" | "passthru" | "source";

export interface LinkStats {
  readonly rxPackets: number;
  readonly rxBytes: number;
  readonly txPackets: number;
  readonly txBytes: number;
  /** Frames the device could not send (a bridge's own reports while it has no port yet). */
  readonly txDropped?: number;
}

export interface Addr {
  readonly ifname: string;
  readonly address: Ipv4;
  readonly prefixLen: number;
  readonly broadcast?: Ipv4;
  readonly scope: "host" | "link" | "global";
  /** `ip addr add ... label eth0:1`: the name the address prints under (absent: the link's). */
  readonly label?: string;
}

/** An IPv6 address given to a link (the link-local one the kernel derives is not stored). */
export interface Addr6 {
  readonly ifname: string;
  readonly address: string;
  readonly prefixLen: number;
  /** Added with IFA_F_NODAD: usable at once, never `tentative`. */
  readonly nodad?: boolean;
}

/** An IPv6 route other than the prefix routes the kernel derives from `addrs6`. */
export interface Route6 {
  /** `default` or a CIDR. */
  readonly dst: string;
  readonly via?: string;
  readonly dev: string;
  readonly metric: number;
}

export interface Route {
  /** `default`, or a network in CIDR form such as `172.17.0.0/16`. */
  readonly dst: string;
  readonly via?: Ipv4;
  readonly dev: string;
  readonly proto?: "kernel" | "boot" | "static";
  readonly scope?: "link" | "host" | "global";
  readonly src?: Ipv4;
  readonly metric?: number;
  /**
   * Absent for the main table's ordinary (unicast) routes. `local` and `broadcast`
   * mark the local table's entries, which kernel/route.ts derives from the addresses
   * (they are never stored in `Netns.routes`).
   */
  readonly type?: "local" | "broadcast";
}

/** One policy routing rule: which packets (any selector absent matches all) look up which table. */
export interface RouteRule {
  readonly priority: number;
  /** `from NET/LEN`: the packet's source. */
  readonly from?: string;
  /** `to NET/LEN`: its destination. */
  readonly to?: string;
  readonly fwmark?: number;
  readonly iif?: string;
  readonly table: number;
}

/** The application behind a listening socket: what answers when a packet arrives. */
export type ListenerApp =
  | { readonly kind: "nginx"; readonly container: string }
  | { readonly kind: "web"; readonly site: "baidu.com" }
  | { readonly kind: "dns" }
  /** dockerd's embedded DNS in a container's namespace (127.0.0.11 behind its nat rules). */
  | { readonly kind: "embedded-dns" }
  | {
      readonly kind: "docker-proxy";
      readonly toAddr: Ipv4;
      readonly toPort: number;
      /** When the container refuses the proxy's own connection: close the client's (26) or reset it (28). */
      readonly onDialFailure?: "reset";
      /** 28's proxy dials the container as soon as it accepts, before the client's request arrives. */
      readonly dialsAtAccept?: true;
    }
  /**
   * A published port dockerd holds itself while the userland proxy is off (26's dummy
   * proxy, 28's own bind): listening so nothing else takes the port, never accepting.
   */
  | { readonly kind: "held"; readonly toAddr: Ipv4; readonly toPort: number }
  /**
   * `nc -l -p PORT &`, a shell's background job (`job`): takes one connection, keeps what
   * the client sent (`received`) and is `done` once that client has closed.
   */
  | { readonly kind: "nc"; readonly job: number; readonly received: string; readonly done: boolean }
  /** busybox `httpd -f -h HOME`: the files under HOME in container `container`'s filesystem (`fs`). */
  | {
      readonly kind: "httpd";
      readonly container: string;
      readonly fs: string;
      readonly home: string;
      /** `-v`: a `response:CODE` line on stderr for each request (its container's log). */
      readonly verbose?: true;
    }
  /**
   * busybox `nc -ll -p PORT -e PROG…`, a persistent server: each connection gets a fresh PROG
   * with the socket as its stdin and stdout, run in container `container`.
   */
  | {
      readonly kind: "nc-exec";
      readonly container: string;
      /** Empty for `nc -l -p PORT` alone: what the client sends goes to nc's stdout. */
      readonly prog: readonly string[];
      /** A single `-l`: after its one connection nc exits, and so does its container. */
      readonly once?: true;
      /** What a plain `nc -l`'s stdin held (`echo hi | nc -l -p PORT`): it sends that to its client. */
      readonly reply?: string;
    };

export interface Listener {
  readonly proto: "tcp" | "udp";
  /** `0.0.0.0` for every address. */
  readonly addr: Ipv4;
  readonly port: number;
  readonly pid: number;
  readonly process: string;
  readonly app: ListenerApp;
  /** An AF_INET6 socket on `::` without IPV6_V6ONLY (bindv6only=0): it takes IPv4 connections too. */
  readonly dualStack?: true;
  /** The backlog its program asked listen() for, where the program's name does not tell (busybox's applets). */
  readonly backlog?: number;
  /**
   * The owning process is frozen (a paused container): the kernel still completes
   * handshakes and acknowledges data into the socket, but nothing reads or answers.
   */
  readonly frozen?: boolean;
}

/** A TCP socket in TIME-WAIT: its addresses, and when the kernel frees it (ms on the world's clock). */
export interface TimeWaitSocket {
  readonly local: string;
  readonly lport: number;
  readonly peer: string;
  readonly pport: number;
  readonly until: number;
}

export interface Netns {
  /** Stable key: `host`, `internet`, or the container's full id. */
  readonly id: string;
  readonly hostname: string;
  readonly links: readonly Link[];
  readonly addrs: readonly Addr[];
  /** IPv6 addresses given to links (Docker's on an `--ipv6` network), in the order they were added. */
  readonly addrs6?: readonly Addr6[];
  /** IPv6 routes added beside the derived ones (a container's default route via its gateway). */
  readonly routes6?: readonly Route6[];
  /** The main routing table, in the order `ip route` prints it. */
  readonly routes: readonly Route[];
  /** The policy routing rules (`ip rule`), by priority; absent while they are the three every namespace starts with. */
  readonly rules?: readonly RouteRule[];
  /** Routing tables other than main and local (`ip route add ... table 100`), by number; absent while there are none. */
  readonly tables?: Readonly<Record<number, readonly Route[]>>;
  /** Keys as sysctl names them, e.g. `net.ipv4.ip_forward`; values as strings, as /proc holds them. */
  readonly sysctl: Readonly<Record<string, string>>;
  readonly netfilter: NetfilterState;
  /**
   * The x_tables (legacy) tables that `iptables-legacy` loaded, beside nf_tables' ones.
   * The lab keeps what is written there for the tool to show, but its packets pass
   * nf_tables' tables only (a Docker host whose iptables is iptables-nft).
   */
  readonly legacyNetfilter?: NetfilterState;
  /** The IPv6 x_tables tables ip6tables-legacy loaded (always empty: the lab's IPv6 carries nothing). */
  readonly legacyNetfilter6?: NetfilterState;
  /**
   * The IPv6 tables iptables-nft keeps (ip6tables). The lab moves IPv4 only, so they
   * hold what dockerd 28 writes there and filter nothing; absent while nothing wrote any.
   */
  readonly netfilter6?: NetfilterState;
  readonly conntrack: readonly ConntrackEntry[];
  /** How many `conntrack -E` listen to the table's events (entries made meanwhile carry events). */
  readonly ctListeners?: number;
  readonly listeners: readonly Listener[];
  /** Connections this end closed first, kept for 60 s after their last ACK (stack/time-wait.ts). */
  readonly timeWait?: readonly TimeWaitSocket[];
  /** /proc/net/snmp's counters the lab keeps (kernel/snmp.ts); absent while none moved. */
  readonly snmp?: SnmpCounts;
  /** Name servers from /etc/resolv.conf, in order. */
  readonly nameservers: readonly Ipv4[];
  /** /etc/hosts entries: name → address. */
  readonly hosts: Readonly<Record<string, Ipv4>>;
  readonly nextIfindex: number;
}

/**
 * What the kernel keeps of a world: its machines' namespaces and files, the logs
 * their programs write, process ids, the clock and the seeded random source. A
 * whole world (../world.ts) has more (the Docker engine's state); the kernel's
 * functions take any world that has this much and hand back the same kind.
 */
export interface KernelWorld {
  readonly rng: RngState;
  /** Milliseconds since the Unix epoch, advanced by the commands themselves. */
  readonly clock: number;
  /** Every network namespace by id: `host`, `internet`, and one per container. */
  readonly netns: Readonly<Record<string, Netns>>;
  /** Lines each logging program wrote, by log name (a container id, or `baidu.com` for the web server in the internet). */
  readonly logs: Readonly<Record<string, readonly string[]>>;
  /** The next process id handed out. */
  readonly nextPid: number;
  /**
   * Files the lab's commands wrote or programs keep (`/etc/docker/daemon.json`), by
   * machine (netns id) then absolute path. /proc/sys and the resolver files are views
   * of kernel state: read them through kernel/files.ts `readFile`.
   */
  readonly files: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** `-m limit` token buckets, by the rule's limit match (see kernel/stack/tables.ts). */
  readonly limits?: Readonly<Record<string, { readonly tokens: number; readonly at: number }>>;
  /** hashlimit, recent and statistic tables, by namespace and name (see kernel/stack/xt-state.ts). */
  readonly xt?: XtState;
  /** Each namespace's neighbour (ARP) table, by netns id (see kernel/neigh.ts). */
  readonly neigh?: Readonly<Record<string, readonly Neighbour[]>>;
  /** What the file commands changed beyond content (mkdir, ln -s, chmod, rm of an image's file), by machine then path (kernel/file-meta.ts). */
  readonly fileMeta?: Readonly<Record<string, Readonly<Record<string, FileMeta>>>>;
  /** /run/netns: each name `ip netns add`/`attach` gave, and the namespace id it names, oldest first (named-netns.ts). */
  readonly netnsNames?: Readonly<Record<string, string>>;
  /** Bind mounts in each machine's mount namespace, by machine (kernel/mounts.ts). */
  readonly mounts?: Readonly<Record<string, readonly BindMount[]>>;
  /** Listeners still resending a SYN-ACK whose client gave up (kernel/stack/synack-timer.ts). */
  readonly synRecv?: readonly SynRecvTimer[];
}

/**
 * A directory of one machine's tree shown at `target` in another's (`mount --bind`, as
 * Docker makes `-v` and `--mount`): what is read or written under `target` is `source`'s.
 */
export interface BindMount {
  readonly target: string;
  /** The machine whose tree holds the source (the host, for Docker's mounts). */
  readonly sourceFs: string;
  readonly source: string;
  readonly readOnly: boolean;
}

/**
 * A path's kind or mode as the file commands left it: `dir` a directory mkdir made,
 * `link` a symbolic link to `target`, `gone` a file of the machine's disk that was
 * removed; `mode` a chmod's permission bits (on any kind, or on a file alone).
 */
export interface FileMeta {
  readonly kind?: "dir" | "link" | "gone";
  readonly mode?: number;
  readonly target?: string;
}

/** A neighbour (ARP) table entry; neigh.ts holds the NUD rules that read and change it. */
/** What the entry was set to at `at`; the state shown is derived from it and the clock. */
export type NeighBase = "reachable" | "stale" | "delay" | "incomplete" | "permanent";

export interface Neighbour {
  readonly addr: Ipv4;
  readonly dev: string;
  readonly ifindex: number;
  /** Absent while nobody answered (INCOMPLETE, FAILED). */
  readonly mac?: string;
  readonly base: NeighBase;
  /** When `base` was set (ms of the lab's clock). */
  readonly at: number;
  /** ARP requests the kernel sent for it (`ip -s neigh`'s probes). */
  readonly probes: number;
}
