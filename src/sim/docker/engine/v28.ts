/**
 * Docker 28.5.2, today's engine (Debian's 28.5.2+dfsg4, the oracle's
 * ORACLE_ENGINE=28): its rules (v28-firewall.ts), its allocator's order, its CLI's
 * texts and the daemon's words, held against the oracle's recordings
 * (tests/fixtures/oracle/golden-28/).
 */
import { randomMac } from "../../kernel/mac.ts";
import type { PortRequest } from "../types.ts";
import type { ArgsRule, CliProfile, EngineProfile } from "./profile.ts";
import { FIREWALL_28 } from "./v28-firewall.ts";
import { TEXTS_28 } from "./v28-texts.ts";
import { HELP_28 } from "./help-28.ts";

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
  runError: (message, _help, sub = "run") => `docker: ${message}\n\nRun 'docker ${sub} --help' for more information\n`,
  argsError: (cmd, rule) => argsError(cmd.path, cmd.useLine, rule),
  flagError: (cmd, error) => `${error}\n\nUsage:  ${cmd.useLine}\n\nRun '${cmd.path} --help' for more information\n`,
  unknownCommand: (word, parent) =>
    parent
      ? `docker: unknown command: ${parent.cmd.path} ${word}\n\nUsage:  ${parent.cmd.path}\n\nRun '${parent.cmd.path} --help' for more information\n`
      : `docker: unknown command: docker ${word}\n\nRun 'docker --help' for more information\n`,
  helpShorthand: "Flag shorthand -h has been deprecated, use --help\n",
  groupUsage: (usage) => usage,
  // `docker network rm` returns a bare StatusError, which the CLI prints as such.
  networkRmTrailer: "exit status 1\n",
  ipRangeParsedFirst: true,
  comparisonTypes: true,
  sortsPsNetworks: true,
  gwPriority: true,
  stopTimeoutFlag: "-t, --timeout",
  linksRefusedOn: false,
  restartRmConflict: "conflicting options: cannot specify both --restart and --rm",
  ipv4Flag: true,
  cpAbandoned: (path, time) =>
    `time="${time}" level=error msg="Can't add file ${path} to tar: io: read/write on closed pipe"\n`,
  cpBusy: (path) => `RemoveAll ${path.slice(path.lastIndexOf("/") + 1)}: device or resource busy`,
};

export const DOCKER_28: EngineProfile = {
  version: "28",
  label: "Docker 28.5.2",
  driver: {
    gatewayModes: true,
    oneNetworkPerParent: false,
    addedDaemonKeys: [
      "allow-direct-routing",
      "ip-forward-no-drop",
      "firewall-backend",
      "bip6",
      "host-gateway-ips",
      "bridge-accept-fwmark",
      "feature",
    ],
    daemonJson: { decodePrefix: "invalid JSON: ", fieldPath: (key) => `Config.${key}` },
  },
  texts: TEXTS_28,
  cli: CLI_28,
  errors: {
    cpusRange: (n) => `range of CPUs is from 0.01 to ${n.toFixed(2)}, as there are only ${n} CPUs available`,
    publishFailed: (container, endpointId, cause) =>
      `driver failed programming external connectivity on endpoint ${container} (${endpointId}): ${cause}`,
    dnatFailedPrefix: "Unable to enable DNAT rule: ",
    openPort: { action: "-I", prefix: "Unable to enable OPEN PORT rule: ", afterDnat: false },
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
    localhostDnsFrom: "daemon",
    localhostDns: (server) => `WARNING: Localhost DNS (${server}) may fail in containers.`,
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
    envFileLine: (file, cause) => `invalid env file (${file}): ${cause}`,
  },
  firewall: FIREWALL_28,
  ports: {
    order: orderBindings,
    onePortPerRequest: true,
    keptAfterFailedTask: false,
    repeatedTcpListen: "failed to listen on TCP socket: address already in use",
  },
  // 28's proxy closes a client whose backend refused with SO_LINGER 0 (curl: exit 56, not 52).
  proxy: {
    onDialFailure: "reset",
    dialsAtAccept: true,
    extraArgs: " -use-listen-fd",
    listenFd: 7,
    afterTaskCreate: true,
  },
  // 28 makes eth0 inside the container's namespace and announces its address three times,
  // 950 ms apart (the bridge learns the MAC at once: oracle n-bridge on 28).
  endpoints: {
    vethInSandbox: true,
    announce: { count: 3, everyMs: 950 },
    ifnames: "lowest-free",
    disconnectEvents: 1,
    afterTask: true,
  },
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
