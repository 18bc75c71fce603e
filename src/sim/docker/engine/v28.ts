/**
 * Docker 28.5.2, today's engine (Debian's 28.5.2+dfsg4, the oracle's
 * ORACLE_ENGINE=28): the rules dockerd 28.2-28.5 writes
 * (libnetwork/drivers/bridge/internal/iptabler/), as argv in the order it passes
 * them, held against the oracle's recordings (tests/fixtures/oracle/golden-28/).
 * What changed from 26, in the rules:
 * - FORWARD holds two jumps only, DOCKER-USER then DOCKER-FORWARD; DOCKER-FORWARD
 *   jumps to DOCKER-CT (the conntrack ACCEPT), DOCKER-ISOLATION-STAGE-1 and
 *   DOCKER-BRIDGE (the jump to DOCKER), then each network's `-i BR -j ACCEPT`.
 * - Each network appends `! -i BR -o BR -j DROP` to the filter DOCKER chain, and
 *   each published port's ACCEPT is inserted above it.
 * - No RETURN rules at the end of DOCKER-USER and the isolation chains.
 * - The raw table drops packets for a container's address that arrive on any
 *   other interface than its bridge (direct routing), and packets for a port
 *   published on 127.0.0.1 that arrive on any interface but lo.
 * - The per-port MASQUERADE (hairpin) only without the userland proxy.
 * - At start dockerd removes its chains and makes them again.
 */
import { randomMac } from "../../kernel/mac.ts";
import type { PortBinding, PortRequest } from "../types.ts";
import {
  IP6_LOOPBACK_MARK,
  type ArgsRule,
  type BridgeRules,
  type CliProfile,
  type EngineProfile,
  type FirewallProfile,
  type IptablesCall,
} from "./profile.ts";
import { acceptCall, dnatCall, hairpinMasqueradeCall } from "./port-calls.ts";
import { TEXTS_28 } from "./v28-texts.ts";
import { HELP_28 } from "./help-28.ts";

function natOutputJump(hairpin: boolean): IptablesCall {
  return hairpin
    ? ["-t", "nat", "-A", "OUTPUT", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "DOCKER"]
    : ["-t", "nat", "-A", "OUTPUT", "!", "-d", "127.0.0.0/8", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "DOCKER"];
}

const PREROUTING_JUMP: IptablesCall = [
  "-t",
  "nat",
  "-A",
  "PREROUTING",
  "-m",
  "addrtype",
  "--dst-type",
  "LOCAL",
  "-j",
  "DOCKER",
];

/**
 * removeIPChains: the jumps into nat DOCKER go, then each chain is flushed and
 * deleted (DOCKER-FORWARD stays, FORWARD still jumps to it; DOCKER-USER is kept).
 */
const REMOVE_CHAINS: IptablesCall[] = [PREROUTING_JUMP, natOutputJump(false), natOutputJump(true)];
const FLUSH_AND_DELETE: IptablesCall[] = [
  ["-t", "nat", "-F", "DOCKER"],
  ["-t", "nat", "-X", "DOCKER"],
  ["-t", "filter", "-F", "DOCKER-FORWARD"],
  ["-t", "filter", "-X", "DOCKER-FORWARD"],
  ["-t", "filter", "-F", "DOCKER-BRIDGE"],
  ["-t", "filter", "-X", "DOCKER-BRIDGE"],
  ["-t", "filter", "-F", "DOCKER"],
  ["-t", "filter", "-X", "DOCKER"],
  ["-t", "filter", "-F", "DOCKER-CT"],
  ["-t", "filter", "-X", "DOCKER-CT"],
  ["-t", "filter", "-F", "DOCKER-ISOLATION-STAGE-1"],
  ["-t", "filter", "-X", "DOCKER-ISOLATION-STAGE-1"],
  ["-t", "filter", "-F", "DOCKER-ISOLATION-STAGE-2"],
  ["-t", "filter", "-X", "DOCKER-ISOLATION-STAGE-2"],
];

/** setupIPChains: the chains, then the NAT jumps. */
function chains(hairpin: boolean): IptablesCall[] {
  return [
    ["-t", "nat", "-N", "DOCKER"],
    ["-t", "filter", "-N", "DOCKER"],
    ["-t", "filter", "-N", "DOCKER-FORWARD"],
    ["-t", "filter", "-N", "DOCKER-BRIDGE"],
    ["-t", "filter", "-N", "DOCKER-CT"],
    ["-t", "filter", "-N", "DOCKER-ISOLATION-STAGE-1"],
    ["-t", "filter", "-N", "DOCKER-ISOLATION-STAGE-2"],
    PREROUTING_JUMP,
    natOutputJump(hairpin),
  ];
}

const MASQ_LOCAL = (bridge: string): IptablesCall => [
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
];

/**
 * Inter-container communication and the way out, in DOCKER-FORWARD: with icc one
 * ACCEPT for everything the bridge sends; without it a DROP between the bridge's own
 * ports above the ACCEPT of what leaves it (oracle: d-bridge-options on 28).
 */
function forwardRules(bridge: string, icc: boolean): IptablesCall[] {
  return icc
    ? [["-t", "filter", "-A", "DOCKER-FORWARD", "-i", bridge, "-j", "ACCEPT"]]
    : [
        ["-t", "filter", "-A", "DOCKER-FORWARD", "-i", bridge, "-o", bridge, "-j", "DROP"],
        ["-t", "filter", "-A", "DOCKER-FORWARD", "-i", bridge, "!", "-o", bridge, "-j", "ACCEPT"],
      ];
}

/**
 * A network with external connectivity (setupNonInternalNetworkRules and what follows
 * it). Without masquerading (enable_ip_masquerade=false) there is neither the
 * MASQUERADE nor the nat DOCKER RETURN for the bridge's own traffic.
 */
function networkRules(bridge: string, subnet: string, hairpin: boolean, masq: boolean, icc: boolean): IptablesCall[] {
  const nat: IptablesCall[] = [];
  if (masq) nat.push(["-t", "nat", "-I", "POSTROUTING", "-s", subnet, "!", "-o", bridge, "-j", "MASQUERADE"]);
  if (hairpin) nat.push(MASQ_LOCAL(bridge));
  else if (masq) nat.push(["-t", "nat", "-I", "DOCKER", "-i", bridge, "-j", "RETURN"]);
  return [
    ...nat,
    ...forwardRules(bridge, icc),
    ["-t", "filter", "-A", "DOCKER", "!", "-i", bridge, "-o", bridge, "-j", "DROP"],
    [
      "-t",
      "filter",
      "-A",
      "DOCKER-CT",
      "-o",
      bridge,
      "-m",
      "conntrack",
      "--ctstate",
      "RELATED,ESTABLISHED",
      "-j",
      "ACCEPT",
    ],
    ["-t", "filter", "-A", "DOCKER-BRIDGE", "-o", bridge, "-j", "DOCKER"],
    [
      "-t",
      "filter",
      "-A",
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
}

/** An internal network: no way out of its subnet, icc (or its DROP) through DOCKER-FORWARD. */
function internalRules(bridge: string, subnet: string, icc: boolean): IptablesCall[] {
  return [
    ["-t", "filter", "-I", "DOCKER-ISOLATION-STAGE-1", "-i", bridge, "!", "-d", subnet, "-j", "DROP"],
    ["-t", "filter", "-I", "DOCKER-ISOLATION-STAGE-1", "-o", bridge, "!", "-s", subnet, "-j", "DROP"],
    ["-t", "filter", "-A", "DOCKER-FORWARD", "-i", bridge, "-o", bridge, "-j", icc ? "ACCEPT" : "DROP"],
  ];
}

function rulesOf(net: BridgeRules, hairpin: boolean): IptablesCall[] {
  const icc = net.icc ?? true;
  return net.internal
    ? internalRules(net.bridge, net.subnet, icc)
    : networkRules(net.bridge, net.subnet, hairpin, net.masquerade ?? true, icc);
}

/** setPerPortIptables: the loopback guard, DNAT, the hairpin MASQUERADE, and the ACCEPT on top of DOCKER. */
function portRules(bridge: string, containerIp: string, b: PortBinding, hairpin: boolean): IptablesCall[] {
  const p = b.proto;
  const calls: IptablesCall[] = [];
  if (/^127\./.test(b.hostIp)) {
    calls.push([
      "-t",
      "raw",
      "-A",
      "PREROUTING",
      "-d",
      `${b.hostIp}/32`,
      "!",
      "-i",
      "lo",
      "-p",
      p,
      "-m",
      p,
      "--dport",
      String(b.hostPort),
      "-j",
      "DROP",
    ]);
  }
  calls.push(dnatCall(bridge, containerIp, b, hairpin));
  if (hairpin) calls.push(hairpinMasqueradeCall(containerIp, b));
  calls.push(acceptCall(bridge, containerIp, b, "-I"));
  return calls;
}

/** filterDirectAccess: only the container's own bridge may reach its address. */
function directAccessRule(net: BridgeRules, containerIp: string): IptablesCall[] {
  if (net.internal) return [];
  return [["-t", "raw", "-A", "PREROUTING", "-d", `${containerIp}/32`, "!", "-i", net.bridge, "-j", "DROP"]];
}

const FIREWALL_28: FirewallProfile = {
  daemonStart: ({ hairpin }) => [
    { op: "delete", calls: REMOVE_CHAINS },
    { op: "ensure", calls: FLUSH_AND_DELETE },
    { op: "ensure", calls: chains(hairpin) },
    // EnsureJumpRule inserts at the top, so the last one called comes first.
    { op: "jumpFirst", chain: "DOCKER-FORWARD" },
    { op: "jumpFirst", chain: "DOCKER-BRIDGE", from: "DOCKER-FORWARD" },
    { op: "jumpFirst", chain: "DOCKER-ISOLATION-STAGE-1", from: "DOCKER-FORWARD" },
    { op: "jumpFirst", chain: "DOCKER-CT", from: "DOCKER-FORWARD" },
  ],
  daemonReady: ({ dropForward }) => [
    ...(dropForward ? [{ op: "ensure" as const, calls: [["-t", "filter", "-P", "FORWARD", "DROP"]] }] : []),
    // 28.3 dropped the RETURN rule from DOCKER-USER: the chain is made and left empty.
    { op: "ensure", calls: [["-t", "filter", "-N", "DOCKER-USER"]] },
    { op: "jumpFirst", chain: "DOCKER-USER" },
  ],
  networkAdded: (net, hairpin) => [
    // Whichever hairpin rule the other proxy mode left goes first.
    ...(net.internal || hairpin ? [] : [{ op: "delete" as const, calls: [MASQ_LOCAL(net.bridge)] }]),
    { op: "ensure", calls: rulesOf(net, hairpin) },
  ],
  networkRemoved: (net, hairpin) => [{ op: "delete", calls: rulesOf(net, hairpin) }],
  hasRules: (b) => !b.hostIp.includes(":"),
  portPublished: (bridge, ip, b, hairpin) => [{ op: "ensure", calls: portRules(bridge, ip, b, hairpin) }],
  portUnpublished: (bridge, ip, b, hairpin) => [{ op: "delete", calls: portRules(bridge, ip, b, hairpin) }],
  endpointAdded: (net, ip) => [{ op: "ensure", calls: directAccessRule(net, ip) }],
  endpointRemoved: (net, ip) => [{ op: "delete", calls: directAccessRule(net, ip) }],
  // ip6tables is on by default since 27: the same chains and jumps, with no network's rules
  // (the lab's networks have no IPv6). `::1` is written as a placeholder the caller swaps in.
  ip6Start: (hairpin) => [
    { op: "ensure", calls: chains(hairpin).map((c) => c.map((a) => (a === "127.0.0.0/8" ? IP6_LOOPBACK_MARK : a))) },
    { op: "jumpFirst", chain: "DOCKER-FORWARD" },
    { op: "jumpFirst", chain: "DOCKER-BRIDGE", from: "DOCKER-FORWARD" },
    { op: "jumpFirst", chain: "DOCKER-ISOLATION-STAGE-1", from: "DOCKER-FORWARD" },
    { op: "jumpFirst", chain: "DOCKER-CT", from: "DOCKER-FORWARD" },
    { op: "ensure", calls: [["-t", "filter", "-N", "DOCKER-USER"]] },
    { op: "jumpFirst", chain: "DOCKER-USER" },
  ],
  ip6Rules: true,
};

/**
 * libnetwork's cmpPortBinding (27+): by container port, protocol number, then host port
 * and address (recorded: `-p 9000:80 -p 53:53/udp` puts 53/udp's DNAT first, every run).
 */
function orderBindings(reqs: readonly PortRequest[]): PortRequest[] {
  const protoNum = { tcp: 6, udp: 17, sctp: 132 } as const;
  return [...reqs].sort(
    (a, b) =>
      a.containerPort - b.containerPort ||
      protoNum[a.proto] - protoNum[b.proto] ||
      a.hostPortFrom - b.hostPortFrom ||
      a.hostPortTo - b.hostPortTo ||
      (a.hostIp < b.hostIp ? -1 : a.hostIp > b.hostIp ? 1 : 0),
  );
}

function plural(word: string, n: number): string {
  return n === 1 ? word : `${word}s`;
}

/** CLI 28's cobra validators (cli/required.go), with their own hints (and RequiresMaxArgs' typo). */
function argsError(path: string, useLine: string, rule: ArgsRule): string {
  if (rule.kind === "none")
    return `docker: '${path}' accepts no arguments\n\nUsage:  ${useLine}\n\nRun '${path} --help' for more information\n`;
  const [want, hint] =
    rule.kind === "min"
      ? [`at least ${rule.n} ${plural("argument", rule.n)}`, "See"]
      : rule.kind === "max"
        ? [`at most ${rule.n} ${plural("argument", rule.n)}`, "SRun"]
        : rule.kind === "exact"
          ? [`${rule.n} ${plural("argument", rule.n)}`, "Run"]
          : [`at least ${rule.min} and at most ${rule.max} ${plural("argument", rule.max)}`, "Run"];
  return `docker: '${path}' requires ${want}\n\nUsage:  ${useLine}\n\n${hint} '${path} --help' for more information\n`;
}

const CLI_28: CliProfile = {
  help: HELP_28,
  // CLI 27.2 and later bracket IPv6 host addresses (`[::]:2024->80/tcp`).
  portIp: (ip) => (ip.includes(":") ? `[${ip}]` : ip),
  // CLI 28 adds its hint to every error of `docker run`, the daemon's at start included.
  runError: (message) => `docker: ${message}\n\nRun 'docker run --help' for more information\n`,
  argsError: (cmd, rule) => argsError(cmd.path, cmd.useLine, rule),
  flagError: (cmd, error) => `${error}\n\nUsage:  ${cmd.useLine}\n\nRun '${cmd.path} --help' for more information\n`,
  unknownCommand: (word, parent) =>
    parent
      ? `docker: unknown command: ${parent.cmd.path} ${word}\n\nUsage:  ${parent.cmd.path}\n\nRun '${parent.cmd.path} --help' for more information\n`
      : `docker: unknown command: docker ${word}\n\nRun 'docker --help' for more information\n`,
  groupUsage: (usage) => usage,
  // `docker network rm` returns a bare StatusError, which the CLI prints as such.
  networkRmTrailer: "exit status 1\n",
  ipRangeParsedFirst: true,
  sortsPsNetworks: true,
  gwPriority: true,
  linksRefusedOn: false,
  cpAbandoned: (path, time) =>
    `time="${time}" level=error msg="Can't add file ${path} to tar: io: read/write on closed pipe"\n`,
};

export const DOCKER_28: EngineProfile = {
  version: "28",
  label: "Docker 28.5.2",
  texts: TEXTS_28,
  cli: CLI_28,
  errors: {
    publishFailed: (container, endpointId, cause) =>
      `driver failed programming external connectivity on endpoint ${container} (${endpointId}): ${cause}`,
    proxyBindFailed: (f) =>
      `failed to bind host port for ${f.hostIp.includes(":") ? `[${f.hostIp}]` : f.hostIp}:${f.hostPort}:${f.containerIp}:${f.containerPort}/${f.proto}: ${f.reason ?? "address already in use"}`,
    // dockerd binds TCP and UDP itself and hands the socket over; SCTP it leaves to the proxy.
    sctpUnsupported: (f, userlandProxy) => {
      const host = `${f.hostIp.includes(":") ? `[${f.hostIp}]` : f.hostIp}:${f.hostPort}`;
      return userlandProxy
        ? `error starting userland proxy: failed to listen on ${host}: protocol not supported`
        : `failed to create socket for userland proxy for ${host}:${f.containerIp}:${f.containerPort}/${f.proto}: protocol not supported`;
    },
    networking: (cause) => `failed to set up container networking: ${cause}`,
    joinNetns: {
      checkedAt: "create",
      missing: (ref) => `joining network namespace of container: No such container: ${ref}`,
      notRunning: (c) => `cannot join network namespace of a non running container: container ${c.name} is ${c.status}`,
    },
    poolOverlap: "invalid pool request: Pool overlaps with other one on this address space",
    poolsExhausted: "all predefined address pools have been fully subnetted",
    networkInUse: (name, _id, running) => {
      const list = [...running]
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map((c) => `name:"${c.name}" id:"${c.id}"`)
        .join(", ");
      return `error while removing network: network ${name} has active endpoints (${list})`;
    },
    removePaused: (name) => `cannot remove container "${name}": container is paused and must be unpaused first`,
    removeRunning: (name) =>
      `cannot remove container "${name}": container is running: stop the container before removing or force remove`,
    runtimeRefused: (reason) =>
      `failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: ${reason}`,
    runNotFound: (program) =>
      `failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${program}": executable file not found in $PATH`,
    execNotFound: (program) => ({
      text: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${program}": executable file not found in $PATH\n`,
      exitCode: 127,
    }),
    execFailed: (cause, started, errno) => ({
      text: `OCI runtime exec failed: exec failed: ${started ? "unable to start container process: " : ""}${cause}\n`,
      exitCode: errno === "ENOENT" ? 127 : errno === "EACCES" ? 126 : 128,
    }),
    badStateDetail: (v) =>
      `: invalid value for state (${v}): must be one of created, running, paused, restarting, removing, exited, dead`,
    // 28's daemon looks the user up before it starts anything, and says so itself.
    execUser: (cause) => ({ text: `Error response from daemon: ${cause}\n`, exitCode: 1 }),
  },
  firewall: FIREWALL_28,
  ports: { order: orderBindings, onePortPerRequest: true },
  // 28's proxy closes a client whose backend refused with SO_LINGER 0 (curl: exit 56, not 52).
  proxy: { onDialFailure: "reset", extraArgs: " -use-listen-fd", listenFd: 7, afterTaskCreate: true },
  // 28 makes eth0 inside the container's namespace and announces its address three times,
  // 950 ms apart (the bridge learns the MAC at once: oracle n-bridge on 28).
  endpoints: { vethInSandbox: true, announce: { count: 3, everyMs: 950 }, ifnames: "lowest-free" },
  // 28 gives endpoints and bridges random, locally administered MACs (no more 02:42 + address).
  macs: { endpoint: (_ip, rng) => randomMac(rng), bridge: randomMac },
  files: {
    hostsHeader:
      "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::\tip6-localnet\nff00::\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n",
  },
  ipv6: { ulaPool: true, bridgeNodad: true, containerDad: false, leaksPoolOnIpv6Failure: false },
  ipam: { roundRobinPools: false },
  inspect: {
    maskedPaths: [
      "/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
      "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
      "/sys/devices/virtual/powercap",
    ], // prettier-ignore
    graphDriverId: true,
    capsNormalised: true,
    enableIPv4: true,
    // API 1.51's EndpointSettings: DriverOpts moved up, GwPriority added.
    endpoint: (f) => ({
      IPAMConfig: f.IPAMConfig,
      Links: f.Links,
      Aliases: f.Aliases,
      MacAddress: f.MacAddress,
      DriverOpts: f.DriverOpts,
      GwPriority: f.GwPriority,
      NetworkID: f.NetworkID,
      EndpointID: f.EndpointID,
      Gateway: f.Gateway,
      IPAddress: f.IPAddress,
      IPPrefixLen: f.IPPrefixLen,
      IPv6Gateway: f.IPv6Gateway,
      GlobalIPv6Address: f.GlobalIPv6Address,
      GlobalIPv6PrefixLen: f.GlobalIPv6PrefixLen,
      DNSNames: f.DNSNames,
    }),
  },
};
