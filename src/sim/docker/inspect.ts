/**
 * The daemon's JSON views (API 1.45, Docker 26.1): `docker inspect` of a container
 * and of a network, with struct fields in Go's order (so `{{json}}` prints them in
 * that order) and Go maps with sorted keys. Paths point where the oracle's daemon
 * keeps its data, `/var/lib/docker`.
 */
import { sizeRootFs, sizeRw } from "./container-size.ts";
import { dnsNamesOf } from "./embedded-resolver.ts";
import { containerImage, findImage } from "../machines/images/index.ts";
import { profileOf } from "./engine/index.ts";
import { healthcheckJson } from "./health.ts";
import { bindsJson, configVolumesJson, hostMountsJson, mountPointsJson } from "./volumes.ts";
import { HOST_CONFIG_TAIL, limitsJson } from "./inspect-host.ts";

import { ipv4Enabled } from "./network-rules.ts";
import { joinHostPort } from "./ports.ts";
import {
  userDefined,
  type Container,
  type DockerNetwork,
  type DockerWorld,
  type NetworkIpv6,
  type PortBinding,
} from "./types.ts";

/** RFC 3339 with nanoseconds, as Go prints a time.Time in JSON. */
export function rfc3339Nano(ms: number): string {
  if (ms === 0) return "0001-01-01T00:00:00Z";
  return new Date(ms)
    .toISOString()
    .replace(/\.(\d{3})Z$/, (_m, f: string) => (f === "000" ? "Z" : `.${f}Z`.replace(/0+Z$/, "Z")));
}

function sortedObject<T>(entries: [string, T][]): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out[k] = v;
  return out;
}

/** NetworkSettings.Ports: every exposed port, with its bindings or null. */
export function portMap(
  world: DockerWorld,
  c: Container,
): Record<string, { HostIp: string; HostPort: string }[] | null> {
  // The host's network has no ports of the container's to map, and only the bridge driver reports ports.
  if (c.status !== "running" || c.networkMode === "host") return {};
  const bridged = (id: string) => world.docker.networks.some((n) => n.id === id && n.driver === "bridge");
  if (c.endpoints.length > 0 && !c.endpoints.some((ep) => bridged(ep.networkId))) return {};
  const entries: [string, { HostIp: string; HostPort: string }[] | null][] = c.exposed.map((key) => {
    const bs = c.ports.filter((b) => `${b.containerPort}/${b.proto}` === key);
    // A binding that maps no host port (a routed network's) has an empty HostPort.
    return [
      key,
      bs.length ? bs.map((b) => ({ HostIp: b.hostIp, HostPort: b.hostPort ? String(b.hostPort) : "" })) : null,
    ];
  });
  return sortedObject(entries);
}

function portBindingsConfig(c: Container): Record<string, { HostIp: string; HostPort: string }[]> {
  const m = new Map<string, { HostIp: string; HostPort: string }[]>();
  for (const r of c.portRequests) {
    if (r.publishAll) continue;
    const key = `${r.containerPort}/${r.proto}`;
    const hp =
      r.hostPortFrom === 0
        ? ""
        : r.hostPortFrom === r.hostPortTo
          ? String(r.hostPortFrom)
          : `${r.hostPortFrom}-${r.hostPortTo}`;
    m.set(key, [...(m.get(key) ?? []), { HostIp: r.hostIp, HostPort: hp }]);
  }
  return sortedObject([...m.entries()]);
}

function endpointJson(world: DockerWorld, c: Container, networkId: string) {
  const net = world.docker.networks.find((n) => n.id === networkId);
  const ep = c.endpoints.find((e) => e.networkId === networkId);
  const user = net !== undefined && userDefined(net);
  // `docker network connect` sends endpoint settings (empty ones); `--network` at run sends none
  // unless --ip or --network-alias asked for something.
  const cfg = c.endpointConfig?.[networkId];
  const connected = user && (cfg?.connected ?? c.networks[0] !== networkId);
  const aliases = cfg?.aliases ?? [];
  return profileOf(world.docker).inspect.endpoint({
    IPAMConfig:
      cfg?.ipv4 !== undefined || cfg?.ipv6 !== undefined
        ? {
            ...(cfg.ipv4 !== undefined ? { IPv4Address: cfg.ipv4 } : {}),
            ...(cfg.ipv6 !== undefined ? { IPv6Address: cfg.ipv6 } : {}),
          }
        : connected
          ? {}
          : null,
    Links: null,
    Aliases: aliases.length > 0 || connected ? aliases : null,
    MacAddress: ep?.mac ?? "",
    NetworkID: c.status === "running" ? networkId : "",
    EndpointID: ep?.endpointId ?? "",
    Gateway: ep?.gateway ?? "",
    IPAddress: ep?.ipAddress ?? "",
    IPPrefixLen: ep?.prefixLen ?? 0,
    IPv6Gateway: ep?.ipv6?.gateway ?? "",
    GlobalIPv6Address: ep?.ipv6?.address ?? "",
    GlobalIPv6PrefixLen: ep?.ipv6?.prefixLen ?? 0,
    DriverOpts: connected ? {} : null,
    DNSNames: user ? dnsNamesOf(c, aliases) : null,
    GwPriority: cfg?.gwPriority ?? 0,
  });
}

/** With `size` (inspect -s), the daemon adds SizeRw and SizeRootFs after GraphDriver, as its struct orders them. */
export function containerJson(world: DockerWorld, c: Container, size = false) {
  const running = c.status === "running";
  const dir = `/var/lib/docker/containers/${c.id}`;
  const defaultEp = c.endpoints.find((e) => world.docker.networks.find((n) => n.id === e.networkId)?.isDefault);
  const networks = sortedObject(
    c.networks.flatMap((nid): [string, ReturnType<typeof endpointJson>][] => {
      const net = world.docker.networks.find((n) => n.id === nid);
      return net ? [[net.name, endpointJson(world, c, nid)]] : [];
    }),
  );
  const cmd = [...c.entrypoint, ...c.cmd];
  // Layer and sandbox ids are derived from the container id: stable, and 64 hex like the real ones.
  const reversed = c.id.split("").reverse().join("");
  const layer = reversed;
  const imageLayer = (containerImage(c)?.id ?? "").slice(7);
  return {
    Id: c.id,
    Created: rfc3339Nano(c.created),
    Path: cmd[0] ?? "",
    Args: cmd.slice(1),
    State: {
      Status: running && c.paused ? "paused" : c.status,
      Running: running,
      Paused: running && c.paused === true,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: running ? c.pid : 0,
      ExitCode: c.exitCode,
      Error: c.startError ?? "",
      StartedAt: rfc3339Nano(c.startedAt),
      FinishedAt: rfc3339Nano(c.finishedAt),
      ...(c.settings?.health
        ? {
            Health: {
              Status: c.status === "running" ? (c.health?.status ?? "starting") : "unhealthy",
              FailingStreak: c.health?.failingStreak ?? 0,
              Log: [],
            },
          }
        : {}),
    },
    Image: imageIdOf(c.image),
    ResolvConfPath: `${dir}/resolv.conf`,
    HostnamePath: `${dir}/hostname`,
    HostsPath: `${dir}/hosts`,
    LogPath: `${dir}/${c.id}-json.log`,
    Name: `/${c.name}`,
    RestartCount: c.restartCount,
    Driver: "overlay2",
    Platform: "linux",
    MountLabel: "",
    ProcessLabel: "",
    AppArmorProfile: "",
    ExecIDs: null,
    HostConfig: {
      Binds: bindsJson(c),
      ContainerIDFile: "",
      LogConfig: { Type: c.settings?.logDriver ?? "json-file", Config: {} },
      NetworkMode: c.networkMode,
      PortBindings: portBindingsConfig(c),
      RestartPolicy: {
        Name: c.restartPolicy?.name ?? "no",
        MaximumRetryCount: c.restartPolicy?.maximumRetryCount ?? 0,
      },
      AutoRemove: c.autoRemove,
      VolumeDriver: "",
      VolumesFrom: c.settings?.volumesFrom ? [...c.settings.volumesFrom] : null,
      ConsoleSize: [0, 0],
      CapAdd: capsJson(world, c.settings?.capAdd),
      CapDrop: capsJson(world, c.settings?.capDrop),
      CgroupnsMode: "host",
      Dns: [...c.dns],
      DnsOptions: [...(c.dnsOptions ?? [])],
      DnsSearch: [...(c.dnsSearch ?? [])],
      ExtraHosts: c.extraHosts.length ? [...c.extraHosts] : null,
      GroupAdd: null,
      IpcMode: "private",
      Cgroup: "",
      Links: linksJson(c),
      OomScoreAdj: 0,
      PidMode: "",
      Privileged: c.settings?.privileged ?? false,
      PublishAllPorts: c.publishAll,
      ReadonlyRootfs: c.settings?.readOnly ?? false,
      SecurityOpt: null,
      ...(c.settings?.tmpfs
        ? {
            Tmpfs: Object.fromEntries(c.settings.tmpfs.map((t) => [t.split(":")[0]!, t.split(":").slice(1).join(":")])),
          }
        : {}),
      UTSMode: "",
      UsernsMode: "",
      ShmSize: 67108864,
      ...(c.settings?.sysctls ? { Sysctls: sortedObject(Object.entries(c.settings.sysctls)) } : {}),
      Runtime: "runc",
      ...HOST_CONFIG_TAIL,
      ...limitsJson(c),
      Mounts: hostMountsJson(c),
      MaskedPaths: profileOf(world.docker).inspect.maskedPaths,
      // A *bool with omitempty: only `--init` sets it.
      ...(c.settings?.init ? { Init: true } : {}),
    },
    GraphDriver: {
      Data: {
        ...(profileOf(world.docker).inspect.graphDriverId ? { ID: c.id } : {}),
        LowerDir: `/var/lib/docker/overlay2/${layer}-init/diff:/var/lib/docker/overlay2/${imageLayer}/diff`,
        MergedDir: `/var/lib/docker/overlay2/${layer}/merged`,
        UpperDir: `/var/lib/docker/overlay2/${layer}/diff`,
        WorkDir: `/var/lib/docker/overlay2/${layer}/work`,
      },
      Name: "overlay2",
    },
    ...(size ? { SizeRw: sizeRw(world, c), SizeRootFs: sizeRootFs(world, c) } : {}),
    Mounts: mountPointsJson(c),
    Config: {
      Hostname: c.hostname,
      Domainname: c.settings?.domainname ?? "",
      User: "",
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      ExposedPorts: c.exposed.length ? sortedObject(c.exposed.map((k): [string, object] => [k, {}])) : undefined,
      Tty: c.tty,
      OpenStdin: c.interactive,
      StdinOnce: false,
      Env: c.settings?.env ? [...c.settings.env] : null,
      Cmd: [...c.cmd],
      ...(c.settings?.health ? { Healthcheck: healthcheckJson(c.settings.health) } : {}),
      Image: c.image,
      Volumes: configVolumesJson(c),
      WorkingDir: c.settings?.workdir ?? "",
      Entrypoint: c.entrypoint.length ? [...c.entrypoint] : null,
      OnBuild: null,
      Labels: c.settings?.labels ? sortedObject(Object.entries(c.settings.labels)) : {},
      ...(c.settings?.stopTimeout !== undefined ? { StopTimeout: c.settings.stopTimeout } : {}),
    },
    NetworkSettings: {
      Bridge: "",
      SandboxID: running ? reversed : "",
      SandboxKey: running
        ? c.networkMode === "host"
          ? "/var/run/docker/netns/default"
          : `/var/run/docker/netns/${reversed.slice(0, 12)}`
        : "",
      Ports: portMap(world, c),
      HairpinMode: false,
      LinkLocalIPv6Address: "",
      LinkLocalIPv6PrefixLen: 0,
      SecondaryIPAddresses: null,
      SecondaryIPv6Addresses: null,
      EndpointID: defaultEp?.endpointId ?? "",
      Gateway: defaultEp?.gateway ?? "",
      GlobalIPv6Address: "",
      GlobalIPv6PrefixLen: 0,
      IPAddress: defaultEp?.ipAddress ?? "",
      IPPrefixLen: defaultEp?.prefixLen ?? 0,
      IPv6Gateway: "",
      MacAddress: defaultEp?.mac ?? "",
      Networks: networks,
    },
  };
}

/** 28's daemon stores each capability as `CAP_NAME`; 26 keeps what was typed. */
function capsJson(world: DockerWorld, caps: readonly string[] | undefined): string[] | null {
  if (!caps) return null;
  if (!profileOf(world.docker).inspect.capsNormalised) return [...caps];
  return caps.map((x) => (x.toUpperCase() === "ALL" ? "ALL" : "CAP_" + x.toUpperCase().replace(/^CAP_/, "")));
}

/** HostConfig.Links: `/TARGET:/NAME/ALIAS`. */
function linksJson(c: Container): string[] | null {
  const links = c.settings?.links;
  return links ? links.map((l) => `/${l.name}:/${c.name}/${l.alias}`) : null;
}

function imageIdOf(ref: string): string {
  return findImage(ref)?.id ?? "";
}

export function networkJson(world: DockerWorld, n: DockerNetwork) {
  const containers = sortedObject(
    world.docker.containers.flatMap((c): [string, object][] => {
      const ep = c.endpoints.find((e) => e.networkId === n.id);
      if (!ep || c.status !== "running") return [];
      return [
        [
          c.id,
          {
            Name: c.name,
            EndpointID: ep.endpointId,
            MacAddress: ep.mac,
            IPv4Address: ep.ipAddress ? `${ep.ipAddress}/${ep.prefixLen}` : "",
            IPv6Address: ep.ipv6 ? `${ep.ipv6.address}/${ep.ipv6.prefixLen}` : "",
          },
        ],
      ];
    }),
  );
  const isPredefined = ["bridge", "host", "none"].includes(n.name);
  return {
    Name: n.name,
    Id: n.id,
    Created: rfc3339Nano(n.created),
    Scope: "local",
    Driver: n.driver,
    ...(profileOf(world.docker).inspect.enableIPv4 ? { EnableIPv4: ipv4Enabled(n) } : {}),
    EnableIPv6: n.ipv6 !== undefined,
    IPAM: {
      Driver: "default",
      Options: isPredefined ? null : {},
      Config: ipamConfigs(n),
    },
    Internal: n.internal === true,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: "" },
    ConfigOnly: false,
    Containers: containers,
    Options: sortedObject(Object.entries(n.options)),
    Labels: sortedObject(Object.entries(n.labels)),
  };
}

/** `docker port` lines for a container, naturally sorted by the caller. */
export function portLines(bindings: readonly PortBinding[]): string[] {
  return bindings.map((b) => `${b.containerPort}/${b.proto} -> ${joinHostPort(b.hostIp, b.hostPort || "")}`);
}

/** Go's json.MarshalIndent with four spaces, and its HTML escaping. */
export function indentJson(v: unknown): string {
  return JSON.stringify(v, null, 4).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

/**
 * The IPAM config as the daemon keeps it: a subnet it chose comes with its gateway; a
 * given one, only with a given gateway; an `--ip-range` between the two, as the API orders them.
 */
function ipamConfig(n: DockerNetwork): Record<string, unknown> {
  const keepsGateway = n.gateway !== undefined && (!n.userSubnet || n.userGateway === true);
  const aux = n.auxAddresses ?? {};
  return {
    Subnet: n.subnet!,
    ...(n.ipRange !== undefined ? { IPRange: n.ipRange } : {}),
    ...(keepsGateway ? { Gateway: n.gateway } : {}),
    ...(Object.keys(aux).length > 0 ? { AuxiliaryAddresses: sortedObject(Object.entries(aux)) } : {}),
  };
}

/**
 * IPAM.Config as the daemon keeps the request: the given subnets in the CLI's order, and a
 * pool it chose after them (an `--ipv6` network given only its IPv6 subnet lists that first).
 */
function ipamConfigs(n: DockerNetwork): Record<string, unknown>[] {
  const six = n.ipv6 ? [ipamConfig6(n.ipv6)] : n.unusedSubnet6 !== undefined ? [{ Subnet: n.unusedSubnet6 }] : [];
  const four = n.subnet ? [ipamConfig(n)] : [];
  return n.ipamV4First ? [...four, ...six] : [...six, ...four];
}

/** The IPv6 IPAM config: a given subnet alone (or with a given gateway); a pool's with its gateway. */
function ipamConfig6(v6: NetworkIpv6): { Subnet: string; Gateway?: string } {
  return v6.userGateway || v6.fromPool ? { Subnet: v6.subnet, Gateway: v6.gateway } : { Subnet: v6.subnet };
}
