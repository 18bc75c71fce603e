/** Docker 28.5.2's texts, as the oracle's Debian build (28.5.2+dfsg4, from unstable) prints them. */
import type { EngineTexts, InfoFacts } from "./profile.ts";

const CLI_COMMIT = "9cc6dea35e9a963f281434761c656fba4ac43aed";
const ENGINE_COMMIT = "3ef3c07c883be49a2e8097bcf6d2952fce1d70eb";

const VERSION_TEXT = `Client:
 Version:           28.5.2+dfsg4
 API version:       1.51
 Go version:        go1.27.1
 Git commit:        ${CLI_COMMIT}
 Built:             Tue Sep 15 11:02:57 2026
 OS/Arch:           linux/amd64
 Context:           default

Server:
 Engine:
  Version:          28.5.2+dfsg4
  API version:      1.51 (minimum version 1.24)
  Go version:       go1.27.1
  Git commit:       ${ENGINE_COMMIT}
  Built:            Tue Sep 15 11:02:57 2026
  OS/Arch:          linux/amd64
  Experimental:     false
 containerd:
  Version:          2.1.9+unknown
  GitCommit:        
 runc:
  Version:          1.1.5+ds1
  GitCommit:        1.1.5+ds1-1+deb12u1
 docker-init:
  Version:          0.19.0
  GitCommit:        
`;

const CLIENT = {
  Version: "28.5.2+dfsg4",
  ApiVersion: "1.51",
  DefaultAPIVersion: "1.51",
  GitCommit: CLI_COMMIT,
  GoVersion: "go1.27.1",
  Os: "linux",
  Arch: "amd64",
  BuildTime: "Tue Sep 15 11:02:57 2026",
  Context: "default",
};

const SERVER = {
  Platform: { Name: "" },
  Version: "28.5.2+dfsg4",
  ApiVersion: "1.51",
  MinAPIVersion: "1.24",
  GitCommit: ENGINE_COMMIT,
  GoVersion: "go1.27.1",
  Os: "linux",
  Arch: "amd64",
  KernelVersion: "6.18.44-fc-v1098",
  BuildTime: "2026-09-15T11:02:57.000000000+00:00",
};

function infoText(f: InfoFacts): string {
  return `Client:
 Version:    28.5.2+dfsg4
 Context:    default
 Debug Mode: false

Server:
 Containers: ${f.containers}
  Running: ${f.running}
  Paused: 0
  Stopped: ${f.containers - f.running}
 Images: ${f.images}
 Server Version: 28.5.2+dfsg4
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
  Log: awslogs fluentd gelf journald json-file local splunk syslog
 CDI spec directories:
  /etc/cdi
  /var/run/cdi
 Swarm: inactive
 Runtimes: io.containerd.runc.v2 runc
 Default Runtime: runc
 Init Binary: docker-init
 containerd version: 
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
 ID: 344527d4-0799-41f3-bf2c-f4c1571ff12b
 Docker Root Dir: /var/lib/docker
 Debug Mode: false
 Experimental: false
 Insecure Registries:
  ::1/128
  127.0.0.0/8
 Live Restore Enabled: false

`;
}

export const TEXTS_28: EngineTexts = {
  versionLine: `Docker version 28.5.2+dfsg4, build ${CLI_COMMIT}`,
  versionText: VERSION_TEXT,
  client: CLIENT,
  server: SERVER,
  infoText,
  infoJson: (f) => ({
    ID: "344527d4-0799-41f3-bf2c-f4c1571ff12b",
    Containers: f.containers,
    ContainersRunning: f.running,
    ContainersPaused: 0,
    ContainersStopped: f.containers - f.running,
    Images: f.images,
    Driver: "overlay2",
    IPv4Forwarding: f.forwarding,
    BridgeNfIptables: true,
    Name: f.hostname,
    ServerVersion: "28.5.2+dfsg4",
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
