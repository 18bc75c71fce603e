/**
 * The CLI's usage lines and one-line descriptions per command, and the usage and
 * flag errors built from them in the wording of the world's engine (26's
 * `"docker run" requires ... See 'docker run --help'.`, 28's cobra validators).
 */
import { profileOf } from "../../../docker/engine/index.ts";
import type { ArgsRule, CliCommand } from "../../../docker/engine/profile.ts";
import type { World } from "../../../world.ts";
import type { CommandResult } from "../../command.ts";

const COMMANDS: Readonly<Record<string, readonly [useLine: string, short: string]>> = {
  run: ["[OPTIONS] IMAGE [COMMAND] [ARG...]", "Create and run a new container from an image"],
  create: ["[OPTIONS] IMAGE [COMMAND] [ARG...]", "Create a new container"],
  cp: [
    "[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
    "Copy files/folders between a container and the local filesystem",
  ],
  exec: ["[OPTIONS] CONTAINER COMMAND [ARG...]", "Execute a command in a running container"],
  ps: ["[OPTIONS]", "List containers"],
  stop: ["[OPTIONS] CONTAINER [CONTAINER...]", "Stop one or more running containers"],
  start: ["[OPTIONS] CONTAINER [CONTAINER...]", "Start one or more stopped containers"],
  restart: ["[OPTIONS] CONTAINER [CONTAINER...]", "Restart one or more containers"],
  kill: ["[OPTIONS] CONTAINER [CONTAINER...]", "Kill one or more running containers"],
  pause: ["CONTAINER [CONTAINER...]", "Pause all processes within one or more containers"],
  unpause: ["CONTAINER [CONTAINER...]", "Unpause all processes within one or more containers"],
  rm: ["[OPTIONS] CONTAINER [CONTAINER...]", "Remove one or more containers"],
  logs: ["[OPTIONS] CONTAINER", "Fetch the logs of a container"],
  port: ["CONTAINER [PRIVATE_PORT[/PROTO]]", "List port mappings or a specific mapping for the container"],
  rename: ["CONTAINER NEW_NAME", "Rename a container"],
  inspect: ["[OPTIONS] NAME|ID [NAME|ID...]", "Return low-level information on Docker objects"],
  images: ["[OPTIONS] [REPOSITORY[:TAG]]", "List images"],
  pull: ["[OPTIONS] NAME[:TAG|@DIGEST]", "Download an image from a registry"],
  image: ["COMMAND", "Manage images"],
  "image ls": ["[OPTIONS] [REPOSITORY[:TAG]]", "List images"],
  rmi: ["[OPTIONS] IMAGE [IMAGE...]", "Remove one or more images"],
  "image rm": ["[OPTIONS] IMAGE [IMAGE...]", "Remove one or more images"],
  "image inspect": ["[OPTIONS] IMAGE [IMAGE...]", "Display detailed information on one or more images"],
  top: ["CONTAINER [ps OPTIONS]", "Display the running processes of a container"],
  stats: ["[OPTIONS] [CONTAINER...]", "Display a live stream of container(s) resource usage statistics"],
  system: ["COMMAND", "Manage Docker"],
  "system df": ["[OPTIONS]", "Show docker disk usage"],
  "system prune": ["[OPTIONS]", "Remove unused data"],
  "container prune": ["[OPTIONS]", "Remove all stopped containers"],
  "image prune": ["[OPTIONS]", "Remove unused images"],
  "network ls": ["[OPTIONS]", "List networks"],
  "network create": ["[OPTIONS] NETWORK", "Create a network"],
  "network rm": ["NETWORK [NETWORK...]", "Remove one or more networks"],
  "network inspect": ["[OPTIONS] NETWORK [NETWORK...]", "Display detailed information on one or more networks"],
  "network connect": ["[OPTIONS] NETWORK CONTAINER", "Connect a container to a network"],
  "network disconnect": ["[OPTIONS] NETWORK CONTAINER", "Disconnect a container from a network"],
  "network prune": ["[OPTIONS]", "Remove all unused networks"],
  events: ["[OPTIONS]", "Get real time events from the server"],
  "system events": ["[OPTIONS]", "Get real time events from the server"],
  update: ["[OPTIONS] CONTAINER [CONTAINER...]", "Update configuration of one or more containers"],
  attach: ["[OPTIONS] CONTAINER", "Attach local standard input, output, and error streams to a running container"],
  tag: ["SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]", "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE"],
  history: ["[OPTIONS] IMAGE", "Show the history of an image"],
  diff: ["CONTAINER", "Inspect changes to files or directories on a container's filesystem"],
  commit: ["[OPTIONS] CONTAINER [REPOSITORY[:TAG]]", "Create a new image from a container's changes"],
  save: ["[OPTIONS] IMAGE [IMAGE...]", "Save one or more images to a tar archive (streamed to STDOUT by default)"],
  load: ["[OPTIONS]", "Load an image from a tar archive or STDIN"],
  export: ["[OPTIONS] CONTAINER", "Export a container's filesystem as a tar archive"],
  build: ["[OPTIONS] PATH | URL | -", "Build an image from a Dockerfile"],
  "image build": ["[OPTIONS] PATH | URL | -", "Build an image from a Dockerfile"],
  push: ["[OPTIONS] NAME[:TAG]", "Upload an image to a registry"],
  search: ["[OPTIONS] TERM", "Search Docker Hub for images"],
  login: ["[OPTIONS] [SERVER]", "Log in to a registry"],
  logout: ["[SERVER]", "Log out from a registry"],
};

/** `run`, `network create`, ... as the usage texts name it. */
export function cliCommand(name: string): CliCommand {
  const [useLine, short] = COMMANDS[name] ?? ["", ""];
  const path = `docker ${name}`;
  return { path, useLine: useLine === "" ? path : `${path} ${useLine}`, short };
}

/** Too few or too many arguments: the CLI's usage error, exit 1. */
export function argsError(world: World, name: string, rule: ArgsRule): CommandResult {
  return { world, stdout: "", stderr: profileOf(world.docker).cli.argsError(cliCommand(name), rule), exitCode: 1 };
}

/** A flag the command rejects: exit 125. */
export function flagError(world: World, name: string, error: string): CommandResult {
  // pflag meets --help (or -h where the command has no -h of its own) as ErrHelp, which cobra
  // answers with the command's help on stdout; flags before it were parsed, and the ones after are not.
  // The CLI marks -h as a deprecated shorthand of its persistent --help, so pflag says so (on the
  // command's output, stdout) before cobra prints the help.
  const short = error === "unknown shorthand flag: 'h' in -h";
  if (error === "unknown flag: --help" || short) {
    const help = profileOf(world.docker).cli.help[name];
    const said = short ? profileOf(world.docker).cli.helpShorthand : "";
    if (help !== undefined) return { world, stdout: said + help, stderr: "", exitCode: 0 };
  }
  return { world, stdout: "", stderr: profileOf(world.docker).cli.flagError(cliCommand(name), error), exitCode: 125 };
}

/** `docker container` (and `docker container --help`): the group's usage, as CLI 26.1 lists its commands. */
export const CONTAINER_USAGE = `Usage:  docker container COMMAND

Manage containers

Commands:
  attach      Attach local standard input, output, and error streams to a running container
  commit      Create a new image from a container's changes
  cp          Copy files/folders between a container and the local filesystem
  create      Create a new container
  diff        Inspect changes to files or directories on a container's filesystem
  exec        Execute a command in a running container
  export      Export a container's filesystem as a tar archive
  inspect     Display detailed information on one or more containers
  kill        Kill one or more running containers
  logs        Fetch the logs of a container
  ls          List containers
  pause       Pause all processes within one or more containers
  port        List port mappings or a specific mapping for the container
  prune       Remove all stopped containers
  rename      Rename a container
  restart     Restart one or more containers
  rm          Remove one or more containers
  run         Create and run a new container from an image
  start       Start one or more stopped containers
  stats       Display a live stream of container(s) resource usage statistics
  stop        Stop one or more running containers
  top         Display the running processes of a container
  unpause     Unpause all processes within one or more containers
  update      Update configuration of one or more containers
  wait        Block until one or more containers stop, then print their exit codes

Run 'docker container COMMAND --help' for more information on a command.
`;
