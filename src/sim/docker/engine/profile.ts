/**
 * What a version of Docker does differently, held in one place per version: its
 * version texts, the iptables rules dockerd writes and removes (in each table, in
 * its order), and the CLI's version-dependent display rules and error texts. The
 * engine (docker/) and the CLI (shell/commands/docker/) ask the world's profile
 * (`profileOf(world.docker)`) instead of spelling a version's behaviour inline, so
 * a new version is a new file (v26.ts is Docker 26.1.5, the lab's default).
 */
import type { EngineVersion, PortBinding } from "../types.ts";

export type { EngineVersion };

/** One iptables call as dockerd makes it: `["-t", "nat", "-A", "DOCKER", ...]`. */
export type IptablesCall = readonly string[];

/** A step of dockerd's firewall programming, run in order by docker/firewall.ts. */
export type FirewallOp =
  /** Add each rule that is not there yet (`-C` first); `-N`, `-P` and `-F` run as they are. */
  | { readonly op: "ensure"; readonly calls: readonly IptablesCall[] }
  /** Delete each rule that is there (a missing one is no error, as dockerd ignores it). */
  | { readonly op: "delete"; readonly calls: readonly IptablesCall[] }
  /** Keep FORWARD's jump to `chain` first (iptables.EnsureJumpRule). */
  | { readonly op: "jumpFirst"; readonly chain: string };

/** A bridge network as the firewall rules see it. */
export interface BridgeRules {
  readonly bridge: string;
  readonly subnet: string;
  readonly internal: boolean;
  /** `com.docker.network.bridge.enable_ip_masquerade` (absent: true). */
  readonly masquerade?: boolean;
  /** `com.docker.network.bridge.enable_icc` (absent: true). */
  readonly icc?: boolean;
}

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
  /** One published binding of a container on `bridge` at `containerIp`. */
  portPublished(bridge: string, containerIp: string, b: PortBinding, hairpin: boolean): FirewallOp[];
  portUnpublished(bridge: string, containerIp: string, b: PortBinding, hairpin: boolean): FirewallOp[];
}

/** What `docker info` shows of the world. */
export interface InfoFacts {
  readonly containers: number;
  readonly running: number;
  /** Paused containers (absent: none). */
  readonly paused?: number;
  readonly images: number;
  readonly hostname: string;
  /** Whether the host forwards IPv4. */
  readonly forwarding: boolean;
}

export interface EngineTexts {
  /** `docker --version`. */
  readonly versionLine: string;
  /** `docker version` (Client and Server). */
  readonly versionText: string;
  /** The Client and Server views `docker version --format` renders. */
  readonly client: Readonly<Record<string, unknown>>;
  readonly server: Readonly<Record<string, unknown>>;
  /** `docker info`. */
  infoText(f: InfoFacts): string;
  /** The view `docker info --format` renders, fields in the daemon's order. */
  infoJson(f: InfoFacts): Readonly<Record<string, unknown>>;
}

export interface CliProfile {
  /** A host IP as the PORTS column prints it (26: `::`; 27.2 and later: `[::]`). */
  readonly portIp: (ip: string) => string;
  /** An error `docker run` reports, with the help hint where the CLI adds one. */
  runError(message: string, help: boolean): string;
}

export interface DaemonErrors {
  /** Publishing a port failed on the container's endpoint. */
  publishFailed(container: string, endpointId: string, cause: string): string;
  /** docker-proxy could not bind the host address (a process other than Docker holds it). */
  proxyBindFailed(family: string, hostIp: string, port: number): string;
}

export interface EngineProfile {
  readonly version: EngineVersion;
  readonly texts: EngineTexts;
  readonly cli: CliProfile;
  readonly errors: DaemonErrors;
  readonly firewall: FirewallProfile;
}
