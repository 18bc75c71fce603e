/**
 * tcpdump 4.99 as the lab models it, in plain data: its options, a filter
 * expression as a tree, and a capture that runs in the background of a terminal
 * (`tcpdump -n -i eth0 &`), kept in the world until it ends (`-c N`, `kill %1`).
 */
import type { ConntrackEntry } from "../../netfilter/conntrack-types.ts";

/** What tcpdump's command line asked for. */
export interface TcpdumpOptions {
  /** `-i`: an interface of the machine, or `any`. */
  readonly iface: string;
  /** `-c`: stop after this many packets. */
  readonly count?: number;
  /** `-e`: print the link-level header. */
  readonly link: boolean;
  /** `-v` (1), `-vv` (2), ... */
  readonly verbose: number;
  /** `-A`: each packet's bytes as text after its line; `-x`, `-X`: as hex (and text). */
  readonly dump?: "A" | "x" | "X";
  /** `-q`: less protocol information. */
  readonly quick: boolean;
  /** `-t` (1): no timestamp; `-tt` (2): seconds since the epoch; `-ttt` (3): delta; `-tttt` (4): with the date. */
  readonly timestamps: number;
  /** `-S`: absolute TCP sequence numbers. */
  readonly absolute: boolean;
  /** `-n`/`-nn`: the lab never resolves addresses, so this only records what was typed. */
  readonly numeric: number;
  /** `-#`/`--number`: a packet number before each line. */
  readonly number: boolean;
  /**
   * Not `-p`: the interface is put in promiscuous mode, so a bridge's own device also
   * sees the frames it forwards between its ports.
   */
  readonly promiscuous: boolean;
  /** `-Q in|out|inout`. */
  readonly direction: "in" | "out" | "inout";
  /** The filter expression, or undefined for every packet. */
  readonly filter?: FilterNode;
  /** The expression as typed (for `jobs`). */
  readonly expression: string;
  /** `-w FILE`: the packets go to this file (the lab's own text form of a pcap), not to the screen. */
  readonly write?: string;
}

/** Where a background tcpdump writes: the terminal, nowhere, or a file of the machine. */
export type Sink =
  | { readonly kind: "terminal"; readonly stream: "stdout" | "stderr" }
  | { readonly kind: "null" }
  | { readonly kind: "file"; readonly path: string }
  /** The pipe into the rest of its pipeline (`tcpdump … | cut … &`): kept in `pipeTo.buffer`. */
  | { readonly kind: "pipe" };

/**
 * The commands after a background tcpdump's `|`: they read what it wrote, and print
 * when it ends (its output into a pipe is buffered, and `sort`, `wc` wait for the end).
 */
export interface PipeTo {
  /** The shell's parsed commands (shell/parse.ts's SimpleCommand: programs cannot name the shell's types). */
  readonly cmds: readonly object[];
  /** The shell they run in, its directory and variables as the line started (shell/command.ts's Session). */
  readonly session: object;
  /** What the job wrote into the pipe so far. */
  readonly buffer: string;
}

/**
 * `conntrack -E` in the background: it shares the job table with tcpdump (a Capture
 * carrying this is a conntrack job; its tcpdump options are unused).
 */
export interface CtWatch {
  /** The command line, read again at each command (its filters are functions, the world holds data). */
  readonly argv: readonly string[];
  /** The entries it knows of, by id, as the last event left them. */
  readonly known: Readonly<Record<string, ConntrackEntry>>;
  /** Events printed so far. */
  readonly shown: number;
  /** Entries a `conntrack -D` or `-F` took since, with its PID (for `[USERSPACE] portid=`). */
  readonly deleted?: readonly { readonly entry: ConntrackEntry; readonly pid: number }[];
}

/** A tcpdump (or a conntrack -E) running in the background of the terminal. */
export interface Capture {
  /** bash's job number (`%1`). */
  readonly job: number;
  readonly pid: number;
  /** The namespace it listens in (the machine it was started on). */
  readonly netns: string;
  /** The process's command line (`ps`), and the job's unless `jobText` says more. */
  readonly command: string;
  /** The job as bash prints it back in `jobs` and its notices: the whole pipeline, redirections as typed. */
  readonly jobText?: string;
  readonly options: TcpdumpOptions;
  readonly stdout: Sink;
  readonly stderr: Sink;
  /** Packets printed so far (`N packets captured`). */
  readonly captured: number;
  /** Packets the kernel passed it (loopback sees each one twice). */
  readonly received: number;
  /** The last packet's time (µs), for `-ttt`. */
  readonly lastUs?: number;
  /** tcpdump's table for relative sequence numbers, by connection. */
  readonly tcpSeq: Readonly<Record<string, TcpSeqEntry>>;
  /** Set when it has ended: bash's word for how (`Done`, `Exit 1`, `Killed`), reported at the next prompt. */
  readonly ended?: string;
  /** Whether the shell that started it is interactive (it prints job notices). */
  readonly interactive: boolean;
  /** The lab's clock when it started (`ps` shows it). */
  readonly startedAt?: number;
  /** When `timeout N` sends it SIGTERM (the lab's clock, ms); the job then ends `Exit 124`. */
  readonly deadline?: number;
  /** Set for a `conntrack -E` job. */
  readonly ctWatch?: CtWatch;
  /**
   * Set for an `nc -l -p PORT` job: it holds a listening socket until one client is done;
   * `netns` where `ip netns exec` started it elsewhere than the shell's own namespace.
   */
  readonly ncListen?: { readonly port: number; readonly netns?: string };
  /** Set for a server job (httpd -f, nc -l … -e): it listens, as process `pid`, until it ends. */
  readonly serves?: true;
  /** Set for `sleep N &` in an interactive shell: it ends `Done` at `deadline`, unless a signal ends it first. */
  readonly sleeps?: true;
  /** Set when the job is a pipeline: the commands its output goes through. */
  readonly pipeTo?: PipeTo;
}

/** print-tcp.c's tcp_seq_hash entry: the bases that make sequence numbers relative. */
export interface TcpSeqEntry {
  /** The address pair in the order first seen. */
  readonly key: string;
  readonly seq: number;
  readonly ack: number;
}

/** A filter expression (pcap-filter(7)), as parsed. */
export type FilterNode =
  | { readonly kind: "and" | "or"; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly kind: "not"; readonly expr: FilterNode }
  | { readonly kind: "true" }
  | { readonly kind: "false" }
  /** `ip`, `tcp`, `udp`, `icmp`, `arp`, `ip6`. */
  | { readonly kind: "proto"; readonly proto: string }
  | {
      readonly kind: "host";
      readonly dir: Dir;
      readonly addr: number;
      /** A prefix for `net`; 32 for `host`. */
      readonly bits: number;
    }
  | {
      readonly kind: "port";
      readonly dir: Dir;
      readonly proto?: "tcp" | "udp";
      readonly from: number;
      readonly to: number;
    }
  | { readonly kind: "ether"; readonly dir: Dir; readonly mac: string }
  | { readonly kind: "len"; readonly op: "<=" | ">="; readonly value: number }
  | { readonly kind: "relop"; readonly op: Relop; readonly left: Arith; readonly right: Arith };

export type Dir = "src" | "dst" | "src or dst" | "src and dst";
export type Relop = "=" | "!=" | "<" | ">" | "<=" | ">=";

/** The arithmetic of `tcp[tcpflags] & tcp-syn != 0`. */
export type Arith =
  | { readonly kind: "num"; readonly value: number }
  | { readonly kind: "load"; readonly proto: string; readonly offset: Arith; readonly size: 1 | 2 | 4 }
  | { readonly kind: "len" }
  | {
      readonly kind: "bin";
      readonly op: "&" | "|" | "+" | "-" | "*" | "/" | "<<" | ">>";
      readonly left: Arith;
      readonly right: Arith;
    };
