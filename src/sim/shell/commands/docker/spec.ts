/**
 * The Docker CLI's commands and flags as data (CLI 26.1.5): the subcommands' parsers
 * take their flags from here (flagsOf), and Tab completion reads the same specs, so
 * what completes is what parses.
 */
import {
  CONTAINERS,
  flag,
  FREE,
  IMAGES,
  NETWORKS,
  valued,
  words,
  type CommandSpec,
  type OptionSpec,
} from "../../spec.ts";
import type { FlagSpec } from "./flags.ts";
import { FORMAT, FORMAT_F } from "./spec-format.ts";
import { VOLUME } from "./spec-volume.ts";

export { VOLUME_COMMANDS } from "./spec-volume.ts";
import { EVENTS, IMAGE_GROUP_SPECS, MORE_SPECS } from "./spec-more.ts";

/** Flag tables by spec: every docker call parses its flags, and a spec never changes. */
const TABLES = new WeakMap<CommandSpec, FlagSpec>();

/** A parser's flag table from a spec: every spelling, aliased to the option's first long name. */
export function flagsOf(spec: CommandSpec, extra?: Partial<FlagSpec>): FlagSpec {
  if (extra) return { ...tableOf(spec), ...extra };
  let t = TABLES.get(spec);
  if (!t) TABLES.set(spec, (t = tableOf(spec)));
  return t;
}

function tableOf(spec: CommandSpec): FlagSpec {
  const options: readonly OptionSpec[] = spec.options ?? [];
  const aliases: Record<string, string> = {};
  for (const o of options) {
    const canon = o.names.find((n) => n.startsWith("--")) ?? o.names[0]!;
    for (const n of o.names) if (n !== canon) aliases[n] = canon;
  }
  return {
    bools: options.filter((o) => o.arity === 0).flatMap((o) => o.names),
    values: options.filter((o) => o.arity === 1).flatMap((o) => o.names),
    aliases,
  };
}

const SHELLS = words("bash", "sh", "ip", "curl", "cat", "hostname");

export const RUN: CommandSpec = {
  name: "run",
  summary: "Create and run a new container from an image",
  options: [
    flag(["-d", "--detach"], "Run container in background and print container ID"),
    flag(["-i", "--interactive"], "Keep STDIN open even if not attached"),
    flag(["-t", "--tty"], "Allocate a pseudo-TTY"),
    flag("--rm", "Automatically remove the container and its associated anonymous volumes when it exits"),
    flag(["-P", "--publish-all"], "Publish all exposed ports to random ports"),
    flag("--privileged"),
    flag("--init"),
    valued("--name", FREE, "Assign a name to the container"),
    valued(["-p", "--publish"], FREE, "Publish a container's port(s) to the host"),
    valued(["--network", "--net"], NETWORKS, "Connect a container to a network"),
    valued("--add-host"),
    valued("--dns"),
    valued("--dns-search"),
    valued(["--dns-option", "--dns-opt"]),
    valued(["-e", "--env"], FREE, "Set environment variables"),
    valued("--env-file", FREE, "Read in a file of environment variables"),
    valued(["-m", "--memory"], FREE, "Memory limit"),
    valued("--cpus", FREE, "Number of CPUs"),
    valued("--log-driver", words("json-file", "local", "none", "syslog", "journald")),
    valued("--log-opt"),
    valued("--stop-timeout"),
    valued("--stop-signal"),
    valued("--platform"),
    valued("--pull", words("always", "missing", "never")),
    valued("--cidfile"),
    valued("--health-cmd"),
    valued("--health-interval"),
    valued("--health-timeout"),
    valued("--health-retries"),
    valued("--health-start-period"),
    flag("--no-healthcheck"),
    valued(["-h", "--hostname"]),
    valued("--expose"),
    valued("--restart", words("no", "always", "unless-stopped", "on-failure")),
    valued(["-v", "--volume"], FREE, "Bind mount a volume"),
    valued("--mount", FREE, "Attach a filesystem mount to the container"),
    valued("--volumes-from", CONTAINERS, "Mount volumes from the specified container(s)"),
    valued("--tmpfs", FREE, "Mount a tmpfs directory"),
    flag("--read-only", "Mount the container's root filesystem as read only"),
    valued(["-w", "--workdir"]),
    valued(["-u", "--user"]),
    valued("--entrypoint"),
    valued("--ip"),
    valued("--ip6"),
    valued("--mac-address"),
    valued("--network-alias"),
    valued("--cap-add"),
    valued("--cap-drop"),
    valued("--domainname"),
    valued("--sysctl"),
    valued("--link"),
    valued(["-l", "--label"]),
  ],
  args: [IMAGES, SHELLS],
};

export const EXEC: CommandSpec = {
  name: "exec",
  summary: "Execute a command in a running container",
  options: [
    flag(["-i", "--interactive"]),
    flag(["-t", "--tty"]),
    flag(["-d", "--detach"]),
    flag("--privileged"),
    valued(["-e", "--env"]),
    valued(["-u", "--user"]),
    valued(["-w", "--workdir"]),
    valued("--env-file"),
  ],
  args: [CONTAINERS, SHELLS],
};

export const PS: CommandSpec = {
  name: "ps",
  summary: "List containers",
  options: [
    flag(["-a", "--all"]),
    flag(["-q", "--quiet"]),
    flag("--no-trunc"),
    flag(["-l", "--latest"]),
    flag(["-s", "--size"]),
    FORMAT,
    valued(["-n", "--last"]),
    valued(
      ["-f", "--filter"],
      words("status=running", "status=exited", "status=paused", "name=", "network=", "publish="),
    ),
  ],
};

export const STOP_START: CommandSpec = {
  name: "stop",
  summary: "Stop one or more running containers",
  options: [
    flag(["-a", "--attach"]),
    flag(["-i", "--interactive"]),
    valued(["-t", "--time"]),
    valued(["-s", "--signal"]),
  ],
  args: [CONTAINERS],
};

export const RM: CommandSpec = {
  name: "rm",
  summary: "Remove one or more containers",
  options: [flag(["-f", "--force"]), flag(["-v", "--volumes"]), flag(["-l", "--link"])],
  args: [CONTAINERS],
};

export const PAUSE: CommandSpec = {
  name: "pause",
  summary: "Pause all processes within one or more containers",
  args: [CONTAINERS],
};

export const LOGS: CommandSpec = {
  name: "logs",
  summary: "Fetch the logs of a container",
  options: [
    flag(["-f", "--follow"]),
    flag(["-t", "--timestamps"]),
    flag("--details"),
    valued(["-n", "--tail"]),
    valued("--since"),
    valued("--until"),
  ],
  args: [CONTAINERS],
};

export const CP: CommandSpec = {
  name: "cp",
  summary: "Copy files/folders between a container and the local filesystem",
  options: [
    flag(["-L", "--follow-link"], "Always follow symlinks in SRC_PATH"),
    flag(["-a", "--archive"], "Archive mode (copy all uid/gid information)"),
    flag(["-q", "--quiet"], "Suppress progress output during copy"),
  ],
  args: [CONTAINERS, FREE],
};

export const IMAGES_SPEC: CommandSpec = {
  name: "images",
  summary: "List images",
  options: [
    flag(["-q", "--quiet"]),
    flag(["-a", "--all"]),
    flag("--no-trunc"),
    flag("--digests"),
    FORMAT,
    valued(["-f", "--filter"]),
  ],
};

export const NETWORK_LS: CommandSpec = {
  name: "ls",
  aliases: ["list"],
  summary: "List networks",
  options: [
    flag(["-q", "--quiet"]),
    flag("--no-trunc"),
    FORMAT,
    valued(
      ["-f", "--filter"],
      words("driver=", "name=", "id=", "label=", "scope=local", "type=custom", "type=builtin", "dangling=true"),
    ),
  ],
};

export const NETWORK_CREATE: CommandSpec = {
  name: "create",
  summary: "Create a network",
  options: [
    flag("--internal"),
    flag("--attachable"),
    flag("--ipv6"),
    valued(["-d", "--driver"], words("bridge")),
    valued("--subnet"),
    valued("--gateway"),
    valued("--ip-range"),
    valued("--aux-address"),
    valued(
      ["-o", "--opt"],
      words(
        "com.docker.network.bridge.name=",
        "com.docker.network.bridge.enable_ip_masquerade=false",
        "com.docker.network.bridge.enable_icc=false",
        "com.docker.network.bridge.host_binding_ipv4=",
        "com.docker.network.driver.mtu=",
      ),
    ),
    valued("--label"),
  ],
  args: [FREE],
};

export const NETWORK_PRUNE: CommandSpec = {
  name: "prune",
  summary: "Remove all unused networks",
  options: [flag(["-f", "--force"]), valued("--filter", words("until=", "label=", "label!="))],
};

export const CONTAINER_PRUNE: CommandSpec = {
  name: "prune",
  summary: "Remove all stopped containers",
  options: [flag(["-f", "--force"]), valued("--filter", words("until=", "label=", "label!="))],
};

export const SYSTEM_PRUNE: CommandSpec = {
  name: "prune",
  summary: "Remove unused data",
  options: [
    flag(["-a", "--all"]),
    valued("--filter", words("until=", "label=", "label!=")),
    flag(["-f", "--force"]),
    flag("--volumes"),
  ],
};

export const NETWORK_CONNECT: CommandSpec = {
  name: "connect",
  summary: "Connect a container to a network",
  options: [flag(["-f", "--force"]), valued("--ip"), valued("--alias")],
  args: [NETWORKS, CONTAINERS],
};

const NETWORK: CommandSpec = {
  name: "network",
  summary: "Manage networks",
  subcommands: [
    NETWORK_LS,
    NETWORK_CREATE,
    NETWORK_CONNECT,
    { ...NETWORK_CONNECT, name: "disconnect", summary: "Disconnect a container from a network" },
    {
      name: "inspect",
      summary: "Display detailed information on one or more networks",
      options: [FORMAT],
      args: [NETWORKS],
    },
    { name: "rm", aliases: ["remove"], summary: "Remove one or more networks", args: [NETWORKS] },
    NETWORK_PRUNE,
  ],
};

const INSPECT: CommandSpec = {
  name: "inspect",
  summary: "Return low-level information on Docker objects",
  options: [
    flag(["-s", "--size"]),
    valued(["--format", "-f"]),
    valued("--type", words("container", "network", "image")),
  ],
  args: [CONTAINERS],
};

const RMI: CommandSpec = {
  name: "rmi",
  summary: "Remove one or more images",
  options: [flag(["-f", "--force"]), flag("--no-prune")],
  args: [IMAGES],
};

const CONTAINER_ARGS = (name: string, summary: string): CommandSpec => ({ ...STOP_START, name, summary });

/** `docker` and every subcommand the lab models, in `docker --help`'s words. */
export const DOCKER: CommandSpec = {
  name: "docker",
  summary: "A self-sufficient runtime for containers",
  options: [flag(["-v", "--version"]), flag(["-h", "--help"])],
  subcommands: [
    RUN,
    { ...RUN, name: "create", summary: "Create a new container" },
    EXEC,
    PS,
    IMAGES_SPEC,
    { name: "pull", summary: "Download an image from a registry", args: [IMAGES] },
    { name: "info", summary: "Display system-wide information", options: [FORMAT] },
    { name: "version", summary: "Show the Docker version information", options: [FORMAT] },
    {
      name: "container",
      summary: "Manage containers",
      subcommands: [{ ...PS, name: "ls", aliases: ["list", "ps"] }, CONTAINER_PRUNE],
    },
    {
      name: "image",
      summary: "Manage images",
      subcommands: [
        { ...IMAGES_SPEC, name: "ls", aliases: ["list"] },
        { ...RMI, name: "rm", aliases: ["remove"] },
        {
          name: "inspect",
          summary: "Display detailed information on one or more images",
          options: [FORMAT_F],
          args: [IMAGES],
        },
        { name: "pull", summary: "Download an image from a registry", args: [IMAGES] },
        ...IMAGE_GROUP_SPECS,
      ],
    },
    RMI,
    {
      name: "top",
      summary: "Display the running processes of a container",
      args: [CONTAINERS, words("-ef", "aux", "-o")],
    },
    {
      name: "stats",
      summary: "Display a live stream of container(s) resource usage statistics",
      options: [flag(["-a", "--all"]), flag("--no-stream"), flag("--no-trunc"), FORMAT],
      args: [CONTAINERS],
    },
    {
      name: "system",
      summary: "Manage Docker",
      subcommands: [
        { name: "df", summary: "Show docker disk usage", options: [flag(["-v", "--verbose"]), FORMAT] },
        SYSTEM_PRUNE,
        { ...EVENTS, name: "events" },
      ],
    },
    NETWORK,
    VOLUME,
    INSPECT,
    CP,
    CONTAINER_ARGS("kill", "Kill one or more running containers"),
    LOGS,
    PAUSE,
    { ...PAUSE, name: "unpause", summary: "Unpause all processes within one or more containers" },
    { name: "port", summary: "List port mappings or a specific mapping for the container", args: [CONTAINERS] },
    CONTAINER_ARGS("restart", "Restart one or more containers"),
    RM,
    CONTAINER_ARGS("start", "Start one or more stopped containers"),
    STOP_START,
    { name: "rename", summary: "Rename a container", args: [CONTAINERS, FREE] },
    {
      name: "wait",
      summary: "Block until one or more containers stop, then print their exit codes",
      args: [CONTAINERS],
    },
    ...MORE_SPECS,
  ],
};
