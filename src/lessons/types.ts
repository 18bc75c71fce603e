/**
 * A lesson as typed data: what it sets up, the goals the lab checks, the predictions it
 * asks while a trace plays, and its reference solution. Goals and predictions are checked
 * on the world's state and on what packets did (the trace), never on the text typed.
 * The prose (title, intro, goal sentences, hints, explanations) lives apart, per language
 * (text.<lang>.ts beside each lesson), so a translation never touches the logic.
 */
import type { Hook, TableName } from "../sim/netfilter/types.ts";
import type { DropCause, DropEvent, NatEvent, RuleEvent } from "../sim/trace/events.ts";
import type { EngineVersion } from "../sim/docker/engine/index.ts";

/**
 * What a machine is to a lesson: the Docker host, the outside machine, or any container
 * (lessons never depend on the names or ids a learner's containers get).
 */
export type Role = "host" | "internet" | "container";

/**
 * An address by what it belongs to, resolved against the world: the host's own (eth0),
 * the internet machine's, any container's, a Docker bridge's gateway, loopback.
 * `{ literal }` is for the lab's fixed servers (baidu.com is always 203.0.113.10).
 */
export type AddressRef =
  | { readonly role: "host" | "internet" | "container" | "gateway" | "loopback" }
  /** A container's address on the default bridge, or on a user-defined network. */
  | { readonly role: "container"; readonly on: "default" | "user-defined" }
  | { readonly literal: string };

/** Which packets a moment is about; every field given must hold. */
export interface PacketFilter {
  /** The machine whose process created this packet. */
  readonly from?: Role;
  /** The machine that opened the packet's connection (a reply's flow starts on the other side). */
  readonly flowFrom?: Role;
  readonly direction?: "original" | "reply";
  readonly proto?: "tcp" | "udp" | "icmp";
  /** The connection's first packet only (the one the nat table sees). */
  readonly first?: boolean;
  /** Addresses and destination port as they are at that moment (NAT changes them). */
  readonly src?: AddressRef;
  readonly dst?: AddressRef;
  readonly dport?: number;
}

/** A step of a trace, by what happens in it. */
export type Moment =
  /** The packet crosses a wire from one machine to another. */
  | { readonly at: "hop"; readonly from: Role; readonly to: Role; readonly packet?: PacketFilter }
  /** The packet enters a netfilter hook. */
  | { readonly at: "hook"; readonly machine: Role; readonly hook: Hook; readonly packet?: PacketFilter }
  /** A rule decides (a verdict, a NAT target), in the hook the packet is in. */
  | {
      readonly at: "rule";
      readonly machine: Role;
      readonly table?: TableName;
      readonly chain?: string;
      readonly verdict: RuleEvent["verdict"];
      readonly hook?: Hook;
      readonly packet?: PacketFilter;
    }
  /** A NAT rewrite, by a rule or by conntrack. */
  | {
      readonly at: "nat";
      readonly machine: Role;
      readonly nat: NatEvent["kind"];
      readonly by?: NatEvent["by"];
      readonly packet?: PacketFilter;
    }
  /** The packet reaches a process's socket. */
  | { readonly at: "deliver"; readonly machine: Role; readonly process?: string; readonly packet?: PacketFilter }
  /** The packet's walk ends without delivery. */
  | {
      readonly at: "drop";
      readonly machine: Role;
      readonly reason?: DropEvent["reason"];
      /** What a person would fix (the drop's cause code: `no-route-back` for a reply that cannot come home). */
      readonly cause?: DropCause["code"];
      readonly packet?: PacketFilter;
    };

/** A rule in a machine's netfilter tables. `spec` is the rule as `iptables -S` prints it after `-A CHAIN`. */
export interface RulePattern {
  readonly table: TableName;
  readonly chain: string;
  readonly target: "ACCEPT" | "DROP" | "REJECT" | "DNAT" | "SNAT" | "MASQUERADE";
  readonly spec?: string;
  /** The rule matches this TCP destination port (`-p tcp --dport N`). */
  readonly dport?: number;
}

/**
 * One condition of a goal. World checks read the state after a command; trace checks
 * read what the command's packets did. `all` holds when every part holds for the same command.
 */
export type Check =
  /** A running container publishes `hostPort` (any when absent) to `containerPort`/tcp, on `hostIp` when given. */
  | {
      readonly kind: "publishes";
      readonly containerPort: number;
      readonly hostPort?: number;
      readonly hostIp?: string;
    }
  /** At least `count` running containers on the default bridge, or on user-defined bridges (all on one). */
  | { readonly kind: "containers-on"; readonly network: "default" | "user-defined"; readonly count: number }
  /** A sysctl of the host has this value (as /proc/sys holds it). */
  | { readonly kind: "sysctl"; readonly key: string; readonly value: string }
  /** The host's tables hold such a rule (or, with `present: false`, hold none). */
  | { readonly kind: "rule"; readonly rule: RulePattern; readonly present: boolean }
  /** The last thing nginx (in any container) logged came from this address. */
  | { readonly kind: "nginx-logged"; readonly client: AddressRef }
  /** Some step of the command's trace is this moment. */
  | { readonly kind: "trace"; readonly moment: Moment }
  | { readonly kind: "all"; readonly checks: readonly Check[] };

export interface Goal {
  /** Stable within its lesson; the prose for it is `goals[id]` in each language. */
  readonly id: string;
  readonly check: Check;
  /**
   * Commands that come close and must not meet this goal's check (run after the setup; a
   * test proves no command of them does): the mistakes the goal is there to tell apart.
   */
  readonly nearMiss: readonly string[];
}

/**
 * What a prediction asks for, read from the trace after the pause: an address of the paused
 * packet's flow (where it is delivered or crosses a wire, as `where` says), or how that packet's
 * walk ends (delivered or dropped, on which machine).
 */
export type Answer =
  | { readonly kind: "address"; readonly field: "src" | "dst"; readonly where: Moment; readonly samePacket: boolean }
  | { readonly kind: "fate" };

/** A choice's value: an address role (for `address`), or `deliver@internet`, `drop@host` (for `fate`). */
export type ChoiceValue = "host" | "internet" | "container" | "gateway" | "loopback" | `${"deliver" | "drop"}@${Role}`;

export interface Prediction {
  /** Stable within its lesson; its prose is `predictions[id]`. */
  readonly id: string;
  /** The animation stops just before the first step of a trace that is this moment. */
  readonly pauseBefore: Moment;
  readonly answer: Answer;
  readonly choices: readonly ChoiceValue[];
}

export interface Lesson {
  readonly id: string;
  /** Host commands run (and shown) before the learner starts, in the scenario format. */
  readonly setup: readonly string[];
  /** Checked in order: a goal counts once the ones before it are done. */
  readonly goals: readonly Goal[];
  readonly predictions: readonly Prediction[];
  /** Scenario-format lines: a host command, `internet$ …` on the outside machine, `web$ …` in container web. */
  readonly solution: readonly string[];
  /** The goal whose trace moment proves the lesson (the closing explanation's "show me"). */
  readonly proofGoal: string;
  /**
   * The Docker engine the lesson is written for (its prose, goals and recordings): starting
   * it makes its world on that engine. Absent: Docker 26.1.5, the article's, which every
   * lesson so far is written and recorded on.
   */
  readonly engine?: EngineVersion;
}

/** The prose of one prediction, in one language. */
export interface PredictionText {
  readonly question: string;
  /** A short label for each choice (its address is shown beside it when it has one). */
  readonly choices: Readonly<Record<string, string>>;
  /** Why the simulation did what it did (shown after either answer). */
  readonly explain: string;
}

/** A lesson's prose in one language. Inline `code` is written between backticks. */
export interface LessonText {
  readonly title: string;
  readonly intro: readonly string[];
  readonly goals: Readonly<Record<string, string>>;
  readonly hints: readonly string[];
  readonly predictions: Readonly<Record<string, PredictionText>>;
  /** The closing explanation, shown once every goal is done. */
  readonly explanation: readonly string[];
}
