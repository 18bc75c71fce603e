/** `docker version`, `docker info`, `docker images` and `docker pull`, as the oracle's Docker 26.1.5 prints them. */
import { IMAGES } from "../../../machines/images/index.ts";
import type { World } from "../../../world.ts";
import type { CommandResult } from "../../command.ts";
import { renderTemplate } from "../../../docker/template.ts";
import { parseFlags, value } from "./flags.ts";
import { flagsOf, IMAGES_SPEC } from "./spec.ts";
import { renderRows } from "./ps.ts";
import { pullError } from "./run.ts";

export const VERSION_TEXT = `Client:
 Version:           26.1.5+dfsg1
 API version:       1.45
 Go version:        go1.24.4
 Git commit:        a72d7cd
 Built:             Thu Aug 13 05:35:48 2026
 OS/Arch:           linux/amd64
 Context:           default

Server:
 Engine:
  Version:          26.1.5+dfsg1
  API version:      1.45 (minimum version 1.24)
  Go version:       go1.24.4
  Git commit:       411e817
  Built:            Thu Aug 13 05:35:48 2026
  OS/Arch:          linux/amd64
  Experimental:     false
 containerd:
  Version:          1.7.24~ds1
  GitCommit:        1.7.24~ds1-6+deb13u1
 runc:
  Version:          1.1.5+ds1
  GitCommit:        1.1.5+ds1-1+deb12u1
 docker-init:
  Version:          0.19.0
  GitCommit:        
`;

export function dockerInfo(world: World): CommandResult {
  const cs = world.docker.containers;
  const running = cs.filter((c) => c.status === "running").length;
  const hostname = world.netns["host"]?.hostname ?? "docker-host";
  const forwarding = world.netns["host"]?.sysctl["net.ipv4.ip_forward"] === "1";
  const text = `Client:
 Version:    26.1.5+dfsg1
 Context:    default
 Debug Mode: false

Server:
 Containers: ${cs.length}
  Running: ${running}
  Paused: 0
  Stopped: ${cs.length - running}
 Images: ${IMAGES.length}
 Server Version: 26.1.5+dfsg1
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
  Log: awslogs fluentd gcplogs gelf journald json-file local splunk syslog
 Swarm: inactive
 Runtimes: runc io.containerd.runc.v2
 Default Runtime: runc
 Init Binary: docker-init
 containerd version: 1.7.24~ds1-6+deb13u1
 runc version: 1.1.5+ds1-1+deb12u1
 init version: 
 Security Options:
  seccomp
   Profile: builtin
 Kernel Version: 6.18.44-fc-v595
 Operating System: Debian GNU/Linux 12 (bookworm)
 OSType: linux
 Architecture: x86_64
 CPUs: 2
 Total Memory: 23.54GiB
 Name: ${hostname}
 ID: 8572e045-f609-4248-8a5a-7bbe2d9d5ae1
 Docker Root Dir: /var/lib/docker
 Debug Mode: false
 Experimental: false
 Insecure Registries:
  127.0.0.0/8
 Live Restore Enabled: false

`;
  return { world, stdout: text, stderr: forwarding ? "" : "WARNING: IPv4 forwarding is disabled\n", exitCode: 0 };
}

export function dockerImages(argv: readonly string[], world: World): CommandResult {
  const p = parseFlags(argv, flagsOf(IMAGES_SPEC));
  if (!p.ok) return { world, stdout: "", stderr: `${p.error}\nSee 'docker images --help'.\n`, exitCode: 125 };
  const rows = IMAGES.map((i) => ({
    Repository: i.repository,
    Tag: i.tag,
    ID: i.id.slice(7, 19),
    // The lab's images were built before any world's clock starts.
    CreatedSince: "3 weeks ago",
    CreatedAt: "2026-11-08 10:00:00 +0000 UTC",
    Size: i.size,
    Digest: "<none>",
    Containers: "N/A",
    VirtualSize: i.size,
    SharedSize: "N/A",
    UniqueSize: "N/A",
  }));
  if (p.parsed.flags["--quiet"])
    return { world, stdout: rows.map((r) => r.ID + "\n").join(""), stderr: "", exitCode: 0 };
  const format =
    value(p.parsed, "--format") ?? "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
  const r = renderRows(format, rows, {
    Repository: "REPOSITORY",
    Tag: "TAG",
    ID: "IMAGE ID",
    CreatedSince: "CREATED",
    CreatedAt: "CREATED AT",
    Size: "SIZE",
    Digest: "DIGEST",
    Containers: "CONTAINERS",
    VirtualSize: "VIRTUAL SIZE",
    SharedSize: "SHARED SIZE",
    UniqueSize: "UNIQUE SIZE",
  });
  return r.ok
    ? { world, stdout: r.text, stderr: "", exitCode: 0 }
    : { world, stdout: "", stderr: r.error + "\n", exitCode: 1 };
}

/** The lab is offline: pulling fails as on a host whose resolver cannot be reached. */
export function dockerPull(argv: readonly string[], world: World): CommandResult {
  const ref = argv.find((a) => !a.startsWith("-"));
  if (ref === undefined) {
    return {
      world,
      stdout: "",
      stderr:
        "\"docker pull\" requires exactly 1 argument.\nSee 'docker pull --help'.\n\nUsage:  docker pull [OPTIONS] NAME[:TAG|@DIGEST]\n\nDownload an image from a registry\n",
      exitCode: 1,
    };
  }
  const [msg, w] = pullError(world);
  const stdout = ref.includes(":") ? "" : "Using default tag: latest\n";
  return { world: w, stdout, stderr: `Error response from daemon: ${msg}\n`, exitCode: 1 };
}

const CLIENT = {
  Version: "26.1.5+dfsg1",
  ApiVersion: "1.45",
  DefaultAPIVersion: "1.45",
  GitCommit: "a72d7cd",
  GoVersion: "go1.24.4",
  Os: "linux",
  Arch: "amd64",
  BuildTime: "Thu Aug 13 05:35:48 2026",
  Context: "default",
};

const SERVER = {
  Platform: { Name: "" },
  Version: "26.1.5+dfsg1",
  ApiVersion: "1.45",
  MinAPIVersion: "1.24",
  GitCommit: "411e817",
  GoVersion: "go1.24.4",
  Os: "linux",
  Arch: "amd64",
  KernelVersion: "6.18.44-fc-v595",
  BuildTime: "2026-08-13T05:35:48.000000000+00:00",
};

/** `--format` on the version and info views: `{{.Server.Version}}`, `{{.ServerVersion}}`, ... */
function formatted(world: World, format: string, data: unknown): CommandResult {
  const r = renderTemplate(format.replace(/\\t/g, "\t").replace(/\\n/g, "\n"), data);
  if (!r.ok)
    return { world, stdout: "", stderr: `${r.parse ? "failed to parse template: " : ""}${r.error}\n`, exitCode: 1 };
  return { world, stdout: r.text + "\n", stderr: "", exitCode: 0 };
}

export function dockerVersionFormat(world: World, format: string): CommandResult {
  // APIVersion is a method on the client view; templates may use either spelling.
  // Not enumerable, so `{{json .Client}}` prints the struct's fields only.
  const withMethod = <T extends object>(o: T, v: string): T =>
    Object.defineProperty({ ...o }, "APIVersion", { value: v, enumerable: false });
  return formatted(world, format, {
    Client: withMethod(CLIENT, CLIENT.ApiVersion),
    Server: world.docker.running ? withMethod(SERVER, SERVER.ApiVersion) : null,
  });
}

export function dockerInfoFormat(world: World, format: string): CommandResult {
  const cs = world.docker.containers;
  const running = cs.filter((c) => c.status === "running").length;
  return formatted(world, format, {
    ID: "8572e045-f609-4248-8a5a-7bbe2d9d5ae1",
    Containers: cs.length,
    ContainersRunning: running,
    ContainersPaused: 0,
    ContainersStopped: cs.length - running,
    Images: IMAGES.length,
    Driver: "overlay2",
    IPv4Forwarding: world.netns["host"]?.sysctl["net.ipv4.ip_forward"] === "1",
    BridgeNfIptables: true,
    Name: world.netns["host"]?.hostname ?? "docker-host",
    ServerVersion: "26.1.5+dfsg1",
    KernelVersion: "6.18.44-fc-v595",
    OperatingSystem: "Debian GNU/Linux 12 (bookworm)",
    OSType: "linux",
    Architecture: "x86_64",
    NCPU: 2,
    DockerRootDir: "/var/lib/docker",
    CgroupDriver: "cgroupfs",
    CgroupVersion: "1",
  });
}
