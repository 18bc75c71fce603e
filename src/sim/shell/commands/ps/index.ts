/** `ps`, `pgrep`, `pkill` and `pidof`: report a snapshot of the current processes, look them up or signal them by name. */
import { type CommandModule, flag, valued, words } from "../../spec.ts";
import { pgrep, pkill } from "./pgrep.ts";
import { pidof } from "./pidof.ts";
import { ps } from "./ps.ts";

export const PROCPS: readonly CommandModule[] = [
  {
    spec: {
      name: "ps",
      summary: "report a snapshot of the current processes",
      options: [
        flag("-e"),
        flag("-f"),
        flag("-ef"),
        valued(["-o", "--format"], words("pid,ppid,user,comm,args", "pid,comm", "user,pid,args")),
        valued("-C", words("nginx", "dockerd", "docker-proxy", "containerd")),
        valued("-p"),
        valued(["-u", "-U"], words("root")),
        valued("--sort", words("-%cpu", "-%mem", "-rss", "pid", "comm")),
        flag("--no-headers"),
      ],
      args: [words("aux", "-ef")],
    },
    run: ps,
  },
  {
    spec: {
      name: "pgrep",
      summary: "look up processes based on name and other attributes",
      options: [
        flag(["-l", "--list-name"]),
        flag(["-a", "--list-full"]),
        flag(["-f", "--full"]),
        flag(["-x", "--exact"]),
        flag(["-c", "--count"]),
        valued(["-d", "--delimiter"], words(",", " ")),
        valued(["-u", "--euid"], words("root")),
        valued(["-U", "--uid"], words("root")),
        valued(["-P", "--parent"], words("1")),
      ],
      args: [words("nginx", "dockerd", "docker-proxy", "containerd")],
    },
    run: pgrep,
  },
  {
    spec: {
      name: "pkill",
      summary: "signal processes based on name and other attributes",
      options: [
        flag(["-f", "--full"]),
        flag(["-x", "--exact"]),
        flag(["-e", "--echo"]),
        flag(["-c", "--count"]),
        flag(["-n", "--newest"]),
        flag(["-o", "--oldest"]),
        valued("--signal", words("TERM", "KILL", "HUP", "STOP", "CONT")),
        flag("-9"),
        flag("-HUP"),
      ],
      args: [words("docker-proxy", "nginx", "dockerd")],
    },
    run: pkill,
  },
  {
    spec: {
      name: "pidof",
      summary: "find the process ID of a running program",
      options: [flag("-s"), valued("-o")],
      args: [words("nginx", "dockerd", "docker-proxy", "containerd")],
    },
    run: pidof,
  },
];
