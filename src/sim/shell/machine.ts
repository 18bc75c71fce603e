/**
 * Which machine a session's commands run on, and what is installed there: the one
 * place that decides whether a name is a command the shell can run or one it
 * answers "not found" for (`bash: x: command not found`, busybox `sh: x: not
 * found`), and whether `docker exec` finds an executable on the image's PATH.
 * The machines themselves are data (machines/): the host, the internet, and each
 * container by its image.
 */
import { findContainer } from "../docker/container.ts";
import type { Container } from "../docker/types.ts";
import { isHandMade } from "../kernel/named-netns.ts";
import { HOST_MACHINE } from "../machines/host.ts";
import { containerImage, findImage } from "../machines/images/index.ts";
import { INTERNET_MACHINE } from "../machines/internet.ts";
import { BUSYBOX_APPLETS } from "../machines/packages.ts";
import type { MachineSpec, PackageName } from "../machines/types.ts";
import type { World } from "../world.ts";
import type { Session } from "./command.ts";

export interface Machine {
  readonly kind: "host" | "internet" | "container";
  readonly spec: MachineSpec;
  /** The container, when the session runs in one (its netns may be the host's, with `--network host`). */
  readonly container?: Container;
}

const HOST: Machine = { kind: "host", spec: HOST_MACHINE };
const INTERNET: Machine = { kind: "internet", spec: INTERNET_MACHINE };

/**
 * A namespace no container of the engine owns (worlds built by hand, as the tests
 * do) is taken for a container of the lab's stock image, the oracle's nginx.
 */
const STOCK_IMAGE = "nginx";

/** The machine a session is attached to. */
export function machineOf(world: World, session: Session): Machine {
  // `nsenter -n`: only the network namespace moved; the programs are the machine's own.
  if (session.mounts !== undefined) return machineOf(world, { machine: session.mounts });
  // A namespace made with `ip netns add` runs the host's programs (a terminal attached to one by hand).
  if (isHandMade(session.machine) && session.container === undefined) return HOST;
  const containerId =
    session.container ?? (session.machine === "host" || session.machine === "internet" ? undefined : session.machine);
  if (containerId === undefined) return session.machine === "internet" ? INTERNET : HOST;
  const container = findContainer(world, containerId);
  const spec = (container ? containerImage(container) : findImage(STOCK_IMAGE))!.machine;
  return container ? { kind: "container", spec, container } : { kind: "container", spec };
}

/** The shell reading the session's lines: the one it was started as, else the machine's login shell. */
export function shellOf(session: Session, machine: Machine): NonNullable<Session["shell"]> {
  return session.shell ?? machine.spec.shell;
}

/** Commands every shell runs itself, whatever is installed (the ones the lab models). */
const JOB_CONTROL = ["kill", "jobs", "fg", "bg", "wait"];
const COMMON = ["echo", "true", "false", "exit", "exec", "pwd", "cd", "export", "readonly", "unset", ":", "break", "continue", "read", "return", "local", "shift", "set", "eval", "let", ".", "source", "help", "history", "umask", "getopts", "ulimit"]; // prettier-ignore
const TESTS = ["test", "[", "printf", "type", "command", "trap"];
const ALIASES = ["alias", "unalias", "hash"];
/** bash's own: busybox ash and dash have none of these. */
const BASH_ONLY = ["declare", "typeset", "mapfile", "readarray", "dirs", "pushd", "popd", "shopt"];
const BASH = [...COMMON, ...TESTS, ...JOB_CONTROL, ...ALIASES, ...BASH_ONLY];
const BUILTINS: Readonly<Record<NonNullable<Session["shell"]>, readonly string[]>> = {
  bash: BASH,
  "bash-c": BASH,
  // busybox ash builds test, [, printf and type in; `command` too.
  sh: [...COMMON, ...TESTS, ...JOB_CONTROL, ...ALIASES],
};

/**
 * Where `name` comes from when a shell runs it on this machine: `builtin`, the
 * package of the program on PATH, `busybox` for an applet busybox's standalone sh
 * runs, or undefined when the shell finds nothing.
 */
export function providerOf(
  machine: Machine,
  shell: NonNullable<Session["shell"]>,
  name: string,
): PackageName | undefined {
  if (BUILTINS[shell].includes(name)) return "builtin";
  if (Object.hasOwn(machine.spec.programs, name)) return machine.spec.programs[name];
  if (shell === "sh" && machine.spec.busyboxStandalone && BUSYBOX_APPLETS.includes(name)) return "busybox";
  return undefined;
}

/** Whether a program comes from busybox here (its output and errors take busybox's wording). */
export function isBusybox(machine: Machine, name: string): boolean {
  const pkg = Object.hasOwn(machine.spec.programs, name) ? machine.spec.programs[name] : undefined;
  return pkg === "busybox" || (pkg === undefined && machine.spec.busyboxStandalone);
}

/** How the shell starts an error message about the line it runs. */
export function errorPrefix(shell: NonNullable<Session["shell"]>): string {
  return shell === "bash-c" ? "bash: line 1: " : shell === "sh" ? "sh: " : "bash: ";
}

/** Whether busybox ash runs a builtin here, and how the shell starts the builtin's error lines. */
export function builtinShell(world: World, session: Session): { readonly sh: boolean; readonly prefix: string } {
  const shell = shellOf(session, machineOf(world, session));
  return { sh: shell === "sh", prefix: errorPrefix(shell) };
}

/** What the shell says for a name it cannot run (exit status 127). */
export function notFoundText(shell: NonNullable<Session["shell"]>, name: string): string {
  if (shell === "sh") return `sh: ${name}: not found\n`;
  return `bash: ${shell === "bash-c" ? "line 1: " : ""}${name}: command not found\n`;
}

/** Whether `docker exec`/`docker run` finds `argv0` on the image's PATH (no shell: no builtins, no applets by name). */
export function onPath(spec: MachineSpec, argv0: string): boolean {
  const name = argv0.replace(/^\/(usr\/)?s?bin\//, "");
  return Object.hasOwn(spec.programs, name);
}

/**
 * How a shell inside a container stands: `gone` once its container has stopped or been
 * removed (the `docker exec` session ended then: the terminal is back on the host,
 * docker having printed nothing, with status 137), `frozen` while it is paused (its
 * shell reads nothing), else `live`. Sessions outside containers are always live.
 */
export function containerSessionState(world: World, session: Session): "live" | "gone" | "frozen" {
  // Only a shell that docker started in a container (session.container) can lose it; a
  // session on a bare namespace (a world built by hand) is its own machine.
  const id = session.container;
  if (id === undefined) return "live";
  const c = world.docker.containers.find((x) => x.id === id);
  if (!c || c.status !== "running") return "gone";
  return c.paused ? "frozen" : "live";
}
