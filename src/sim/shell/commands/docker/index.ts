/**
 * The `docker` command (the CLI of the world's engine, docker/engine/): routes each subcommand to its module. Like the
 * real client, everything but `version` fails when the daemon is not running.
 */
import { dockerSwarm, isSwarmCall } from "./swarm.ts";
import type { Command, CommandContext, CommandResult } from "../../command.ts";
import type { CommandModule } from "../../spec.ts";
import { DOCKER } from "./spec.ts";
import { cliCommand, CONTAINER_USAGE } from "./cli-texts.ts";
import { dockerCp } from "./cp.ts";
import { dockerExec } from "./exec.ts";
import { DAEMON_DOWN } from "./flags.ts";
import { profileOf } from "../../../docker/engine/index.ts";
import { dockerInfo, dockerInfoFormat, dockerVersionFormat } from "./info.ts";
import { dockerImageInspect, dockerImages, dockerPull, dockerRmi } from "./images.ts";
import { dockerSystem } from "./system.ts";
import type { PruneInput } from "./prune.ts";
import type { World } from "../../../world.ts";
import { dockerStats, dockerTop } from "./top.ts";
import { dockerInspect } from "./inspect.ts";
import { dockerLogs } from "./logs.ts";
import {
  dockerContainerPrune,
  dockerPause,
  dockerPort,
  dockerRename,
  dockerRm,
  dockerWait,
  dockerStopStart,
} from "./lifecycle.ts";
import { dockerNetwork } from "./network.ts";
import { dockerPs } from "./ps.ts";
import { dockerRun } from "./run.ts";
import { runInContainer } from "./exec.ts";
import { settleHealth } from "../../../docker/health.ts";
import { dockerVolume } from "./volume.ts";
import { dockerMore, IMAGE_GROUP_COMMANDS, MORE_COMMANDS } from "./more.ts";
import { dockerEvents } from "./events.ts";
import { dockerImagePrune } from "./image-prune.ts";

const IMAGE_USAGE = `Usage:  docker image COMMAND

Manage images

Commands:
  build       Build an image from a Dockerfile
  history     Show the history of an image
  import      Import the contents from a tarball to create a filesystem image
  inspect     Display detailed information on one or more images
  load        Load an image from a tar archive or STDIN
  ls          List images
  prune       Remove unused images
  pull        Download an image from a registry
  push        Upload an image to a registry
  rm          Remove one or more images
  save        Save one or more images to a tar archive (streamed to STDOUT by default)
  tag         Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE

Run 'docker image COMMAND --help' for more information on a command.
`;

/** What one call of the CLI costs on the lab's clock (a round trip to the daemon), and an exec's extra. */
const CLI_MS = 30;
const EXEC_MS = 70;

export const docker: Command = (argv, ctx): CommandResult => {
  const r = dockerCli(argv, withHealth(argv, ctx));
  const ms = CLI_MS + (argv[1] === "exec" ? EXEC_MS : 0);
  return { ...r, world: { ...r.world, clock: r.world.clock + ms } };
};

/** What looks at containers sees their health checks run up to now (docker/health.ts). */
function withHealth(argv: readonly string[], ctx: CommandContext): CommandContext {
  const looks = ["ps", "inspect", "container"].includes(argv[1] ?? "");
  if (!looks || !ctx.world.docker.containers.some((c) => c.settings?.health)) return ctx;
  const world = settleHealth(
    ctx.world,
    (c) => runInContainer(ctx.runLine, ctx.world, c, c.settings!.health!.cmd).exitCode,
  );
  return { ...ctx, world };
}

/** The management commands the lab runs: `docker GROUP CMD`. */
const GROUPS: ReadonlySet<string> = new Set(["container", "image", "network", "system", "volume"]);

/** A prune's question is answered from stdin; at the terminal with nothing piped in, by Enter. */
function pruneInput(ctx: CommandContext): PruneInput {
  return { stdin: ctx.stdin, terminal: !ctx.session.noTty && ctx.stdin === "" && ctx.stdinFile === undefined };
}

/**
 * `docker CMD --help`, `docker GROUP CMD --help`: cobra prints the command's help before
 * the command runs. (A --help further on is met by the flag parser: see flagError.)
 */
function helpFirst(world: World, sub: string, rest: readonly string[]): CommandResult | undefined {
  const group = GROUPS.has(sub);
  const path = group && rest[0] !== undefined ? `${sub} ${rest[0]}` : sub;
  if ((group ? rest[1] : rest[0]) !== "--help") return undefined;
  const text = profileOf(world.docker).cli.help[path];
  return text === undefined ? undefined : { world, stdout: text, stderr: "", exitCode: 0 };
}

/**
 * cobra names a command by the path it was reached through, in every usage error and help
 * text: `docker container update -p` sends the learner to 'docker container update --help'.
 */
function asTyped(r: CommandResult, inner: string, typed: string): CommandResult {
  const path = new RegExp(`(?<=^|[\\s"'])docker ${inner}(?=$|[\\s"'])`, "gm");
  return r.stderr.includes(`docker ${inner}`) ? { ...r, stderr: r.stderr.replace(path, `docker ${typed}`) } : r;
}

/**
 * `docker help [COMMAND...]`: the CLI's own help command prints the help of the command those words
 * find, as `--help` after them would; words that name no command (or are left over) are an unknown topic.
 */
function dockerHelp(argv: readonly string[], ctx: CommandContext): CommandResult {
  const words = argv.slice(2);
  const help = profileOf(ctx.world.docker).cli.help;
  let path = "";
  let used = 0;
  for (const w of words.slice(0, 3)) {
    const next = path === "" ? w : `${path} ${w}`;
    if (help[next] === undefined && !(path === "" && GROUPS.has(w))) break;
    path = next;
    used++;
  }
  if (used < words.length)
    return {
      world: ctx.world,
      stdout: "",
      stderr: `unknown help topic: ${words.slice(used).join(" ")}\n`,
      exitCode: 1,
    };
  return dockerCli([argv[0]!, ...words, "--help"], ctx);
}

function isHelp(word: string | undefined): boolean {
  return word === "--help" || word === "-h";
}

function dockerCli(argv: readonly string[], ctx: CommandContext): CommandResult {
  const { world } = ctx;
  let [, sub, ...rest] = argv;
  // `docker`, `docker --help`: the CLI's whole help, every command it has (not only those the lab runs).
  if (sub === undefined || isHelp(sub))
    return { world, stdout: profileOf(world.docker).cli.help[""]!, stderr: "", exitCode: 0 };
  if (sub === "help") return dockerHelp(argv, ctx);
  const help = helpFirst(world, sub, rest);
  if (help) return help;
  if (sub === "-v" || sub === "--version")
    return { world, stdout: profileOf(world.docker).texts.versionLine + "\n", stderr: "", exitCode: 0 };
  // `docker GROUP --help` is `docker GROUP`: cobra prints the group's usage (exit 0) either way.
  if (GROUPS.has(sub) && isHelp(rest[0])) rest = [];
  if (sub === "container" && rest[0] === undefined)
    return { world, stdout: profileOf(world.docker).cli.groupUsage(CONTAINER_USAGE), stderr: "", exitCode: 0 };
  // Management-command spellings: `docker container ls`, `docker image ls`.
  if (sub === "container" && rest[0] === "prune") {
    return world.docker.running
      ? dockerContainerPrune(rest.slice(1), world, pruneInput(ctx))
      : { world, stdout: "", stderr: DAEMON_DOWN, exitCode: 1 };
  }
  if (sub === "image" && rest[0] === "prune") {
    return world.docker.running
      ? dockerImagePrune(rest.slice(1), world, pruneInput(ctx))
      : { world, stdout: "", stderr: DAEMON_DOWN, exitCode: 1 };
  }
  if (sub === "container" && rest[0] !== undefined) {
    const [typed, ...args] = rest;
    const inner = typed === "ls" || typed === "list" ? "ps" : typed;
    return asTyped(dockerCli([argv[0]!, inner, ...args], ctx), inner, `container ${typed}`);
  } else if (sub === "image" && rest[0] !== undefined) {
    if (rest[0] === "inspect") {
      if (!world.docker.running) return { world, stdout: "", stderr: DAEMON_DOWN, exitCode: 1 };
      return dockerImageInspect(rest.slice(1), world);
    }
    const known = ["ls", "list", "rm", "remove", "pull", ...IMAGE_GROUP_COMMANDS];
    if (!known.includes(rest[0]))
      return {
        world,
        stdout: "",
        stderr: profileOf(world.docker).cli.unknownCommand(rest[0], { cmd: cliCommand("image"), usage: IMAGE_USAGE }),
        exitCode: 1,
      };
    if (!world.docker.running) return { world, stdout: "", stderr: DAEMON_DOWN, exitCode: 1 };
    // The CLI names the command as typed in its usage errors.
    if (rest[0] === "ls" || rest[0] === "list") return dockerImages(rest.slice(1), world, "image ls");
    if (rest[0] === "rm" || rest[0] === "remove") return dockerRmi(rest.slice(1), world, "image rm");
    [sub, ...rest] = rest;
  } else if (sub === "image")
    return { world, stdout: profileOf(world.docker).cli.groupUsage(IMAGE_USAGE), stderr: "", exitCode: 0 };
  if (sub === "version" && (rest[0] === "--format" || rest[0] === "-f") && rest[1] !== undefined) {
    return dockerVersionFormat(world, rest[1]);
  }
  if (sub === "version") {
    const VERSION_TEXT = profileOf(world.docker).texts.versionText;
    if (!world.docker.running)
      return {
        world,
        stdout: VERSION_TEXT.slice(0, VERSION_TEXT.indexOf("\nServer:")) + "\n",
        stderr: DAEMON_DOWN,
        exitCode: 1,
      };
    return { world, stdout: VERSION_TEXT, stderr: "", exitCode: 0 };
  }
  const known = [
    "run",
    "create",
    "cp",
    "ps",
    "port",
    "inspect",
    "network",
    "exec",
    "stop",
    "start",
    "restart",
    "kill",
    "rm",
    "logs",
    "rename",
    "pause",
    "unpause",
    "info",
    "images",
    "pull",
    "rmi",
    "top",
    "stats",
    "system",
    "volume",
    "wait",
  ];
  if (isSwarmCall(sub, rest)) {
    if (!world.docker.running) return { world, stdout: "", stderr: DAEMON_DOWN, exitCode: 1 };
    return dockerSwarm(sub!, rest, world);
  }
  if (sub === undefined || (!known.includes(sub) && !MORE_COMMANDS.includes(sub))) {
    return { world, stdout: "", stderr: profileOf(world.docker).cli.unknownCommand(sub ?? ""), exitCode: 1 };
  }
  if (!world.docker.running) return { world, stdout: "", stderr: DAEMON_DOWN, exitCode: 1 };
  if (MORE_COMMANDS.includes(sub)) return dockerMore(sub, rest, ctx, world);
  // `docker system events|info`: the same commands under the management group.
  if (sub === "system" && rest[0] === "events") return dockerEvents(rest.slice(1), world, "system events");
  if (sub === "system" && rest[0] === "info") [sub, ...rest] = rest;
  switch (sub) {
    case "run":
      return dockerRun(rest, ctx);
    case "create":
      return dockerRun(rest, ctx, true);
    case "cp":
      return dockerCp(rest, ctx);
    case "ps":
      return dockerPs(rest, ctx);
    case "port":
      return dockerPort(rest, world);
    case "inspect":
      return dockerInspect(rest, world);
    case "network":
      return dockerNetwork(rest, world, pruneInput(ctx));
    case "exec":
      return dockerExec(rest, ctx);
    case "stop":
    case "start":
    case "restart":
    case "kill":
      return dockerStopStart(sub, rest, world, ctx);
    case "rm":
      return dockerRm(rest, world);
    case "wait":
      return dockerWait(rest, ctx);
    case "logs":
      return dockerLogs(rest, world, ctx.session.noTty === true);
    case "info":
      return (rest[0] === "--format" || rest[0] === "-f") && rest[1] !== undefined
        ? dockerInfoFormat(world, rest[1])
        : dockerInfo(world);
    case "rename":
      return dockerRename(rest, world);
    case "pause":
    case "unpause":
      return dockerPause(sub, rest, world);
    case "images":
      return dockerImages(rest, world);
    case "rmi":
      return dockerRmi(rest, world);
    case "top":
      return dockerTop(rest, ctx);
    case "stats":
      return dockerStats(rest, world);
    case "system":
      return dockerSystem(rest, world, pruneInput(ctx));
    case "volume":
      return dockerVolume(rest, world, pruneInput(ctx));
    default:
      return dockerPull(rest, ctx);
  }
}

export const COMMAND: CommandModule = { spec: DOCKER, run: docker };
