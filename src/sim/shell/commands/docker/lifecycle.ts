/** `docker stop|kill|start|restart|rm|port|pause|rename|wait`: each container named in turn, as the CLI loops over them. */
import {
  findContainer,
  removeContainer,
  startContainer,
  stopContainer,
  termExitCode,
  updateContainer,
} from "../../../docker/container.ts";
import { RESTRICTED_NAME } from "../../../docker/names.ts";
import { setPaused } from "../../../docker/pause.ts";
import { portLines } from "../../../docker/inspect.ts";
import { joinHostPort, naturalLess } from "../../../docker/ports.ts";
import { advanceClock, type World } from "../../../world.ts";
import { settleExits } from "../../../docker/exits.ts";
import { releaseLog } from "../../../docker/timed-log.ts";
import { appendLog } from "../../../docker/lookup.ts";
import type { CommandContext, CommandResult, OutputChunk } from "../../command.ts";
import { profileOf } from "../../../docker/engine/index.ts";
import { argsError, flagError } from "./cli-texts.ts";
import { failTask, failTaskUnnetworked, taskError, taskErrorFirst } from "./task.ts";
import { flag, parseFlags, value } from "./flags.ts";
import { confirmPrune, parsePrune, pruneContainers, pruneRefused, pruneSelector, type PruneInput } from "./prune.ts";
import { humanSize } from "../../../docker/images.ts";
import { SIGKILL, SIGTERM, signalInit } from "../../../programs/signals.ts";
import { parseSignal } from "../jobs/signals.ts";

/** moby's ParseSignal: a number, or a name with or without SIG in any case. */
function dockerSignal(spec: string): number | undefined {
  if (/^\d+$/.test(spec)) return Number(spec) > 0 && Number(spec) <= 64 ? Number(spec) : undefined;
  const n = parseSignal(spec);
  return n === undefined || n === 0 ? undefined : n;
}
import { CONTAINER_PRUNE, flagsOf, PAUSE, RM, STOP_START } from "./spec.ts";
import { fromChunks } from "../../lib/exec.ts";
import { logContainerEvent } from "../../../docker/events.ts";
import { isOneShot, runMain } from "./oneshot.ts";
import { freshManager } from "../../../docker/restart-manager.ts";
import type { Container } from "../../../docker/types.ts";

const noSuch = (ref: string) => `Error response from daemon: No such container: ${ref}\n`;

export function dockerStopStart(
  cmd: "stop" | "start" | "restart" | "kill",
  argv: readonly string[],
  world: World,
  ctx?: CommandContext,
): CommandResult {
  const p = parseFlags(argv, flagsOf(STOP_START));
  if (!p.ok) return flagError(world, cmd, p.error);
  const refs = p.parsed.args;
  if (refs.length === 0) return argsError(world, cmd, { kind: "min", n: 1 });
  const attach = cmd === "start" && flag(p.parsed, "--attach");
  if (attach && refs.length > 1)
    return { world, stdout: "", stderr: "you cannot start and attach multiple containers at once\n", exitCode: 1 };
  let w = world;
  let stdout = "";
  let stderr = "";
  const failed: string[] = [];
  // The daemon reads the signal before it looks for the container (ContainerKill).
  const sigSpec = value(p.parsed, "--signal");
  const sig = sigSpec === undefined ? (cmd === "kill" ? SIGKILL : SIGTERM) : dockerSignal(sigSpec);
  // -t is an int flag: the CLI refuses anything else before it calls the daemon.
  const timeSpec = value(p.parsed, "--time") ?? "10";
  if (!/^[+-]?\d+$/.test(timeSpec))
    return flagError(
      world,
      cmd,
      `invalid argument "${timeSpec}" for "${profileOf(world.docker).cli.stopTimeoutFlag}" flag: strconv.ParseInt: parsing "${timeSpec}": invalid syntax`,
    );
  const timeout = Number(timeSpec);
  for (const ref of refs) {
    if (sig === undefined && (cmd === "kill" || cmd === "stop" || cmd === "restart")) {
      stderr += `Error response from daemon: cannot ${cmd} container: ${ref}: invalid signal: ${sigSpec}\n`;
      failed.push(ref);
      continue;
    }
    const c = findContainer(w, ref);
    if (!c) {
      // The daemon words a kill of nothing with the action first.
      stderr +=
        cmd === "kill"
          ? `Error response from daemon: cannot kill container: ${ref}: No such container: ${ref}\n`
          : noSuch(ref);
      failed.push(ref);
      continue;
    }
    if (cmd === "kill") {
      if (c.status !== "running") {
        stderr += `Error response from daemon: cannot kill container: ${ref}: container ${c.id} is not running\n`;
        failed.push(ref);
        continue;
      }
      // The signal reaches the container's init from the host; what follows is the program's
      // (nginx reloads on HUP, shuts down on TERM; SIGKILL is forced). dockerd marks the
      // container stopped by hand, so its restart policy does not bring it back.
      w = logContainerEvent(w, c, "kill", { signal: String(sig) });
      w = { ...signalInit(w, c, sig!, { fromHost: true, manual: true }), clock: w.clock + 50 };
    } else if (cmd === "stop") {
      w = stopByHand(w, c, sig!, timeout);
    } else {
      if (cmd === "restart" && c.status === "running") w = stopByHand(w, c, sig!, timeout);
      const r = startContainer(w, c.id);
      const task = r.ok ? taskError(r.world, c.id) : r.stage === "networking" ? taskErrorFirst(w, c.id) : undefined;
      if (!r.ok || task !== undefined) {
        if (r.ok) w = failTask(r.world, c.id, task!);
        else if (task !== undefined) w = failTaskUnnetworked(w, c.id, task);
        else w = r.world;
        const error = task ?? (r.ok ? "" : r.error);
        // The daemon's restart wraps what its start refused.
        const why = cmd === "restart" ? `Cannot restart container ${ref}: ${error}` : error;
        stderr += `Error response from daemon: ${why}\n`;
        failed.push(ref);
        continue;
      }
      // A start by hand resets the restart manager, and with it the count of restarts it made.
      w = cmd === "restart" ? logContainerEvent(r.world, c, "restart") : r.world;
      if (c.status !== "running" || cmd === "restart")
        w = updateContainer(freshManager(w, c.id), c.id, (x) => (x.restartCount === 0 ? x : { ...x, restartCount: 0 }));
      if (ctx && c.status !== "running" && isOneShot(w, c.id)) {
        // `start -a` shows what the command prints, and ends with its status instead of the name.
        const m = runMain(ctx, w, c.id, attach);
        if (attach) return m;
        w = m.world;
      }
    }
    stdout += ref + "\n";
  }
  if (cmd === "start" && failed.length > 0) stderr += `Error: failed to start containers: ${failed.join(", ")}\n`;
  return { world: w, stdout, stderr, exitCode: failed.length > 0 ? 1 : 0 };
}

/**
 * `docker stop` (and a restart's stop): the stop signal, then SIGKILL when the timeout (-t,
 * 10 s) runs out: what the image's program does with SIGTERM decides (nginx exits 0 at once;
 * a shell as init ignores it: 137). With -t 0 the timeout is out at once, so dockerd logs its
 * SIGKILL even when the program was already going. A stop cancels a restart the policy planned.
 */
function stopByHand(world: World, c: Container, sig: number, timeout: number): World {
  const code = sig === SIGKILL ? 137 : termExitCode(c);
  const waited = code === 137 ? Math.max(0, timeout) * 1000 : 0;
  // A process that ignores the signal but ends by itself within the grace (a detached `sleep 5`)
  // exits then, with its own status, and dockerd has nothing to kill.
  const due = c.status === "running" && code === 137 && sig !== SIGKILL ? c.exitsAt : undefined;
  if (due !== undefined && due - world.clock < waited) {
    let w = logContainerEvent(freshManager(world, c.id), c, "kill", { signal: String(sig) });
    w = releaseLog(advanceClock(w, Math.max(0, due - w.clock)), c.id, due);
    if (c.exitLog) w = appendLog(w, c.id, c.exitLog.join("\n"));
    return stopContainer(w, c.id, c.exitsWith ?? 0, true);
  }
  let w = freshManager(world, c.id);
  if (c.status === "running") {
    w = logContainerEvent(w, c, "kill", { signal: String(sig) });
    if (sig !== SIGKILL && (code === 137 || timeout === 0))
      w = logContainerEvent({ ...w, clock: w.clock + waited }, c, "kill", { signal: String(SIGKILL) });
    else w = { ...w, clock: w.clock + waited };
    w = stopContainer(w, c.id, code, true);
  } else w = { ...w, clock: w.clock + waited };
  return { ...w, clock: w.clock + (code !== 137 ? 300 : waited > 0 ? 0 : 50) };
}

/** `docker pause|unpause`: freezes or thaws every process of each container named. */
export function dockerPause(cmd: "pause" | "unpause", argv: readonly string[], world: World): CommandResult {
  const p = parseFlags(argv, flagsOf(PAUSE));
  if (!p.ok) return flagError(world, cmd, p.error);
  const refs = p.parsed.args;
  if (refs.length === 0) return argsError(world, cmd, { kind: "min", n: 1 });
  let w = world;
  let stdout = "";
  let stderr = "";
  for (const ref of refs) {
    const c = findContainer(w, ref);
    let error: string | undefined;
    if (!c) error = `No such container: ${ref}`;
    else if (cmd === "pause" && c.status !== "running") error = `container ${c.id} is not running`;
    else if (cmd === "pause" && c.paused) error = `Container ${c.id} is already paused`;
    else if (cmd === "unpause" && !(c.status === "running" && c.paused)) error = `Container ${c.id} is not paused`;
    if (error !== undefined || !c) {
      stderr += `Error response from daemon: ${error}\n`;
      continue;
    }
    w = logContainerEvent(setPaused(w, c.id, cmd === "pause"), c, cmd);
    stdout += ref + "\n";
  }
  return { world: w, stdout, stderr, exitCode: stderr ? 1 : 0 };
}

export function dockerRm(argv: readonly string[], world: World): CommandResult {
  const p = parseFlags(argv, flagsOf(RM));
  if (!p.ok) return flagError(world, "rm", p.error);
  const refs = p.parsed.args;
  if (refs.length === 0) {
    return argsError(world, "rm", { kind: "min", n: 1 });
  }
  const force = flag(p.parsed, "--force");
  const volumes = flag(p.parsed, "--volumes");
  let w = world;
  // The CLI prints each name as it goes, and a missing one with -f then too; other errors wait for the end.
  const output: OutputChunk[] = [];
  let late = "";
  let exitCode = 0;
  for (const ref of refs) {
    const c = findContainer(w, ref);
    if (!c) {
      // With -f a missing container is reported but is not a failure.
      if (force) output.push({ stream: "stderr", text: noSuch(ref) });
      else {
        late += noSuch(ref);
        exitCode = 1;
      }
      continue;
    }
    if (c.status === "running" && c.paused && !force) {
      late += `Error response from daemon: ${profileOf(w.docker).errors.removePaused(c.name)}\n`;
      exitCode = 1;
      continue;
    }
    if (c.status === "running" && !force) {
      late += `Error response from daemon: ${profileOf(w.docker).errors.removeRunning(c.name)}\n`;
      exitCode = 1;
      continue;
    }
    if (c.status === "running") w = logContainerEvent(w, c, "kill", { signal: "9" });
    w = removeContainer(w, c.id, volumes);
    output.push({ stream: "stdout", text: ref + "\n" });
  }
  if (late) output.push({ stream: "stderr", text: late });
  return fromChunks(w, output, exitCode);
}

export function dockerPort(argv: readonly string[], world: World): CommandResult {
  const p = parseFlags(argv, { bools: [], values: [] });
  if (!p.ok) return flagError(world, "port", p.error);
  const [ref, port] = p.parsed.args;
  if (ref === undefined || p.parsed.args.length > 2) {
    return argsError(world, "port", { kind: "range", min: 1, max: 2 });
  }
  const c = findContainer(world, ref);
  if (!c) return { world, stdout: "", stderr: noSuch(ref), exitCode: 1 };
  const bindings = c.status === "running" ? c.ports : [];
  let lines: string[];
  if (port !== undefined) {
    const [num, proto = "tcp"] = port.split("/");
    if (!/^\d+$/.test(num ?? "") || Number(num) > 65535) {
      return {
        world,
        stdout: "",
        stderr: `Error: invalid port (${num}): strconv.ParseUint: parsing "${num}": invalid syntax\n`,
        exitCode: 1,
      };
    }
    const bs = bindings.filter((b) => b.containerPort === Number(num) && b.proto === proto);
    if (bs.length === 0)
      return { world, stdout: "", stderr: `Error: No public port '${port}' published for ${ref}\n`, exitCode: 1 };
    lines = bs.map((b) => joinHostPort(b.hostIp, b.hostPort));
  } else {
    lines = portLines(bindings);
  }
  lines.sort((a, b) => (naturalLess(a, b) ? -1 : naturalLess(b, a) ? 1 : 0));
  return { world, stdout: lines.map((l) => l + "\n").join(""), stderr: "", exitCode: 0 };
}

/** `docker container prune [-f] [--filter ...]`: every stopped container, after the CLI's question. */
export function dockerContainerPrune(argv: readonly string[], world: World, input: PruneInput): CommandResult {
  const p = parsePrune(argv, world, "container prune", CONTAINER_PRUNE);
  if (!p.ok) return p.result;
  const asked = confirmPrune(world, CONTAINER_PRUNE_WARNING, flag(p.parsed, "--force"), input);
  if ("declined" in asked) return asked.declined;
  const sel = pruneSelector(world, p.filters);
  if (!sel.ok) return pruneRefused(world, asked.prompt, sel.error);
  const pruned = pruneContainers(world, sel.keep);
  const stdout = asked.prompt + pruned.report + `Total reclaimed space: ${humanSize(pruned.bytes)}\n`;
  return { world: pruned.world, stdout, stderr: "", exitCode: 0 };
}

const CONTAINER_PRUNE_WARNING = "WARNING! This will remove all stopped containers.\nAre you sure you want to continue?";

/** `docker rename OLD NEW`: the name rules and conflicts of `docker run --name`; the CLI adds its own line to each error. */
export function dockerRename(argv: readonly string[], world: World): CommandResult {
  const [ref, name0] = argv;
  if (ref === undefined || name0 === undefined || argv.length !== 2) {
    return argsError(world, "rename", { kind: "exact", n: 2 });
  }
  const fail = (why: string): CommandResult => ({
    world,
    stdout: "",
    stderr: `Error response from daemon: ${why}\nError: failed to rename container named ${ref}\n`,
    exitCode: 1,
  });
  const c = findContainer(world, ref);
  if (!c) return fail(`No such container: ${ref}`);
  // The daemon takes the name with or without its leading slash.
  const name = name0.replace(/^\//, "");
  if (name === c.name) return fail("Renaming a container with the same name as its current name");
  if (!RESTRICTED_NAME.test(name))
    return fail(
      `Error when allocating new name: Invalid container name (/${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`,
    );
  const holder = world.docker.containers.find((x) => x.name === name);
  if (holder)
    return fail(
      `Error when allocating new name: Conflict. The container name "/${name}" is already in use by container "${holder.id}". You have to remove (or rename) that container to be able to reuse that name.`,
    );
  const w = updateContainer(world, c.id, (x) => ({ ...x, name }));
  return {
    world: logContainerEvent(w, { ...c, name }, "rename", { oldName: `/${c.name}` }),
    stdout: "",
    stderr: "",
    exitCode: 0,
  };
}

/**
 * `docker wait`: each container's exit status once it has stopped. One whose process ends
 * later by itself (a detached `sleep 3; echo done`) is waited for: the lab's clock runs to its
 * end. One that would run on for good would block until it stops, which nothing in a
 * one-terminal lab can do: the lab presses Ctrl-C at once, as it does for a foreground tcpdump.
 */
export function dockerWait(argv: readonly string[], ctx: CommandContext): CommandResult {
  let world = ctx.world;
  const p = parseFlags(argv, { bools: [], values: [] });
  if (!p.ok) return flagError(world, "wait", p.error);
  const refs = p.parsed.args;
  if (refs.length === 0) return argsError(world, "wait", { kind: "min", n: 1 });
  let stdout = "";
  let stderr = "";
  for (const ref of refs) {
    const c = findContainer(world, ref);
    if (!c) {
      stderr += noSuch(ref);
      continue;
    }
    const { deadline } = ctx.session;
    if (c.status === "running" && c.exitsAt !== undefined && (deadline === undefined || c.exitsAt < deadline)) {
      // It answers at the exit itself, whatever its restart policy does next.
      world = settleExits(advanceClock(world, Math.max(0, c.exitsAt - world.clock)));
      stdout += `${c.exitsWith ?? 1}\n`;
      continue;
    }
    if (c.status === "running")
      return { world, stdout: stdout + (ctx.session.noTty ? "" : "^C"), stderr, exitCode: 130, blocked: true };
    stdout += `${c.exitCode}\n`;
  }
  return { world, stdout, stderr, exitCode: stderr ? 1 : 0 };
}
