/** Docker 26.1.5's texts, as the oracle's Debian build (26.1.5+dfsg1) prints them. */
import type { EngineTexts, InfoFacts } from "./profile.ts";

const VERSION_TEXT = `Client:
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
  KernelVersion: "6.18.44-fc-v1098",
  BuildTime: "2026-08-13T05:35:48.000000000+00:00",
};

function infoText(f: InfoFacts): string {
  return `Client:
 Version:    26.1.5+dfsg1
 Context:    default
 Debug Mode: false

Server:
 Containers: ${f.containers}
  Running: ${f.running}
  Paused: ${f.paused ?? 0}
  Stopped: ${f.containers - f.running - (f.paused ?? 0)}
 Images: ${f.images}
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
 Runtimes: io.containerd.runc.v2 runc
 Default Runtime: runc
 Init Binary: docker-init
 containerd version: 1.7.24~ds1-6+deb13u1
 runc version: 1.1.5+ds1-1+deb12u1
 init version: 
 Security Options:
  seccomp
   Profile: builtin
 Kernel Version: 6.18.44-fc-v1098
 Operating System: Debian GNU/Linux 12 (bookworm)
 OSType: linux
 Architecture: x86_64
 CPUs: 2
 Total Memory: 23.54GiB
 Name: ${f.hostname}
 ID: 8572e045-f609-4248-8a5a-7bbe2d9d5ae1
 Docker Root Dir: /var/lib/docker
 Debug Mode: false
 Experimental: false
 Insecure Registries:
  127.0.0.0/8
 Live Restore Enabled: false

`;
}

export const TEXTS_26: EngineTexts = {
  versionLine: "Docker version 26.1.5+dfsg1, build a72d7cd",
  versionText: VERSION_TEXT,
  client: CLIENT,
  server: SERVER,
  infoText,
  infoJson: (f) => ({
    ID: "8572e045-f609-4248-8a5a-7bbe2d9d5ae1",
    Containers: f.containers,
    ContainersRunning: f.running,
    ContainersPaused: f.paused ?? 0,
    ContainersStopped: f.containers - f.running - (f.paused ?? 0),
    Images: f.images,
    Driver: "overlay2",
    IPv4Forwarding: f.forwarding,
    BridgeNfIptables: true,
    Name: f.hostname,
    ServerVersion: "26.1.5+dfsg1",
    KernelVersion: "6.18.44-fc-v1098",
    OperatingSystem: "Debian GNU/Linux 12 (bookworm)",
    OSType: "linux",
    Architecture: "x86_64",
    NCPU: 2,
    DockerRootDir: "/var/lib/docker",
    CgroupDriver: "cgroupfs",
    CgroupVersion: "1",
  }),
};
