/**
 * What a version of Docker does differently, held in one place per version: its
 * version texts, the iptables rules dockerd writes and removes (in each table, in
 * its order; profile-firewall.ts), and the CLI's version-dependent display rules and
 * error texts. The engine (docker/) and the CLI (shell/commands/docker/) ask the world's profile
 * (`profileOf(world.docker)`) instead of spelling a version's behaviour inline, so
 * a new version is a new file (v26.ts is Docker 26.1.5, the lab's default).
 */
import type { RngState } from "../../rng.ts";
import type { EngineVersion, PortRequest } from "../types.ts";
import type { FirewallProfile } from "./profile-firewall.ts";

export type { EngineVersion };

/** How the daemon picks host ports. */
export interface PortsProfile {
  /** The order the daemon binds a container's requests in (and so programs their rules). */
  order(reqs: readonly PortRequest[]): PortRequest[];
  /**
   * 27 and later allocate one host port for every address of a request (0.0.0.0 and ::),
   * and the allocator itself sees an address's port as taken when the same family's
   * unspecified address holds it (or the reverse); 26 allocates per address and leaves
   * that overlap to the kernel's bind in docker-proxy.
   */
  readonly onePortPerRequest: boolean;
  /**
   * 26 binds the ports before runc creates the task, and a task that fails leaves
   * NetworkSettings.Ports set on the created container; 28 publishes after the task.
   */
  readonly keptAfterFailedTask: boolean;
  /**
   * 28 asks the allocator once per container port and host range, so a request repeated
   * on one `docker run` (`-p 8096:80 -p 8096:80`) passes it; dockerd then binds both TCP
   * sockets (SO_REUSEADDR lets the second bind while the first is not yet listening) and
   * the second listen() fails with this. Absent where the allocator refuses the repeat (26).
   */
  readonly repeatedTcpListen?: string;
}

/** The addresses the engine gives its links. */
export interface MacProfile {
  /** A container endpoint's MAC (26: 02:42 + its IPv4 address; 28: random). */
  endpoint(ip: string, rng: RngState): [string, RngState];
  /** A bridge's MAC (26: 02:42 + four random bytes; 28: random). */
  bridge(rng: RngState): [string, RngState];
}

/** How the bridge driver plumbs a container's endpoint. */
export interface EndpointProfile {
  /**
   * 28 makes the container's end of the veth inside its namespace (eth0 takes that
   * namespace's next index, 2); 26 makes both ends in the host and moves one (eth0 keeps
   * the index it had there).
   */
  readonly vethInSandbox: boolean;
  /** 28 announces the address when the endpoint comes up (gratuitous ARP: advertise_addr_nmsgs, advertise_addr_ms). */
  readonly announce?: { readonly count: number; readonly everyMs: number };
  /**
   * How a network connected to a running container names its interface: 26's sandbox counts
   * every interface it ever added (`nextIfIndex`, so after disconnects a new one is eth2),
   * 28 takes the lowest `ethN` free. Both start again from eth0 when the container starts;
   * there 26 creates the veths in the order it joins (the default bridge first) but names
   * them in the sandbox's endpoint order (the gateway's first: by network name), so with
   * `back` and `bridge` the first veth made is eth1; 28 makes and names them in one order.
   */
  readonly ifnames: "counter" | "lowest-free";
  /**
   * `docker network disconnect` of a running container: 26 logs the `disconnect` event twice
   * (once as the sandbox leaves the network, once for the API call); 28 once.
   */
  readonly disconnectEvents: number;
  /**
   * 28 has runc create the task before it sets up the container's networking (26 after), so
   * there a program the image lacks fails a start before a network that is gone can.
   */
  readonly afterTask: boolean;
}

/** What docker-proxy does (28's was rewritten). */
export interface ProxyProfile {
  /** When the container refuses the proxy's connection, the client's is closed (26) or reset (28). */
  readonly onDialFailure: "close" | "reset";
  /** Whether it dials the container as soon as it accepts (28) or after the client's request came (26). */
  readonly dialsAtAccept: boolean;
  /** Arguments dockerd adds to docker-proxy's command line (28 hands it the bound socket: `-use-listen-fd`). */
  readonly extraArgs: string;
  /** The descriptor its listening socket has: 4 when it binds it itself (26), 7 when dockerd passes it in (28, lsof shows). */
  readonly listenFd: number;
  /**
   * Whether dockerd starts the proxies after the container's task is created and before it
   * runs (28: their PIDs fall between nginx's master and its worker), or before the task (26).
   */
  readonly afterTaskCreate: boolean;
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
  /** daemon.json's `live-restore` (absent: off). */
  readonly liveRestore?: boolean;
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

/** How many positional arguments a command takes, as the CLI's cobra validators name them. */
export type ArgsRule =
  | { readonly kind: "none" }
  | { readonly kind: "min"; readonly n: number }
  | { readonly kind: "max"; readonly n: number }
  | { readonly kind: "exact"; readonly n: number }
  | { readonly kind: "range"; readonly min: number; readonly max: number };

/** A command as the CLI's usage texts name it. */
export interface CliCommand {
  /** `docker network create`. */
  readonly path: string;
  /** `docker network create [OPTIONS] NETWORK`. */
  readonly useLine: string;
  /** `Create a network`. */
  readonly short: string;
}

export interface CliProfile {
  /** `docker COMMAND --help` by command path (`run`, `network ls`): cobra's help, recorded per version. */
  readonly help: Readonly<Record<string, string>>;
  /** A host IP as the PORTS column prints it (26: `::`; 27.2 and later: `[::]`). */
  readonly portIp: (ip: string) => string;
  /** An error `docker run` reports; `help`: whether CLI 26 adds its hint (it does not after a failed start). */
  runError(message: string, help: boolean, sub?: "run" | "create"): string;
  /** Too few or too many arguments (exit 1). */
  argsError(cmd: CliCommand, rule: ArgsRule): string;
  /** A flag the command does not know, or a bad value (exit 125). */
  flagError(cmd: CliCommand, error: string): string;
  /** `docker foo` (no `parent`), or `docker network foo` where `parent` prints its usage (exit 1). */
  unknownCommand(word: string, parent?: { readonly cmd: CliCommand; readonly usage: string }): string;
  /** pflag's notice, on stdout before the help, that `-h` is a deprecated shorthand of `--help` (its wording changed by 28). */
  readonly helpShorthand: string;
  /** What a group command (`docker network`) prints when given no subcommand. */
  groupUsage(usage: string): string;
  /** The line CLI 28 adds after `docker network rm`'s errors (`exit status 1`). */
  readonly networkRmTrailer: string;
  /**
   * `network create --ip-range`: CLI 28 parses each range as a CIDR before pairing it with
   * a subnet (`invalid CIDR address: bogus`); 26 looks for a subnet holding it first.
   */
  readonly ipRangeParsedFirst: boolean;
  /** A template's failed comparison names both operands' types (`incompatible types for comparison: string and int`; Go 1.24, CLI 28). */
  readonly comparisonTypes: boolean;
  /** `ps`'s NETWORKS column: CLI 28 sorts the names; 26 prints them in Go's map order (random). */
  readonly sortsPsNetworks: boolean;
  /** `network connect --gw-priority` (28.0 and later); 26 does not know the flag. */
  readonly gwPriority: boolean;
  /** How `stop`/`restart`'s int flag -t names itself in a parse error (CLI 28 renamed `--time` to `--timeout`). */
  readonly stopTimeoutFlag: string;
  /** `run --link` with `--network none|host`: CLI 26 refuses it ("links are only supported for user-defined networks"); 28 runs it. */
  readonly linksRefusedOn: boolean;
  /** `run --rm` beside a restart policy: the CLI's refusal (28 reworded it). */
  readonly restartRmConflict: string;
  /** `network create --ipv4` (28.0 and later, `--ipv4=false`); 26 does not know the flag. */
  readonly ipv4Flag: boolean;
  /**
   * What `docker cp` to a container prints when it gives up before sending its tar stream
   * (`no such directory`): CLI 28's tar writer then logs the pipe it found closed; 26 says nothing.
   */
  cpAbandoned(path: string, isoTime: string): string;
  /**
   * The daemon's refusal to replace a file bind-mounted at `path` (EBUSY): 26's archive code
   * unlinks it by its full path, 28's os.RemoveAll names it relative to its directory.
   */
  cpBusy(path: string): string;
}

/** A binding docker-proxy (or dockerd, for it) could not bind. */
export interface BindFailure {
  /** `tcp4`, `tcp6`, `udp4`... */
  readonly family: string;
  readonly hostIp: string;
  readonly hostPort: number;
  readonly containerIp: string;
  readonly containerPort: number;
  readonly proto: string;
  /** errno's words: `address already in use` unless said (`cannot assign requested address`: not the host's address). */
  readonly reason?: string;
}

export interface DaemonErrors {
  /** Publishing a port failed on the container's endpoint. */
  publishFailed(container: string, endpointId: string, cause: string): string;
  /** What dockerd says before iptables' own error when a port's DNAT rule cannot be added (28: which rule). */
  readonly dnatFailedPrefix: string;
  /**
   * The ACCEPT that opens a published port in filter's DOCKER chain, when that chain is
   * gone: how dockerd spells its call, what it says first, and whether the DNAT went in
   * before it (26 leaves it; 28 writes the filter rule first).
   */
  readonly openPort: { readonly action: "-A" | "-I"; readonly prefix: string; readonly afterDnat: boolean };
  /** A process other than Docker holds the host address (`userlandProxy`: the proxy, not the daemon, was binding). */
  proxyBindFailed(f: BindFailure, userlandProxy: boolean): string;
  /**
   * An SCTP port: the lab's kernel has no SCTP, so the socket the proxy (or, with the
   * proxy off, the daemon's placeholder) opens fails with EPROTONOSUPPORT.
   */
  sctpUnsupported(f: BindFailure, userlandProxy: boolean): string;
  /** The container's networking could not be set up (28 says so first). */
  networking(cause: string): string;
  /** `--cpus` beyond the host's CPUs (28 starts it lower-case, as Go errors should). */
  cpusRange(ncpu: number): string;
  /** `docker network create --subnet` overlapping another network. */
  readonly poolOverlap: string;
  /** `docker network create` when no pool has a free subnet left. */
  readonly poolsExhausted: string;
  /** The warning a loopback `--dns` gets at create (28 drops "setting" and the flag's spelling). */
  localhostDns(server: string): string;
  /** Who gives that warning: 26's CLI, before it asks the daemon anything; 28's daemon, with a create that succeeded. */
  readonly localhostDnsFrom: "cli" | "daemon";
  /** `docker network rm` while containers are attached (`running`: their names and short ids). */
  networkInUse(name: string, id: string, running: readonly { name: string; id: string }[]): string;
  /** `docker rm` of a running container. */
  removeRunning(name: string): string;
  /** `docker rm` of a paused container. */
  removePaused(name: string): string;
  /**
   * `--network container:REF` naming no container, or one not running: 26 finds out when
   * the container starts (it was created), 28 refuses to create it.
   */
  readonly joinNetns: {
    readonly checkedAt: "create" | "start";
    missing(ref: string): string;
    notRunning(c: { readonly id: string; readonly name: string; readonly status: string }): string;
  };
  /** `docker run` of a program the image does not have: runc's words (28's containerd drops the `: unknown`). */
  runNotFound(program: string): string;
  /** runc refusing to create the container's task (a --sysctl for the host's namespace); 26 ends it with `: unknown`. */
  runtimeRefused(reason: string): string;
  /** `docker exec` of a program the container does not have, and the exit code. */
  execNotFound(program: string): { readonly text: string; readonly exitCode: number };
  /**
   * Another refusal of runc's for `docker exec` (`started`: after runc's init began, which the
   * words say); `errno` picks 28's exit code (127 for a missing file, 126 for a refused one, else 128).
   */
  execFailed(
    cause: string,
    started: boolean,
    errno: "ENOENT" | "EACCES" | "other",
  ): { readonly text: string; readonly exitCode: number };
  /** What follows `invalid filter 'status=X'` (28 lists the states). */
  badStateDetail(value: string): string;
  /** `docker exec -u` naming a user or group the container's files lack: the daemon's words. */
  execUser(cause: string): { readonly text: string; readonly exitCode: number };
  /**
   * A line of an `--env-file` the CLI cannot read (`badKey`: a name holding a blank): 26's
   * parser calls it a poorly formatted environment, 28's names the file.
   */
  envFileLine(file: string, cause: string, badKey: boolean): string;
}

/** What the engine writes into a container. */
export interface ContainerFiles {
  /** /etc/hosts before the container's own lines. */
  readonly hostsHeader: string;
}

/** The inspect views' shapes that changed with the API. */
export interface InspectProfile {
  /** An EndpointSettings object with its fields in the API's order. */
  endpoint(fields: EndpointFields): Readonly<Record<string, unknown>>;
  /** HostConfig.MaskedPaths: the /proc and /sys paths runc masks (28 adds /proc/interrupts). */
  readonly maskedPaths: readonly string[];
  /** Whether GraphDriver.Data names the container's layer ID first (28 does). */
  readonly graphDriverId: boolean;
  /** HostConfig.CapAdd/CapDrop: 28's daemon stores them as `CAP_NET_ADMIN`; 26 keeps them as given. */
  readonly capsNormalised: boolean;
  /** Whether a network's JSON has `EnableIPv4` (API 1.47+, 28). */
  readonly enableIPv4: boolean;
}

/** What an `--ipv6` network gets. */
export interface Ipv6Profile {
  /** 27+ takes a ULA /64 for `--ipv6` without an IPv6 subnet; 26 has no default IPv6 pool. */
  readonly ulaPool: boolean;
  /** 28 gives the bridge its IPv6 gateway with IFA_F_NODAD; 26 lets DAD run on it. */
  readonly bridgeNodad: boolean;
  /** 26 also gives the bridge `fe80::1/64` at once (its link-local route then precedes its ports'). */
  readonly bridgeLinkLocal?: string;
  /** 26's container link-local address goes through DAD (`tentative` for a second or two); 28's does not. */
  readonly containerDad: boolean;
  /** 26's IPAM keeps the IPv4 pool of a network whose IPv6 request failed. */
  readonly leaksPoolOnIpv6Failure: boolean;
}

export interface EndpointFields {
  readonly IPAMConfig: unknown;
  readonly Links: unknown;
  readonly Aliases: unknown;
  readonly MacAddress: string;
  readonly NetworkID: string;
  readonly EndpointID: string;
  readonly Gateway: string;
  readonly IPAddress: string;
  readonly IPPrefixLen: number;
  readonly IPv6Gateway: string;
  readonly GlobalIPv6Address: string;
  readonly GlobalIPv6PrefixLen: number;
  readonly DriverOpts: unknown;
  readonly DNSNames: unknown;
  /** 28's `--gw-priority` (0 unless asked). */
  readonly GwPriority: number;
}

/** What the bridge driver and the daemon's configuration know. */
export interface DriverProfile {
  /**
   * The gateway modes and trusted host interfaces (27 and later): a routed network's
   * published ports get no host port (no DNAT, no proxy). 26 ignores both options.
   */
  readonly gatewayModes: boolean;
  /** macvlan and ipvlan allow one network per parent link (26); 28 lets several share one. */
  readonly oneNetworkPerParent: boolean;
  /** daemon.json keys this engine knows beyond 26's (docker/daemon-keys.ts); any other key keeps it from starting. */
  readonly addedDaemonKeys: readonly string[];
  /** How daemon.json's decoding errors read (docker/daemon-json.ts). */
  readonly daemonJson: {
    /** What 28 puts before a JSON error (`invalid JSON: `). */
    readonly decodePrefix: string;
    /** A key's field as Go's type error names it (26: `Config.CommonConfig.BridgeConfig.iptables`). */
    fieldPath(key: string): string;
  };
}

export interface EngineProfile {
  readonly version: EngineVersion;
  readonly driver: DriverProfile;
  /** How the lab names it (`Docker 28.5.2`). */
  readonly label: string;
  readonly texts: EngineTexts;
  readonly cli: CliProfile;
  readonly errors: DaemonErrors;
  readonly firewall: FirewallProfile;
  readonly ports: PortsProfile;
  readonly macs: MacProfile;
  readonly proxy: ProxyProfile;
  readonly endpoints: EndpointProfile;
  readonly files: ContainerFiles;
  readonly inspect: InspectProfile;
  readonly ipv6: Ipv6Profile;
  readonly ipam: IpamProfile;
}

/** How the default IPAM picks a new network's subnet from the address pools. */
export interface IpamProfile {
  /**
   * 26 starts each search after the pool it handed out last and wraps round (a removed
   * network's subnet is not the next one given; a daemon restart starts from the top
   * again); 27 and later take the first free pool.
   */
  readonly roundRobinPools: boolean;
}
