/**
 * Docker 26.1.5, the lab's default engine and the oracle's: the iptables rules
 * dockerd 26 writes, as the argv it passes to iptables, in the order it passes them
 * (libnetwork/drivers/bridge/setup_ip_tables_linux.go, libnetwork/iptables; the
 * same IPv4 rules from 20.10 to 27), its texts (v26-texts.ts) and the CLI's rules.
 */
import { macOfIp } from "../ipam.ts";
import { sortPortRequests } from "../ports.ts";
import type { PortBinding } from "../types.ts";
import { nextInt, type RngState } from "../../rng.ts";
import type { CliProfile, EngineProfile } from "./profile.ts";
import type { BridgeRules, FirewallProfile, IptablesCall } from "./profile-firewall.ts";
import { acceptCall, dnatCall, hairpinMasqueradeCall } from "./port-calls.ts";
import { TEXTS_26, wanted } from "./v26-texts.ts";
import { HELP_26 } from "./help-26.ts";

/** The chains dockerd sets up once, before any network (setupIPChains). */
function globalChains(): IptablesCall[] {
  return [
    ["-t", "nat", "-N", "DOCKER"],
    ["-t", "filter", "-N", "DOCKER"],
    ["-t", "filter", "-N", "DOCKER-ISOLATION-STAGE-1"],
    ["-t", "filter", "-N", "DOCKER-ISOLATION-STAGE-2"],
    ["-t", "filter", "-A", "DOCKER-ISOLATION-STAGE-1", "-j", "RETURN"],
    ["-t", "filter", "-A", "DOCKER-ISOLATION-STAGE-2", "-j", "RETURN"],
  ];
}

/**
 * The NAT jumps into DOCKER, which each bridge network ensures after its own NAT
 * rules (ProgramChain): nf_tables' handles put PREROUTING after the MASQUERADE.
 */
function natJumps(hairpin: boolean): IptablesCall[] {
  const output = hairpin
    ? ["-t", "nat", "-A", "OUTPUT", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "DOCKER"]
    : ["-t", "nat", "-A", "OUTPUT", "!", "-d", "127.0.0.0/8", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "DOCKER"];
  return [["-t", "nat", "-A", "PREROUTING", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "DOCKER"], output];
}

/** The OUTPUT jump of the other proxy mode, which a restart with a changed setting removes. */
function staleOutputJump(hairpin: boolean): IptablesCall {
  return natJumps(!hairpin)[1]!;
}

/**
 * Inter-container communication (setIcc): an ACCEPT inserted at the top of FORWARD,
 * or with icc off a DROP appended at its end, below every network's rules.
 */
function iccRule(bridge: string, icc: boolean): IptablesCall {
  return icc
    ? ["-t", "filter", "-I", "FORWARD", "-i", bridge, "-o", bridge, "-j", "ACCEPT"]
    : ["-t", "filter", "-A", "FORWARD", "-i", bridge, "-o", bridge, "-j", "DROP"];
}

/** An internal network (setupInternalNetworkRules): traffic may not leave its subnet. */
function internalNetworkRules(bridge: string, subnet: string, icc: boolean): IptablesCall[] {
  return [
    ["-t", "filter", "-I", "DOCKER-ISOLATION-STAGE-1", "-i", bridge, "!", "-d", subnet, "-j", "DROP"],
    ["-t", "filter", "-I", "DOCKER-ISOLATION-STAGE-1", "-o", bridge, "!", "-s", subnet, "-j", "DROP"],
    iccRule(bridge, icc),
  ];
}

/**
 * Per bridge network, inserted so that the newest network's rules come first. Without
 * masquerading (enable_ip_masquerade=false) there is neither the MASQUERADE nor the
 * DOCKER RETURN that skips DNAT for the bridge's own traffic (setupIPTablesInternal).
 */
interface NetworkCalls {
  readonly nat: IptablesCall[];
  readonly filter: IptablesCall[];
  /** The isolation rules, which dockerd adds after it has put the jump to STAGE-1 first. */
  readonly iso: IptablesCall[];
}

function networkRules(bridge: string, subnet: string, hairpin: boolean, masq: boolean, icc: boolean): NetworkCalls {
  const calls: IptablesCall[] = [];
  if (masq) calls.push(["-t", "nat", "-I", "POSTROUTING", "-s", subnet, "!", "-o", bridge, "-j", "MASQUERADE"]);
  if (hairpin) {
    calls.push([
      "-t",
      "nat",
      "-I",
      "POSTROUTING",
      "-o",
      bridge,
      "-m",
      "addrtype",
      "--src-type",
      "LOCAL",
      "-j",
      "MASQUERADE",
    ]);
  } else if (masq) {
    calls.push(["-t", "nat", "-I", "DOCKER", "-i", bridge, "-j", "RETURN"]);
  }
  const filter: IptablesCall[] = [
    iccRule(bridge, icc),
    ["-t", "filter", "-I", "FORWARD", "-i", bridge, "!", "-o", bridge, "-j", "ACCEPT"],
    ["-t", "filter", "-I", "FORWARD", "-o", bridge, "-j", "DOCKER"],
    [
      "-t",
      "filter",
      "-I",
      "FORWARD",
      "-o",
      bridge,
      "-m",
      "conntrack",
      "--ctstate",
      "RELATED,ESTABLISHED",
      "-j",
      "ACCEPT",
    ],
  ];
  const iso: IptablesCall[] = [
    [
      "-t",
      "filter",
      "-I",
      "DOCKER-ISOLATION-STAGE-1",
      "-i",
      bridge,
      "!",
      "-o",
      bridge,
      "-j",
      "DOCKER-ISOLATION-STAGE-2",
    ],
    ["-t", "filter", "-I", "DOCKER-ISOLATION-STAGE-2", "-o", bridge, "-j", "DROP"],
  ];
  return { nat: calls, filter, iso };
}

/** The DOCKER-USER chain, added after the networks and kept first in FORWARD. */
function userChain(): IptablesCall[] {
  return [
    ["-t", "filter", "-N", "DOCKER-USER"],
    ["-t", "filter", "-A", "DOCKER-USER", "-j", "RETURN"],
  ];
}

/** One published IPv4 binding: DNAT, the filter ACCEPT and the per-port MASQUERADE. */
function portRules(bridge: string, containerIp: string, b: PortBinding, hairpin: boolean): IptablesCall[] {
  return [
    dnatCall(bridge, containerIp, b, hairpin),
    acceptCall(bridge, containerIp, b, "-A"),
    hairpinMasqueradeCall(containerIp, b),
  ];
}

/** Whether a binding gets iptables rules: IPv4 only, since ip6tables is off in Docker 26. */
function hasIpv4Rules(b: PortBinding): boolean {
  return !b.hostIp.includes(":");
}

/** dockerd recreates its own chains on a restart (removeIPChains), so they come back flushed. */
const FLUSH_CHAINS: IptablesCall[] = [
  ["-t", "nat", "-F", "DOCKER"],
  ["-t", "filter", "-F", "DOCKER"],
  ["-t", "filter", "-F", "DOCKER-ISOLATION-STAGE-1"],
  ["-t", "filter", "-F", "DOCKER-ISOLATION-STAGE-2"],
];

/** The rule only one proxy mode has: the hairpin MASQUERADE (proxy off), or the DOCKER RETURN (proxy on). */
function hairpinOnlyRule(bridge: string, hairpin: boolean): IptablesCall {
  return hairpin
    ? ["-t", "nat", "-I", "POSTROUTING", "-o", bridge, "-m", "addrtype", "--src-type", "LOCAL", "-j", "MASQUERADE"]
    : ["-t", "nat", "-I", "DOCKER", "-i", bridge, "-j", "RETURN"];
}

function callsOf(net: BridgeRules, hairpin: boolean): NetworkCalls {
  const icc = net.icc ?? true;
  return net.internal
    ? { nat: [], filter: internalNetworkRules(net.bridge, net.subnet, icc), iso: [] }
    : networkRules(net.bridge, net.subnet, hairpin, net.masquerade ?? true, icc);
}

function rulesOf(net: BridgeRules, hairpin: boolean): IptablesCall[] {
  const c = callsOf(net, hairpin);
  return [...c.nat, ...c.filter, ...c.iso];
}

const FIREWALL_26: FirewallProfile = {
  daemonStart: ({ hairpin, firstStart, bridges }) => [
    { op: "delete", calls: [staleOutputJump(hairpin)] },
    // removeIPChains also deletes the NAT jumps into DOCKER; each network ensures them again.
    ...(firstStart ? [] : [{ op: "delete" as const, calls: natJumps(hairpin) }]),
    ...(firstStart ? [] : [{ op: "ensure" as const, calls: FLUSH_CHAINS }]),
    ...bridges.map((b) => ({ op: "delete" as const, calls: [hairpinOnlyRule(b.bridge, !hairpin)] })),
    { op: "ensure", calls: globalChains() },
  ],
  daemonReady: ({ dropForward }) => [
    ...(dropForward ? [{ op: "ensure" as const, calls: [["-t", "filter", "-P", "FORWARD", "DROP"]] }] : []),
    { op: "ensure", calls: userChain() },
    // The jump is ensured twice before any network (nf_tables spends two handles on it).
    { op: "jumpFirst", chain: "DOCKER-USER" },
    { op: "jumpFirst", chain: "DOCKER-USER" },
  ],
  networkAdded: (net, hairpin) => {
    const c = callsOf(net, hairpin);
    return [
      { op: "ensure", calls: c.nat },
      { op: "ensure", calls: natJumps(hairpin) },
      { op: "ensure", calls: c.filter },
      { op: "jumpFirst", chain: "DOCKER-ISOLATION-STAGE-1" },
      { op: "ensure", calls: c.iso },
      // arrangeUserFilterRule runs for every new network: a RETURN flushed away by hand comes back.
      { op: "ensure", calls: userChain() },
      { op: "jumpFirst", chain: "DOCKER-USER" },
    ];
  },
  networkRemoved: (net, hairpin) => [{ op: "delete", calls: rulesOf(net, hairpin) }],
  hasRules: hasIpv4Rules,
  portPublished: (bridge, ip, b, hairpin) => [{ op: "ensure", calls: portRules(bridge, ip, b, hairpin) }],
  portUnpublished: (bridge, ip, b, hairpin) => [{ op: "delete", calls: portRules(bridge, ip, b, hairpin) }],
  // Docker 26 writes nothing per endpoint: a container's address is guarded by FORWARD's policy only.
  endpointAdded: () => [],
  endpointRemoved: () => [],
  // Off unless daemon.json turns on ip6tables (with experimental): the same chains as IPv4's;
  // each network ensures its NAT jumps (with `::1` for 127.0.0.0/8).
  ip6Start: () => [
    { op: "ensure", calls: globalChains() },
    { op: "ensure", calls: userChain() },
    { op: "jumpFirst", chain: "DOCKER-USER" },
  ],
  ip6Rules: false,
  isolation6: (net, what) =>
    what === "delete"
      ? [{ op: "delete", calls: callsOf(net, false).iso }]
      : [
          { op: "jumpFirst", chain: "DOCKER-ISOLATION-STAGE-1" },
          { op: "ensure", calls: callsOf(net, false).iso },
          { op: "jumpFirst", chain: "DOCKER-USER" },
        ],
};

/** A bridge's MAC as Docker 26 sets it: 02:42 and four random bytes. */
function dockerMac(rng: RngState): [string, RngState] {
  const bytes = [0x02, 0x42];
  let r = rng;
  for (let i = 0; i < 4; i++) {
    let b: number;
    [b, r] = nextInt(r, 0, 255);
    bytes.push(b);
  }
  return [bytes.map((b) => b.toString(16).padStart(2, "0")).join(":"), r];
}

const CLI_26: CliProfile = {
  help: HELP_26,
  // CLI 26 prints IPv6 host addresses bare (`:::2024->80/tcp`).
  portIp: (ip) => ip,
  runError: (message, help, sub = "run") =>
    `docker: ${message.replace(/\.$/, "")}.\n` + (help ? `See 'docker ${sub} --help'.\n` : ""),
  argsError: (cmd, rule) =>
    `"${cmd.path}" ${rule.kind === "none" ? "accepts no arguments" : `requires ${wanted(rule)}`}.\nSee '${cmd.path} --help'.\n\nUsage:  ${cmd.useLine}\n\n${cmd.short}\n`,
  flagError: (cmd, error) => `${error}\nSee '${cmd.path} --help'.\n`,
  // A group command given an unknown subcommand prints its own usage.
  unknownCommand: (word, parent) =>
    parent ? `\n${parent.usage}` : `docker: '${word}' is not a docker command.\nSee 'docker --help'\n`,
  helpShorthand: "Flag shorthand -h has been deprecated, please use --help\n",
  groupUsage: (usage) => `\n${usage}`,
  networkRmTrailer: "",
  ipRangeParsedFirst: false,
  comparisonTypes: false,
  sortsPsNetworks: false,
  gwPriority: false,
  stopTimeoutFlag: "-t, --time",
  linksRefusedOn: true,
  restartRmConflict: "Conflicting options: --restart and --rm",
  ipv4Flag: false,
  cpAbandoned: () => "",
  cpBusy: (path) => `unlinkat ${path}: device or resource busy`,
};

/** The keys of DefaultBridgeConfig, embedded in 26's BridgeConfig. */
const DEFAULT_BRIDGE_KEYS = [
  "ipv6",
  "fixed-cidr-v6",
  "mtu",
  "ip",
  "bip",
  "default-gateway",
  "default-gateway-v6",
  "icc",
];

export const DOCKER_26: EngineProfile = {
  version: "26",
  label: "Docker 26.1.5",
  // Gateway modes came with 27, the two daemon keys with 28: 26's dockerd will not start with them.
  driver: {
    gatewayModes: false,
    oneNetworkPerParent: true,
    addedDaemonKeys: [],
    // Go 1.24's type errors spell the embedded structs' path (oracle: am05, cz08).
    daemonJson: {
      decodePrefix: "",
      fieldPath: (key) =>
        `Config.CommonConfig.BridgeConfig.${DEFAULT_BRIDGE_KEYS.includes(key) ? "DefaultBridgeConfig." : ""}${key}`,
    },
  },
  texts: TEXTS_26,
  cli: CLI_26,
  errors: {
    publishFailed: (container, endpointId, cause) =>
      `driver failed programming external connectivity on endpoint ${container} (${endpointId}): ${cause}`,
    dnatFailedPrefix: "",
    openPort: { action: "-A", prefix: "", afterDnat: true },
    // Without the proxy, portmapper's dummy proxy binds the port and fails with the bare error.
    proxyBindFailed: (f, userlandProxy) =>
      `${userlandProxy ? "Error starting userland proxy: " : ""}listen ${f.family} ${f.hostIp.includes(":") ? `[${f.hostIp}]` : f.hostIp}:${f.hostPort}: bind: ${f.reason ?? "address already in use"}`,
    // portmapper starts docker-proxy, or a dummy proxy that holds the port when it is off.
    sctpUnsupported: (_f, userlandProxy) =>
      userlandProxy ? "Error starting userland proxy: protocol not supported" : "protocol not supported",
    networking: (cause) => cause,
    cpusRange: (n) => `Range of CPUs is from 0.01 to ${n.toFixed(2)}, as there are only ${n} CPUs available`,
    joinNetns: {
      checkedAt: "start",
      missing: (ref) => `No such container: ${ref}`,
      notRunning: (c) => `cannot join network of a non running container: ${c.id}`,
    },
    poolOverlap: "Pool overlaps with other one on this address space",
    localhostDnsFrom: "cli",
    localhostDns: (server) => `WARNING: Localhost DNS setting (--dns=${server}) may fail in containers.`,
    poolsExhausted:
      "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network",
    networkInUse: (name, id) => `error while removing network: network ${name} id ${id} has active endpoints`,
    removePaused: (name) => `cannot remove container "/${name}": container is paused and must be unpaused first`,
    removeRunning: (name) =>
      `cannot remove container "/${name}": container is running: stop the container before removing or force remove`,
    runtimeRefused: (reason) =>
      `failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: ${reason}: unknown`,
    runNotFound: (program) =>
      `failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${program}": executable file not found in $PATH: unknown`,
    execNotFound: (program) => ({
      text: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${program}": executable file not found in $PATH: unknown\n`,
      exitCode: 126,
    }),
    execFailed: (cause, started) => ({
      text: `OCI runtime exec failed: exec failed: ${started ? "unable to start container process: " : ""}${cause}: unknown\n`,
      exitCode: 126,
    }),
    badStateDetail: () => "",
    execUser: (cause) => ({ text: cause + "\n", exitCode: 126 }),
    envFileLine: (_file, cause, badKey) => (badKey ? `poorly formatted environment: ${cause}` : cause),
  },
  firewall: FIREWALL_26,
  ports: { order: sortPortRequests, onePortPerRequest: false, keptAfterFailedTask: true },
  proxy: { onDialFailure: "close", dialsAtAccept: false, extraArgs: "", listenFd: 4, afterTaskCreate: false },
  endpoints: { vethInSandbox: false, ifnames: "counter", disconnectEvents: 2, afterTask: false },
  macs: { endpoint: (ip, rng) => [macOfIp(ip), rng], bridge: dockerMac },
  files: {
    hostsHeader:
      "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n",
  },
  ipv6: {
    ulaPool: false,
    bridgeNodad: false,
    bridgeLinkLocal: "fe80::1",
    containerDad: true,
    leaksPoolOnIpv6Failure: true,
  },
  ipam: { roundRobinPools: true },
  inspect: {
    maskedPaths: [
      "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
      "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
    ], // prettier-ignore
    graphDriverId: false,
    capsNormalised: false,
    enableIPv4: false,
    // API 1.45's EndpointSettings, in its field order.
    endpoint: (f) => ({
      IPAMConfig: f.IPAMConfig,
      Links: f.Links,
      Aliases: f.Aliases,
      MacAddress: f.MacAddress,
      NetworkID: f.NetworkID,
      EndpointID: f.EndpointID,
      Gateway: f.Gateway,
      IPAddress: f.IPAddress,
      IPPrefixLen: f.IPPrefixLen,
      IPv6Gateway: f.IPv6Gateway,
      GlobalIPv6Address: f.GlobalIPv6Address,
      GlobalIPv6PrefixLen: f.GlobalIPv6PrefixLen,
      DriverOpts: f.DriverOpts,
      DNSNames: f.DNSNames,
    }),
  },
};
