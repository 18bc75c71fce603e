/**
 * The firewall part of an engine's profile: the iptables calls dockerd makes, in each
 * table and in its order, as steps docker/firewall.ts runs. Kept apart from profile.ts
 * because most code that writes or runs rules (v28-firewall.ts, port-calls.ts,
 * docker/firewall.ts, sandbox.ts, network.ts) needs this part and no other.
 */
import type { PortBinding } from "../types.ts";
import type { GatewayMode } from "../bridge-options.ts";

/** One iptables call as dockerd makes it: `["-t", "nat", "-A", "DOCKER", ...]`. */
export type IptablesCall = readonly string[];

/** A step of dockerd's firewall programming, run in order by docker/firewall.ts. */
export type FirewallOp =
  /** Add each rule that is not there yet (`-C` first); `-N`, `-P`, `-F` and `-X` run as they are. */
  | { readonly op: "ensure"; readonly calls: readonly IptablesCall[] }
  /** Delete each rule that is there (a missing one is no error, as dockerd ignores it). */
  | { readonly op: "delete"; readonly calls: readonly IptablesCall[] }
  /** Keep the jump to `chain` first in `from` (FORWARD unless given), as iptables.EnsureJumpRule does. */
  | { readonly op: "jumpFirst"; readonly chain: string; readonly from?: string };

/** A bridge network as the firewall rules see it. */
export interface BridgeRules {
  readonly bridge: string;
  readonly subnet: string;
  readonly internal: boolean;
  /** `com.docker.network.bridge.enable_ip_masquerade` (absent: true). */
  readonly masquerade?: boolean;
  /** `com.docker.network.bridge.enable_icc` (absent: true). */
  readonly icc?: boolean;
  /** `com.docker.network.bridge.gateway_mode_ipv4` as an engine that knows it reads it (absent: nat). */
  readonly gatewayMode?: GatewayMode;
  /** `com.docker.network.bridge.trusted_host_interfaces` (absent: none). */
  readonly trusted?: readonly string[];
  /** daemon.json's `allow-direct-routing` (28): no raw guard on the containers' addresses. */
  readonly directRouting?: boolean;
}

/** Stands for ip6tables' `::1` in calls run through the IPv4 parser (firewall.ts swaps it back). */
export const IP6_LOOPBACK_MARK = "127.0.0.1/32";

export interface FirewallProfile {
  /** At daemon start, before any network: what the other proxy mode left goes, the chains are made (or flushed on a restart). */
  daemonStart(o: {
    readonly hairpin: boolean;
    readonly firstStart: boolean;
    readonly bridges: readonly BridgeRules[];
  }): FirewallOp[];
  /** After every network is programmed; `dropForward` when dockerd turned forwarding on (FORWARD policy DROP). */
  daemonReady(o: { readonly dropForward: boolean }): FirewallOp[];
  /** A bridge network's rules (at daemon start, and on `docker network create`). */
  networkAdded(net: BridgeRules, hairpin: boolean): FirewallOp[];
  networkRemoved(net: BridgeRules, hairpin: boolean): FirewallOp[];
  /** Whether a published binding gets iptables rules at all (IPv6 ones do not while ip6tables is off). */
  hasRules(b: PortBinding): boolean;
  /** One published binding of a container on `bridge` at `containerIp` (`mode`: its network's gateway mode). */
  portPublished(
    bridge: string,
    containerIp: string,
    b: PortBinding,
    hairpin: boolean,
    mode?: GatewayMode,
  ): FirewallOp[];
  portUnpublished(
    bridge: string,
    containerIp: string,
    b: PortBinding,
    hairpin: boolean,
    mode?: GatewayMode,
  ): FirewallOp[];
  /** A container's address joined a bridge network (28: the raw rule against direct routing to it). */
  endpointAdded(net: BridgeRules, containerIp: string): FirewallOp[];
  endpointRemoved(net: BridgeRules, containerIp: string): FirewallOp[];
  /**
   * What the daemon writes with ip6tables when it starts (28: its chains and jumps,
   * with ip6tables on by default); absent when it leaves the IPv6 tables alone (26).
   */
  ip6Start?(hairpin: boolean): FirewallOp[];
  /**
   * Whether an `--ipv6` network's IPv6 side gets the same rules in the ip6 tables
   * (firewall.ts ip6Ops spells them): 28 writes them, 26 writes none.
   */
  readonly ip6Rules: boolean;
  /**
   * 26 with ip6tables turned on: a bridge network without IPv6 still gets its isolation
   * rules in the ip6 tables (`add`, or `delete` as it goes).
   */
  isolation6?(net: BridgeRules, what?: "delete"): FirewallOp[];
}
