/**
 * `docker version` and `docker info` as the CLI lays them out, filled from one build's
 * facts. The layout is the CLI's and alike across versions; what a build differs in
 * (versions, commits, dates, containerd, log plugins, CDI, insecure registries) is its
 * `Build`, so a later engine's texts are a new `Build`, not a copy of the layout.
 */
import type { EngineTexts, InfoFacts } from "./profile.ts";
import { HOST_CPUS } from "../../machines/host.ts";
import { typed, type GoType } from "../go-value.ts";

export interface Build {
  /** The package version, e.g. `26.1.5+dfsg1`. */
  readonly version: string;
  readonly api: string;
  readonly go: string;
  readonly cliCommit: string;
  readonly engineCommit: string;
  /** The build date as the CLI prints it (`Thu Aug 13 05:35:48 2026`) and as the API sends it. */
  readonly built: string;
  readonly builtIso: string;
  readonly containerd: { readonly version: string; readonly commit: string };
  readonly logPlugins: string;
  /** `docker info`'s CDI spec directories (28 lists them, 26 has no such line). */
  readonly cdiDirs?: readonly string[];
  readonly insecureRegistries: readonly string[];
  /** The daemon's ID (from its key.json; fixed per install). */
  readonly id: string;
  /** Info's BridgeNfIptables: API 1.48 (28) dropped the field from the struct, so a template naming it fails. */
  readonly bridgeNfIptables: boolean;
  /** Info's FirewallBackend (28 only): the driver that writes the rules. */
  readonly firewallBackend?: string;
}

const FIREWALL_INFO: GoType = {
  ptr: {
    struct: [
      ["Driver", "s"],
      ["Info", { slice: { slice: "s" } }],
    ],
  },
};

const KERNEL = "6.18.44-fc-v1098";
const RUNC = { version: "1.1.5+ds1", commit: "1.1.5+ds1-1+deb12u1" };

function versionText(b: Build): string {
  return `Client:
 Version:           ${b.version}
 API version:       ${b.api}
 Go version:        ${b.go}
 Git commit:        ${b.cliCommit}
 Built:             ${b.built}
 OS/Arch:           linux/amd64
 Context:           default

Server:
 Engine:
  Version:          ${b.version}
  API version:      ${b.api} (minimum version 1.24)
  Go version:       ${b.go}
  Git commit:       ${b.engineCommit}
  Built:            ${b.built}
  OS/Arch:          linux/amd64
  Experimental:     false
 containerd:
  Version:          ${b.containerd.version}
  GitCommit:        ${b.containerd.commit}
 runc:
  Version:          ${RUNC.version}
  GitCommit:        ${RUNC.commit}
 docker-init:
  Version:          0.19.0
  GitCommit:        
`;
}

/** Stopped counts neither the running nor the paused (a paused container is not running). */
const stopped = (f: InfoFacts): number => f.containers - f.running - (f.paused ?? 0);

function infoText(b: Build, f: InfoFacts): string {
  const cdi = b.cdiDirs ? ` CDI spec directories:\n${b.cdiDirs.map((d) => `  ${d}\n`).join("")}` : "";
  return `Client:
 Version:    ${b.version}
 Context:    default
 Debug Mode: false

Server:
 Containers: ${f.containers}
  Running: ${f.running}
  Paused: ${f.paused ?? 0}
  Stopped: ${stopped(f)}
 Images: ${f.images}
 Server Version: ${b.version}
 Storage Driver: overlay2
  Backing Filesystem: extfs
  Supports d_type: true
  Using metacopy: false
  Native Overlay Diff: true
  userxattr: false
 Logging Driver: json-file
 Cgroup Driver: cgroupfs
 Cgroup Version: 1
 Plugins:
  Volume: local
  Network: bridge host ipvlan macvlan null overlay
  Log: ${b.logPlugins}
${cdi} Swarm: inactive
 Runtimes: io.containerd.runc.v2 runc
 Default Runtime: runc
 Init Binary: docker-init
 containerd version: ${b.containerd.commit}
 runc version: ${RUNC.commit}
 init version: 
 Security Options:
  seccomp
   Profile: builtin
 Kernel Version: ${KERNEL}
 Operating System: Debian GNU/Linux 12 (bookworm)
 OSType: linux
 Architecture: x86_64
 CPUs: 2
 Total Memory: 23.54GiB
 Name: ${f.hostname}
 ID: ${b.id}
 Docker Root Dir: /var/lib/docker
 Debug Mode: false
 Experimental: false
 Insecure Registries:
${b.insecureRegistries.map((r) => `  ${r}\n`).join("")} Live Restore Enabled: ${f.liveRestore ?? false}

`;
}

export function engineTexts(b: Build): EngineTexts {
  return {
    versionLine: `Docker version ${b.version}, build ${b.cliCommit}`,
    versionText: versionText(b),
    client: {
      Version: b.version,
      ApiVersion: b.api,
      DefaultAPIVersion: b.api,
      GitCommit: b.cliCommit,
      GoVersion: b.go,
      Os: "linux",
      Arch: "amd64",
      BuildTime: b.built,
      Context: "default",
    },
    server: {
      Platform: { Name: "" },
      Version: b.version,
      ApiVersion: b.api,
      MinAPIVersion: "1.24",
      GitCommit: b.engineCommit,
      GoVersion: b.go,
      Os: "linux",
      Arch: "amd64",
      KernelVersion: KERNEL,
      BuildTime: b.builtIso,
    },
    infoText: (f) => infoText(b, f),
    infoJson: (f) => ({
      ID: b.id,
      Containers: f.containers,
      ContainersRunning: f.running,
      ContainersPaused: f.paused ?? 0,
      ContainersStopped: stopped(f),
      Images: f.images,
      Driver: "overlay2",
      Plugins: {
        Volume: ["local"],
        Network: ["bridge", "host", "ipvlan", "macvlan", "null", "overlay"],
        Authorization: null,
        Log: b.logPlugins.split(" "),
      },
      IPv4Forwarding: f.forwarding,
      ...(b.bridgeNfIptables ? { BridgeNfIptables: true } : {}),
      Name: f.hostname,
      ServerVersion: b.version,
      KernelVersion: KERNEL,
      OperatingSystem: "Debian GNU/Linux 12 (bookworm)",
      OSType: "linux",
      Architecture: "x86_64",
      NCPU: HOST_CPUS,
      DockerRootDir: "/var/lib/docker",
      CgroupDriver: "cgroupfs",
      CgroupVersion: "1",
      Swarm: {
        NodeID: "",
        NodeAddr: "",
        LocalNodeState: "inactive",
        ControlAvailable: false,
        Error: "",
        RemoteManagers: null,
      },
      DefaultRuntime: "runc",
      LiveRestoreEnabled: f.liveRestore ?? false,
      // The daemon's --default-address-pool: none given, so a nil slice.
      DefaultAddressPools: null,
      // A *FirewallInfo: %v follows it and prints the struct with its nil Info slice.
      ...(b.firewallBackend !== undefined
        ? { FirewallBackend: typed({ Driver: b.firewallBackend }, FIREWALL_INFO) }
        : {}),
      // The daemon's warnings, which the CLI's plain view prints on stderr.
      Warnings: f.forwarding ? null : ["WARNING: IPv4 forwarding is disabled"],
    }),
  };
}
