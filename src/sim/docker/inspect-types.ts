/**
 * The Go types behind `docker inspect`'s JSON (moby api/types of 26.1 and 28.5), as
 * far as fmt's %v needs them: which objects are structs (and the fields JSON omits,
 * in their place), which are maps, and which nulls are pointers or maps rather than
 * slices (an undeclared null is taken for a nil slice, Docker's most common one; an
 * undeclared object for a map; scalars print as they are).
 */
import type { GoType } from "./go-value.ts";

const S = "s" as const;
const strs: GoType = { slice: S };
const strMap: GoType = { map: S };
const ptr = (t: GoType): GoType => ({ ptr: t });
const struct = (...fields: (readonly [string, GoType])[]): GoType => ({ struct: fields });
/** A struct some of whose JSON names are not its Go field names (`Id` is ID). */
const renamedStruct = (renamed: readonly string[], ...fields: (readonly [string, GoType])[]): GoType => ({
  struct: fields,
  renamed,
});

/** nat.PortMap: map[nat.Port][]nat.PortBinding{HostIP, HostPort}. */
const portMap: GoType = { map: { slice: struct(["HostIp", S], ["HostPort", S]) }, key: "named" };
/** nat.PortSet: map[nat.Port]struct{}. */
const portSet: GoType = { map: "empty", key: "named" };

/** container.HealthConfig: the timings are time.Duration (StartInterval since API 1.44). */
const healthcheck = ptr(
  struct(
    ["Test", strs],
    ["Interval", "dur"],
    ["Timeout", "dur"],
    ["StartPeriod", "dur"],
    ["StartInterval", "dur"],
    ["Retries", "i"],
  ),
);

const health = struct(["Status", S], ["FailingStreak", S], ["Log", { slice: struct() }]);
const state = struct(
  ["Status", S],
  ["Running", S],
  ["Paused", S],
  ["Restarting", S],
  ["OOMKilled", S],
  ["Dead", S],
  ["Pid", S],
  ["ExitCode", S],
  ["Error", S],
  ["StartedAt", S],
  ["FinishedAt", S],
  ["Health", ptr(health)],
);

/** container.Config: the fields JSON omits when empty are put back in their place. */
const config = struct(
  ["Hostname", S],
  ["Domainname", S],
  ["User", S],
  ["AttachStdin", S],
  ["AttachStdout", S],
  ["AttachStderr", S],
  ["ExposedPorts", portSet],
  ["Tty", S],
  ["OpenStdin", S],
  ["StdinOnce", S],
  ["Env", strs],
  ["Cmd", strs],
  ["Healthcheck", healthcheck],
  ["ArgsEscaped", "b"],
  ["Image", S],
  ["Volumes", { map: "empty" }],
  ["WorkingDir", S],
  ["Entrypoint", strs],
  ["NetworkDisabled", "b"],
  ["MacAddress", S],
  ["OnBuild", strs],
  ["Labels", strMap],
  ["StopSignal", S],
  ["StopTimeout", ptr(S)],
  ["Shell", strs],
);

const hostConfig = renamedStruct(
  [
    "Dns",
    "DnsOptions",
    "DnsSearch",
    "CpuShares",
    "CpuPeriod",
    "CpuQuota",
    "CpuRealtimePeriod",
    "CpuRealtimeRuntime",
    "CpuCount",
    "CpuPercent",
  ],
  ["LogConfig", struct(["Type", S], ["Config", strMap])],
  ["CapAdd", strs],
  ["CapDrop", strs],
  ["Links", strs],
  ["Sysctls", strMap],
  ["PortBindings", portMap],
  ["RestartPolicy", struct(["Name", S], ["MaximumRetryCount", S])],
  ["MemorySwappiness", ptr(S)],
  ["PidsLimit", ptr(S)],
  ["OomKillDisable", ptr(S)],
  ["Init", ptr(S)],
  ["Mounts", { slice: struct(["Type", S], ["Source", S], ["Target", S], ["ReadOnly", S]) }],
);

const endpointIpam = struct(["IPv4Address", S], ["IPv6Address", S], ["LinkLocalIPs", strs]);
/** network.EndpointSettings: its field order is the JSON's (each engine's profile writes its own). */
const endpoint = struct(
  ["IPAMConfig", ptr(endpointIpam)],
  ["Links", strs],
  ["Aliases", strs],
  ["DriverOpts", strMap],
  ["DNSNames", strs],
);

const networkSettings = struct(
  ["Ports", portMap],
  ["SecondaryIPAddresses", { slice: struct(["Addr", S], ["PrefixLen", S]) }],
  ["SecondaryIPv6Addresses", { slice: struct(["Addr", S], ["PrefixLen", S]) }],
  ["Networks", { map: ptr(endpoint) }],
);

const mountPoint = struct(
  ["Type", S],
  ["Name", S],
  ["Source", S],
  ["Destination", S],
  ["Driver", S],
  ["Mode", S],
  ["RW", S],
  ["Propagation", S],
);

export const CONTAINER_TYPE: GoType = renamedStruct(
  ["Id"],
  ["ExecIDs", strs],
  ["State", ptr(state)],
  ["HostConfig", ptr(hostConfig)],
  ["GraphDriver", struct(["Data", strMap], ["Name", S])],
  // *int64 filled only by inspect -s: nil (`<nil>`) otherwise.
  ["SizeRw", ptr("i")],
  ["SizeRootFs", ptr("i")],
  ["Mounts", { slice: mountPoint }],
  ["Config", ptr(config)],
  ["NetworkSettings", ptr(networkSettings)],
);

/** network.IPAMConfig{Subnet, IPRange, Gateway, AuxAddress}. */
const ipamConfig = renamedStruct(
  ["AuxiliaryAddresses"],
  ["Subnet", S],
  ["IPRange", S],
  ["Gateway", S],
  ["AuxiliaryAddresses", strMap],
);

export const NETWORK_TYPE: GoType = renamedStruct(
  ["Id"],
  ["Created", "time"],
  ["IPAM", struct(["Driver", S], ["Options", strMap], ["Config", { slice: ipamConfig }])],
  ["ConfigFrom", struct(["Network", S])],
  [
    "Containers",
    {
      map: struct(["Name", S], ["EndpointID", S], ["MacAddress", S], ["IPv4Address", S], ["IPv6Address", S]),
    },
  ],
  ["Options", strMap],
  ["Labels", strMap],
  ["Peers", { slice: struct(["Name", S], ["IP", S]) }],
  ["Services", { map: struct(["VIP", S], ["Ports", strs], ["LocalLBIndex", S], ["Tasks", { slice: struct() }]) }],
);

/** 28's image Config: the OCI image config with Docker's extensions. */
const ociConfig = struct(
  ["User", S],
  ["ExposedPorts", portSet],
  ["Env", strs],
  ["Entrypoint", strs],
  ["Cmd", strs],
  ["Volumes", { map: "empty" }],
  ["WorkingDir", S],
  ["Labels", strMap],
  ["StopSignal", S],
  ["ArgsEscaped", "b"],
  ["Healthcheck", healthcheck],
  ["OnBuild", strs],
  ["Shell", strs],
);

/** image.InspectResponse (26: its Config is a container.Config; 28: the OCI image config). */
export const imageType = (engine: string): GoType =>
  renamedStruct(
    ["Id"],
    ["RepoTags", strs],
    ["RepoDigests", strs],
    ["Config", ptr(engine === "28" ? ociConfig : config)],
    ["GraphDriver", struct(["Data", strMap], ["Name", S])],
    ["RootFS", struct(["Type", S], ["Layers", strs])],
    ["Metadata", struct(["LastTagTime", "time"])],
  );
