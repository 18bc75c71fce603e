/**
 * `docker exec`: one command in a running container's network namespace, run by
 * the lab's own shell with a fresh session on that namespace; `-it` with a shell
 * moves the terminal into the container instead (its prompt becomes
 * `root@<short id>:/#`), and `exit` there brings it back to the host.
 */
import { argsError, flagError } from "./cli-texts.ts";
import { findContainer } from "../../../docker/container.ts";
import type { Container } from "../../../docker/types.ts";
import type { World } from "../../../world.ts";
import type { CommandContext, CommandResult, RunLine, Session } from "../../command.ts";
import { EXEC_PIDS, takePids } from "../../lib/procs.ts";
import { flag, parseFlags, value, values } from "./flags.ts";
import { execSetup } from "./exec-options.ts";
import { runEnv } from "./run-flags.ts";
import { keepDaemons } from "./keep-daemons.ts";
import { netnsOfContainer } from "../../../docker/shared-netns.ts";
import { EXEC, flagsOf } from "./spec.ts";

export const SHELLS = ["sh", "bash", "ash"];

/** Quotes argv back into one shell line, as `sh -c` would receive it. */
export function shellCommandLine(argv: readonly string[]): string {
  if (SHELLS.includes(argv[0]?.replace(/^\/(usr\/)?bin\//, "") ?? "") && argv[1] === "-c" && argv[2] !== undefined)
    return argv[2];
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
}

export const netnsOf = netnsOfContainer;

/** Which shell's wording errors take: busybox sh (`sh: x: not found`) unless bash was asked for. */
function shellOf(prog: string, interactive: boolean): Session["shell"] {
  if (prog !== "bash") return "sh";
  return interactive ? "bash" : "bash-c";
}

/** Runs a shell line in the container's namespace (its /etc files, its routes). */
export function runInContainer(
  runLine: RunLine,
  world: World,
  c: Container,
  line: string,
  shell: Session["shell"] = "sh",
  /** The exec'd process's command line, as `ps` in the container shows it (the line itself by default). */
  args?: string,
  /** What `docker exec -e/-w/-u` set: variables, the working directory. */
  setup: Pick<Session, "vars" | "exported" | "cwd" | "horizon" | "user"> = {},
): CommandResult {
  // runc starts the process in the container's PID namespace (shell/lib/procs.ts).
  const [pid, w] = takePids(world, c, EXEC_PIDS);
  const exec = { pid, args: args ?? line };
  const r = runLine(w, { machine: netnsOf(c), container: c.id, noTty: true, shell, exec, ...setup }, line);
  // A session change inside a one-off command (a nested `exit`) does not move the caller.
  const { session: _ignored, ...rest } = r;
  return rest;
}

const EXEC_FLAGS = flagsOf(EXEC, { stopAtPositional: true });

export function dockerExec(argv: readonly string[], ctx: CommandContext): CommandResult {
  const { world } = ctx;
  const p = parseFlags(argv, EXEC_FLAGS);
  if (!p.ok) return flagError(world, "exec", p.error);
  const [ref, ...cmd] = p.parsed.args;
  if (ref === undefined || cmd.length === 0) return argsError(world, "exec", { kind: "min", n: 2 });
  // The CLI reads --env-file and -e before it asks the daemon anything; a bad file stops it there.
  const env = runEnv(world, ctx.session, values(p.parsed, "--env-file"), values(p.parsed, "--env"));
  if (!env.ok) return { world, stdout: "", stderr: `${env.error}\n`, exitCode: 1 };
  const c = findContainer(world, ref);
  if (!c) return { world, stdout: "", stderr: `Error response from daemon: No such container: ${ref}\n`, exitCode: 1 };
  if (c.status !== "running") {
    return { world, stdout: "", stderr: `Error response from daemon: container ${c.id} is not running\n`, exitCode: 1 };
  }
  const tty = flag(p.parsed, "--tty");
  if (tty && flag(p.parsed, "--interactive") && ctx.session.noTty)
    return { world, stdout: "", stderr: "the input device is not a TTY\n", exitCode: 1 };
  const r = execIn(p.parsed, c, cmd, env.value, tty, ctx);
  // The daemon's own refusals (28 checks -u when it creates the exec) come before any terminal exists.
  const refused = r.stdout === "" && r.stderr.startsWith("Error response from daemon:");
  return tty && !r.session && !refused ? onTerminal(r) : r;
}

/**
 * What `-t` does to the output: the process writes both streams to one pseudo-terminal,
 * whose line discipline turns each newline into CR LF, and the CLI copies it to its stdout
 * (runc's start errors too, as the oracle's `| od -c` shows).
 */
function onTerminal(r: CommandResult): CommandResult {
  const text = (
    r.output ?? [
      { stream: "stdout", text: r.stdout },
      { stream: "stderr", text: r.stderr },
    ]
  )
    .map((c) => c.text)
    .join("")
    .replace(/\r?\n/g, "\r\n");
  const { output: _o, ...rest } = r;
  return { ...rest, stdout: text, stderr: "" };
}

function execIn(
  parsed: Extract<ReturnType<typeof parseFlags>, { ok: true }>["parsed"],
  c: Container,
  cmd: readonly string[],
  env: readonly string[],
  tty: boolean,
  ctx: CommandContext,
): CommandResult {
  const { world } = ctx;
  const ref = parsed.args[0]!;
  if (c.paused) {
    return {
      world,
      stdout: "",
      stderr: `Error response from daemon: Container ${ref} is paused, unpause the container before exec\n`,
      exitCode: 1,
    };
  }
  const prog = cmd[0]!.replace(/^\/(usr\/)?s?bin\//, "");
  const detach = flag(parsed, "--detach");
  const user = value(parsed, "--user");
  const workdir = value(parsed, "--workdir");
  const options = {
    env,
    ...(user !== undefined ? { user } : {}),
    ...(workdir !== undefined ? { workdir } : {}),
  };
  const setup = execSetup(world, c, cmd[0]!, options, detach);
  if (!setup.ok) {
    // runc's init had started (and taken its PIDs) when it found nothing to exec. A failure at
    // the exec's start reaches the client on the exec's own stdout, CR LF ended (moby's
    // postContainerExecStart writes it there), so `| grep` sees it; a refusal before that
    // is the API's error, on stderr.
    const w = takePids(world, c, EXEC_PIDS)[1];
    if (setup.text.startsWith("Error response from daemon: ") || setup.stderr)
      return { world: w, stdout: "", stderr: setup.text, exitCode: setup.exitCode };
    return { world: w, stdout: setup.text.replace(/\r?\n/g, "\r\n"), stderr: "", exitCode: setup.exitCode };
  }
  if (tty && flag(parsed, "--interactive") && SHELLS.includes(prog) && cmd.length === 1) {
    const [pid, w] = takePids(world, c, EXEC_PIDS);
    return {
      world: w,
      stdout: "",
      stderr: "",
      exitCode: 0,
      // The host's shell waits for this one to exit, with its directory and variables.
      session: {
        machine: netnsOf(c),
        container: c.id,
        shell: shellOf(prog, true),
        exec: { pid, args: cmd.join(" ") },
        parent: ctx.session,
        ...setup.session,
      },
    };
  }
  const runIt = () =>
    runInContainer(ctx.runLine, world, c, shellCommandLine(cmd), shellOf(prog, false), cmd.join(" "), setup.session);
  // Nobody reads a detached command's output or waits for it; what it leaves running (a daemon's sockets) stays.
  if (detach) return { world: keepDaemons(world, runIt().world, c.id), stdout: "", stderr: "", exitCode: 0 };
  // A shell with no command and no terminal reads its stdin: what `-i` passed (`< run.sh`), else nothing.
  if (SHELLS.includes(prog) && cmd.length === 1) {
    const input = flag(parsed, "--interactive") ? ctx.stdin : "";
    if (input === "") return { world, stdout: "", stderr: "", exitCode: 0 };
    return runInContainer(ctx.runLine, world, c, input, shellOf(prog, false), cmd.join(" "), setup.session);
  }
  // `-i` hands the client's stdin to the command (`echo hi | docker exec -i web cat`), byte for byte.
  const input = flag(parsed, "--interactive") ? ctx.stdin : "";
  if (input !== "") {
    const fed = `printf '%s' '${input.replace(/'/g, `'\\''`)}' | {\n${shellCommandLine(cmd)}\n}`;
    return runInContainer(ctx.runLine, world, c, fed, shellOf(prog, false), cmd.join(" "), setup.session);
  }
  return runIt();
}
