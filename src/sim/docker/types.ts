/**
 * The Docker daemon's state (Docker 26.1.5): networks, containers, images, the
 * port allocator and the daemon's settings, as plain serialisable data.
 * Invariants: every container's endpoints name networks that exist; an address
 * appears in a network's `allocated` list exactly while an endpoint holds it; a
 * host port is in `portsInUse` exactly while a running container publishes it.
 */

import type { KernelWorld } from "../kernel/types.ts";
import type { DockerEvent } from "./events.ts";
import type { ContainerMount, HealthState, RunSettings, Volume } from "./run-types.ts";
import type { NginxConf } from "../machines/images/nginx-conf/model.ts";

export type {
  ContainerLink,
  ContainerMount,
  HealthConfig,
  HealthState,
  MountFlag,
  RunSettings,
  Volume,
} from "./run-types.ts";

/** The Docker engine versions the lab knows by name; only those with a profile (engine/index.ts) can run. */
export type EngineVersion = "26" | "28";

export type NetworkDriver = "bridge" | "host" | "null" | "macvlan" | "ipvlan";

/** A daemon.json `default-address-pools` entry: subnets of /SIZE carved from BASE, in order. */
export interface AddressPool {
  readonly base: string;
  readonly size: number;
}

export interface DockerNetwork {
  /** 64 hex digits. */
  readonly id: string;
  readonly name: string;
  readonly driver: NetworkDriver;
  /** Milliseconds (world.clock) at creation. */
  readonly created: number;
  /** bridge driver only. */
  readonly bridge?: string;
  /** macvlan and ipvlan only: the host link (`-o parent=`) the containers' interfaces hang off. */
  readonly parent?: string;
  readonly subnet?: string;
  /** The subnet was given (`--subnet`), not taken from the pools: only then may an endpoint ask for its address. */
  readonly userSubnet?: boolean;
  readonly gateway?: string;
  /**
   * `--gateway` was given. With `--subnet` and no `--gateway`, the daemon picks the gateway
   * but its IPAM config keeps only what was asked: `IPAM.Config` then has no Gateway.
   */
  readonly userGateway?: boolean;
  /** `--ip-range`: the part of the subnet addresses (and a gateway the daemon picks) come from. */
  readonly ipRange?: string;
  /** `--aux-address NAME=IP`: reserved, and held in `allocated` from the start. */
  readonly auxAddresses?: Readonly<Record<string, string>>;
  /** Addresses handed out, in allocation order (the gateway is not among them). */
  readonly allocated: readonly string[];
  /** The default bridge `bridge`: no embedded DNS, no name resolution. */
  readonly isDefault: boolean;
  /** `--internal`: no route out (no MASQUERADE, no default route, DROP rules in DOCKER-ISOLATION-STAGE-1). */
  readonly internal?: boolean;
  readonly options: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  /** `--ipv6`: the network's IPv6 subnet (given or from the pool), its gateway and the addresses handed out. */
  readonly ipv6?: NetworkIpv6;
  /** An IPv6 `--subnet` given without `--ipv6`: the IPAM config keeps it, nothing uses it. */
  readonly unusedSubnet6?: string;
  /** The IPv4 `--subnet` was given before the IPv6 one: the IPAM config keeps the CLI's order. */
  readonly ipamV4First?: boolean;
}

/** A network the user made (any driver but the predefined host and none), not the default bridge: it has the embedded DNS, aliases and `--ip`. */
export function userDefined(n: DockerNetwork): boolean {
  return !n.isDefault && n.driver !== "host" && n.driver !== "null";
}

export interface NetworkIpv6 {
  readonly subnet: string;
  readonly gateway: string;
  /** `--gateway` named it (the IPAM config then keeps it). */
  readonly userGateway?: boolean;
  /** The subnet was chosen by the daemon (28's ULA pool): the IPAM config then keeps the gateway too. */
  readonly fromPool?: boolean;
  readonly allocated: readonly string[];
}

export type Proto = "tcp" | "udp" | "sctp";

/** One `-p` request after parsing: a host port of 0 (or a range) means "choose one". */
export interface PortRequest {
  readonly hostIp: string;
  readonly hostPortFrom: number;
  readonly hostPortTo: number;
  readonly containerPort: number;
  readonly proto: Proto;
  /** Added by `-P` for an exposed port: published, but not in HostConfig.PortBindings. */
  readonly publishAll?: boolean;
}

/** A port as the daemon bound it (what `docker port` and `docker ps` show). */
export interface PortBinding {
  readonly hostIp: string;
  readonly hostPort: number;
  readonly containerPort: number;
  readonly proto: Proto;
}

export interface Endpoint {
  readonly networkId: string;
  readonly endpointId: string;
  readonly ipAddress: string;
  readonly prefixLen: number;
  readonly gateway: string;
  readonly mac: string;
  /** The host-side veth (`vethXXXXXXX`) while the container runs. */
  readonly hostVeth?: string;
  /** The container-side interface (`eth0`, `eth1`, ...), bridge networks only. */
  readonly ifname?: string;
  readonly aliases: readonly string[];
  /** On an `--ipv6` network: the endpoint's global address and its gateway. */
  readonly ipv6?: { readonly address: string; readonly prefixLen: number; readonly gateway: string };
  /** From the endpoint's config (28's `--gw-priority`); absent: 0. */
  readonly gwPriority?: number;
}

/** An endpoint's settings as the client sent them (EndpointSettings' IPAMConfig and Aliases). */
export interface EndpointConfig {
  readonly ipv4?: string;
  /** `--ip6`. */
  readonly ipv6?: string;
  readonly aliases: readonly string[];
  /** Sent by `docker network connect`, which sends empty settings where `run` sends none. */
  readonly connected?: boolean;
  /** 28's `network connect --gw-priority`: the highest gives the default route. */
  readonly gwPriority?: number;
}

export interface RestartPolicy {
  readonly name: string;
  readonly maximumRetryCount: number;
}

export type ContainerStatus = "created" | "running" | "exited";

/** A line a container's process writes `after` ms into its run. */
export interface TimedLine {
  readonly after: number;
  readonly line: string;
}

export interface Container {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  /** The command that runs (image's CMD unless given on the command line). */
  readonly cmd: readonly string[];
  readonly entrypoint: readonly string[];
  readonly created: number;
  readonly status: ContainerStatus;
  /** `docker pause`: a running container whose processes are frozen (the cgroup freezer); its kernel still answers. */
  readonly paused?: boolean;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly exitCode: number;
  readonly pid: number;
  /** The host PID of the first process's first child (nginx's worker): pid + 1 unless docker-proxy took the ones between (28). */
  readonly workerPid?: number;
  /** Where its nginx worker stands in each upstream block's turn (programs/nginx-upstream.ts). */
  readonly upstreamTurns?: Readonly<Record<string, readonly UpstreamTurn[]>>;
  /** How many connections the container's nginx has accepted since it started (`*N` in its error log). */
  readonly connections?: number;
  /** The PID, inside the container, of the worker a reload forked; before one, the image's 7. */
  readonly nginxWorker?: number;
  /** The configuration its nginx master loaded, when not the image's stock one (docker/nginx-conf.ts). */
  readonly serverConf?: NginxConf;
  /** `bridge`, `host`, `none` or a user network's name, as given to --network. */
  readonly networkMode: string;
  /** Networks the container is attached to, by id, in connection order. */
  readonly networks: readonly string[];
  /**
   * Networks the daemon does not have that the container's settings still name: one given to
   * --network that did not exist (by name alone), or one removed while the container was
   * stopped (with its id). Each start looks them up and fails ("network <id or name> not
   * found") until `network disconnect NAME` drops the entry.
   */
  readonly lostNetworks?: readonly { readonly id?: string; readonly name: string }[];
  /** Live endpoints (one per network) while the container runs. */
  readonly endpoints: readonly Endpoint[];
  /**
   * What was asked per network id (`--ip`, `--network-alias` at run; `--ip`, `--alias` at
   * network connect), kept so a restart takes the same address and names again.
   */
  readonly endpointConfig?: Readonly<Record<string, EndpointConfig>>;
  /** What was asked (-p, -P resolved to requests), kept so a restart republishes. */
  readonly portRequests: readonly PortRequest[];
  readonly publishAll: boolean;
  /** The ports bound while running. */
  readonly ports: readonly PortBinding[];
  /** `80/tcp` keys from the image's EXPOSE and -p. */
  readonly exposed: readonly string[];
  readonly extraHosts: readonly string[];
  readonly dns: readonly string[];
  /** `--dns-search` and `--dns-option`: resolv.conf's search and options lines. */
  readonly dnsSearch?: readonly string[];
  readonly dnsOptions?: readonly string[];
  readonly autoRemove: boolean;
  readonly tty: boolean;
  readonly interactive: boolean;
  readonly restartCount: number;
  /** Its PID 1 is due to exit at this time of the lab's clock (nginx giving up a taken port), with this status. */
  readonly exitsAt?: number;
  readonly exitsWith?: number;
  /** What it writes from its first failed try until then, logged when it exits. */
  readonly exitLog?: readonly string[];
  /** How many interfaces the running sandbox has added (26's `nextIfIndex`; absent: as many as it has). */
  readonly ifacesAdded?: number;
  /** `--restart`: what dockerd does when the container's first process exits by itself (absent: `no`). */
  readonly restartPolicy?: RestartPolicy;
  /** The restart manager's back-off (ms) after its last decision (absent: a fresh manager). */
  readonly restartDelay?: number;
  /** When the restart manager starts the exited container again (docker/restart-manager.ts). */
  readonly restartAt?: number;
  /**
   * A detached one-off command's run, replayed on each restart: how long it takes, its status
   * and output (`log` all written as it ends, `timed` line by line as it ran).
   */
  readonly mainRun?: {
    readonly took: number;
    readonly exitCode: number;
    readonly log?: readonly string[];
    readonly timed?: readonly TimedLine[];
  };
  /** What its running process has still to write, each line when the clock reaches it (docker/timed-log.ts). */
  readonly pendingLog?: { readonly from: number; readonly lines: readonly TimedLine[] };
  /** Why its last start failed (State.Error), until a start succeeds. */
  readonly startError?: string;
  /** The bindings 26 left in NetworkSettings.Ports when its last start's task failed (shell/commands/docker/task.ts). */
  readonly stalePorts?: readonly PortBinding[];
  /** What its first process runs since a script's `exec` (`sh -c '…; exec busybox httpd -f …'`). */
  readonly execArgv?: readonly string[];
  /** The hostname (the short id unless --hostname). */
  readonly hostname: string;
  /** The id of the image it was created from (it keeps it when the tag is removed or moved). */
  readonly imageId?: string;
  /** The catalogue image its files and programs are, when `image` does not name it (a tag, a commit, a build). */
  readonly base?: string;
  /** What `docker run` asked beyond the common flags (absent: none of them). */
  readonly settings?: RunSettings;
  /** Its health checks' findings, with `--health-cmd` (docker/health.ts). */
  readonly health?: HealthState;
  /** `-v` and `--mount` (docker/volumes.ts). */
  readonly mounts?: readonly ContainerMount[];
}

/** An image in the daemon's store (docker/images.ts); its contents are the catalogue entry with the same id. */
export interface LocalImage {
  /** sha256:… (64 hex), the catalogue's. */
  readonly id: string;
  /** `nginx:latest`; none for a dangling image. */
  readonly repoTags: readonly string[];
  /** `busybox@sha256:…` once pulled from a registry. */
  readonly repoDigests: readonly string[];
  /** Its `Created` (ms since the epoch). */
  readonly created: number;
  /** Made by `docker import` (the oracle's nginx), not pulled. */
  readonly imported?: boolean;
  /** Made by `docker commit` or `docker build`: the catalogue image whose files and config it starts from. */
  readonly base?: string;
  /** What commits and build steps added on top of the base, oldest first (derived-images.ts). */
  readonly layers?: readonly ImageLayer[];
}

/** One step of a derived image's history, and what it changed. */
export interface ImageLayer {
  /** History's CreatedBy: the committed container's command, or the build step. */
  readonly createdBy: string;
  readonly created: number;
  /** Bytes the step added (0 for a step that changes only the config). */
  readonly size: number;
  readonly comment: string;
  /** Files written and removed by the step (a removed one is listed in `gone`). */
  readonly files?: Readonly<Record<string, string>>;
  readonly gone?: readonly string[];
  /** A step that changed only the config (ENV, LABEL, ...): no layer of files. */
  readonly empty?: boolean;
  /** `ENV` and the committed container's environment: `NAME=value`. */
  readonly env?: readonly string[];
  /**
   * The container a commit took the layer from: the layer's digest is its tar's, so a
   * second commit of an unchanged container makes the same layer, which both images share.
   */
  readonly source?: string;
}

export interface DaemonConfig {
  readonly iptables: boolean;
  readonly ipForward: boolean;
  readonly userlandProxy: boolean;
  /** The daemon's --dns (the oracle starts dockerd with --dns 203.0.113.53). */
  readonly dns: readonly string[];
  /** daemon.json `bip`: docker0's address and prefix (`192.168.200.1/24`). */
  readonly bip?: string;
  /** daemon.json `default-address-pools`, in place of the built-in ones. */
  readonly addressPools?: readonly AddressPool[];
  /** daemon.json `icc`, `ip-masq`, `ip` and `mtu`: the default bridge's driver options. */
  readonly bridgeOptions?: Readonly<Record<string, string>>;
  /** daemon.json `allow-direct-routing` (28): no raw-table guard on the containers' addresses. */
  readonly allowDirectRouting?: boolean;
  /** daemon.json `ip-forward-no-drop` (28): turning forwarding on leaves FORWARD's policy alone. */
  readonly ipForwardNoDrop?: boolean;
  /** daemon.json `live-restore`: containers keep running while dockerd stops and restarts. */
  readonly liveRestore?: boolean;
  /** daemon.json `ip6tables` (absent: the engine's default) and `experimental`, which 26 wants with it. */
  readonly ip6tables?: boolean;
  readonly experimental?: boolean;
}

export interface DockerState {
  /** Which Docker engine the world runs (engine/: its texts, its rules). */
  readonly engine: EngineVersion;
  /** false while the daemon is stopped. */
  readonly running: boolean;
  readonly config: DaemonConfig;
  readonly networks: readonly DockerNetwork[];
  readonly containers: readonly Container[];
  /** Host ports bound by running containers, as `proto/ip:port` keys (ip `0.0.0.0` or `::`). */
  readonly portsInUse: readonly string[];
  /** The ephemeral allocator's last port per proto/family key (`tcp4`), as portallocator keeps it. */
  readonly lastEphemeral: Readonly<Record<string, number>>;
  /** Whether the daemon's global chains (DOCKER, DOCKER-USER, ...) are in place. */
  readonly chainsReady: boolean;
  /** The image store (docker/images.ts); absent: a fresh host's, nginx alone. */
  readonly images?: readonly LocalImage[];
  /**
   * IPv4 pools 26's IPAM handed out to a network whose IPv6 side then failed: it never
   * gives them back, so the next network skips them (oracle b1: 172.19 and 172.20 lost).
   */
  readonly leakedPools?: readonly string[];
  /** The default pool the IPAM handed out last (26 searches on from it; a restart forgets it). */
  readonly poolCursor?: string;
  /** The volume store (docker/volumes.ts); absent: none yet. */
  readonly volumes?: readonly Volume[];
  /** What dockerd logged for `docker events` (events.ts), oldest first; absent: nothing yet. */
  readonly events?: readonly DockerEvent[];
  /**
   * net.ipv4.ip_forward as dockerd read it when it started: it keeps its sysinfo, so
   * `docker info` goes on saying what it saw then. Absent: not started yet.
   */
  readonly forwardingAtStart?: boolean;
}

export const DEFAULT_DAEMON_CONFIG: DaemonConfig = {
  iptables: true,
  ipForward: true,
  userlandProxy: true,
  dns: ["203.0.113.53"],
};

/** The daemon before it has started: the engine's `startDaemon` fills networks and chains. */
export function createDockerState(engine: EngineVersion = "26"): DockerState {
  return {
    engine,
    running: false,
    config: DEFAULT_DAEMON_CONFIG,
    networks: [],
    containers: [],
    portsInUse: [],
    lastEphemeral: {},
    chainsReady: false,
  };
}

/** A world with a Docker engine in it: the kernel's machines and dockerd's state. */
export interface DockerWorld extends KernelWorld {
  readonly docker: DockerState;
}

/** dockerd's PID on the host (it holds published ports itself when no docker-proxy runs). */
export const DOCKERD_PID = 519;

/** The shim's PID sits this far before the container's first process: runc's short-lived processes took the ones between. */
export const SHIM_GAP = 21;

/** The host PID of a container's second process (nginx's worker). */
/** One upstream server's place in nginx's round robin, and when it last failed. */
export interface UpstreamTurn {
  readonly current: number;
  readonly failedAt?: number;
}

export function workerPidOf(c: { readonly pid: number; readonly workerPid?: number }): number {
  return c.workerPid ?? c.pid + 1;
}
