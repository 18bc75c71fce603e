/**
 * `docker run` (and `docker create`): parse the flags and `-p` specs as the 26.1
 * CLI does, create, start, and then either print the id (-d), hand the terminal to
 * the container (-it with a shell), run a one-off command in the container's
 * namespace, or (nginx in the foreground) stay attached until interrupted, which the
 * lab's terminal, unable to block, does at once (see `interrupted`).
 */
import { logContainerEvent } from "../../../docker/events.ts";
import { HOST_CPUS } from "../../../machines/host.ts";
import {
  createContainer,
  findContainer,
  processArgv,
  removeContainer,
  startContainer,
  stopContainer,
  updateContainer,
} from "../../../docker/container.ts";
import { containerImage, normaliseRef } from "../../../machines/images/index.ts";
import { pullImage, registryImage, resolveImage } from "../../../docker/images.ts";
import { parseExposeSpec, parsePublishSpecs } from "../../../docker/ports.ts";
import { endpointSettingsError } from "../../../docker/endpoint.ts";
import { findNetwork } from "../../../docker/network.ts";
import { joinMoreNetworks, networkFlags } from "./run-network.ts";
import { capError } from "../../../docker/run-settings.ts";
import { parseIpv4 } from "../../../ipv4.ts";
import type { World } from "../../../world.ts";
import type { CommandContext, CommandResult, OutputChunk } from "../../command.ts";
import { resolvePath } from "../../vars.ts";
import { readFile, writeFile } from "../../../kernel/files.ts";
import {
  absoluteSource,
  createWarnings,
  extraHostError,
  healthOf,
  limitsError,
  makeDirs,
  parseLink,
  ramInBytes,
  restartPolicyOf,
  runEnv,
  runLabels,
  settingsOf,
  sysctlError,
} from "./run-flags.ts";
import { restartPolicy } from "./update.ts";
import { SHELLS } from "./exec.ts";
import { isOneShot, runMain } from "./oneshot.ts";
import { failTask, failTaskUnnetworked, taskError, taskErrorFirst } from "./task.ts";
import { SIGINT, signalInit } from "../../../programs/signals.ts";
import { flag, parseFlags, value, values } from "./flags.ts";
import { flagsOf, RUN } from "./spec.ts";
import { profileOf } from "../../../docker/engine/index.ts";
import { joinError, netnsOfContainer, sharedConflict, sharedRef } from "../../../docker/shared-netns.ts";
import { argsError, flagError } from "./cli-texts.ts";
import { pullError } from "./registry.ts";
import {
  attachMounts,
  mountsError,
  parseMountFlag,
  parseVolumeFlag,
  volumesFrom,
  type MountRequest,
} from "../../../docker/volumes.ts";

/** The CLI's wording of an error `docker run` reports (the world's engine decides it). */
function runError(world: World, message: string, help = true, sub: "run" | "create" = "run"): string {
  return profileOf(world.docker).cli.runError(message, help, sub);
}

const RUN_FLAGS = flagsOf(RUN, { stopAtPositional: true });

/**
 * A run's result in the order the CLI writes it: warnings and the pull's progress
 * (`stderr`), the container's id, then an error the start ends with (`late`).
 */
function res(world: World, stdout: string, stderr: string, exitCode: number, late = ""): CommandResult {
  const output: OutputChunk[] = [];
  if (stderr) output.push({ stream: "stderr", text: stderr });
  if (stdout) output.push({ stream: "stdout", text: stdout });
  if (late) output.push({ stream: "stderr", text: late });
  return { world, stdout, stderr: stderr + late, exitCode, output };
}

export function dockerRun(argv: readonly string[], ctx: CommandContext, createOnly = false): CommandResult {
  let world = ctx.world;
  const p = parseFlags(argv, RUN_FLAGS);
  const sub = createOnly ? "create" : "run";
  if (!p.ok) return flagError(world, sub, p.error);
  const f = p.parsed;
  const [imageRef, ...cmd] = f.args;
  if (imageRef === undefined) return argsError(world, sub, { kind: "min", n: 1 });
  // The CLI checks --add-host and --dns values as it parses them.
  for (const h of values(f, "--add-host")) {
    const bad = extraHostError(h);
    if (bad) return flagError(world, sub, `invalid argument "${h}" for "--add-host" flag: ${bad}`);
  }
  for (const d of values(f, "--dns"))
    if (parseIpv4(d) === null && !/^[0-9a-fA-F:]+:[0-9a-fA-F:.]*$/.test(d))
      return flagError(
        world,
        sub,
        `invalid argument "${d}" for "--dns" flag: IP address is not correctly formatted: ${d}`,
      );
  // opts.ValidateEnv: a variable needs a name.
  for (const e of values(f, "--env"))
    if (e.split("=")[0] === "")
      return flagError(world, sub, `invalid argument "${e}" for "-e, --env" flag: invalid environment variable: ${e}`);
  for (const v of values(f, "--sysctl")) {
    const bad = sysctlError(v);
    if (bad) return flagError(world, sub, `invalid argument "${v}" for "--sysctl" flag: ${bad}`);
  }
  const mountReqs: MountRequest[] = [];
  let mountRefused: string | undefined;
  for (const v of values(f, "--mount")) {
    const r = parseMountFlag(v);
    if (r.ok) mountReqs.push(r.value);
    else if (!r.daemon) return flagError(world, sub, `invalid argument "${v}" for "--mount" flag: ${r.error}`);
    else mountRefused ??= r.error;
  }
  const health = healthOf(f);
  if ("refused" in health && health.refused.by === "flag") return flagError(world, sub, health.refused.error);
  if ("refused" in health && health.refused.by === "cli")
    return res(world, "", runError(world, health.refused.error, true, sub), 125);
  const memSpec = value(f, "--memory");
  const memory = memSpec === undefined ? undefined : ramInBytes(memSpec);
  if (memSpec !== undefined && memory === undefined)
    return flagError(world, sub, `invalid argument "${memSpec}" for "-m, --memory" flag: invalid size: '${memSpec}'`);
  const cpuSpec = value(f, "--cpus");
  const nanoCpus = cpuSpec === undefined ? undefined : Math.round(Number(cpuSpec) * 1e9);
  if (cpuSpec !== undefined && !Number.isFinite(nanoCpus))
    return flagError(
      world,
      sub,
      `invalid argument "${cpuSpec}" for "--cpus" flag: failed to parse ${cpuSpec} as a rational number`,
    );
  const env = runEnv(world, ctx.session, values(f, "--env-file"), values(f, "--env"));
  if (!env.ok) return res(world, "", runError(world, env.error, true, sub), 125);
  const cidfile = value(f, "--cidfile");
  if (cidfile !== undefined && readFile(world, "host", resolvePath(world, ctx.session, cidfile)) !== undefined) {
    const msg = `container ID file found, make sure the other container isn't running or delete ${cidfile}`;
    // run reports createContainer's error as its own; create hands it to cobra, which prints it bare.
    return createOnly ? res(world, "", msg + "\n", 1) : res(world, "", runError(world, msg), 125);
  }
  const mac = value(f, "--mac-address");
  if (mac !== undefined && !/^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/.test(mac))
    return res(world, "", runError(world, `${mac} is not a valid mac address`, true, sub), 125);
  const published = parsePublishSpecs(values(f, "--publish"));
  if (!published.ok) return res(world, "", runError(world, published.error, true, sub), 125);
  const requests = published.requests;
  const expose: string[] = [];
  for (const spec of values(f, "--expose")) {
    const r = parseExposeSpec(spec);
    if (!r.ok) return res(world, "", runError(world, r.error, true, sub), 125);
    for (const k of r.keys) if (!expose.includes(k)) expose.push(k);
  }
  // The CLI refuses -it before creating anything when its stdin is not a terminal.
  if (!createOnly && flag(f, "--tty") && flag(f, "--interactive") && ctx.session.noTty && !flag(f, "--detach")) {
    return res(world, "", "the input device is not a TTY\n", 1);
  }
  const restartSpec = value(f, "--restart");
  const policy = restartSpec === undefined || restartSpec === "" ? undefined : restartPolicy(restartSpec);
  // The CLI's own parse refuses --rm beside any policy but `no`, for create as for run.
  if (flag(f, "--rm") && typeof policy === "object" && policy.name !== "no")
    return res(world, "", runError(world, profileOf(world.docker).cli.restartRmConflict, true, sub), 125);
  let stderr = "";
  // The daemon refusing the container: run reports it as its own failure (`docker: …`,
  // exit 125); create passes the daemon's error on as it came, exit 1.
  const daemonRefusal = (why: string): CommandResult => {
    const msg = `Error response from daemon: ${why}`;
    return createOnly ? res(world, "", stderr + msg + "\n", 1) : res(world, "", stderr + runError(world, msg), 125);
  };
  const asked = networkFlags(values(f, "--network"), {
    ...(value(f, "--ip") !== undefined ? { ip: value(f, "--ip")! } : {}),
    ...(value(f, "--ip6") !== undefined ? { ip6: value(f, "--ip6")! } : {}),
    aliases: values(f, "--network-alias"),
  });
  if (!asked.ok)
    return "flagError" in asked
      ? flagError(world, sub, asked.flagError)
      : res(world, "", runError(world, asked.cliError, true, sub), 125);
  const [firstNet, ...moreNets] = asked.nets;
  const network = firstNet?.name;
  const ip = firstNet ? firstNet.ip : value(f, "--ip");
  const ip6 = firstNet ? firstNet.ip6 : value(f, "--ip6");
  const aliases = firstNet ? firstNet.aliases : values(f, "--network-alias");
  // The CLI refuses aliases itself unless --network names a user-defined network.
  const userNetwork =
    network !== undefined &&
    !["bridge", "default", "host", "none"].includes(network) &&
    !network.startsWith("container:");
  if (aliases.length > 0 && !userNetwork) {
    return res(
      world,
      "",
      runError(world, "network-scoped aliases are only supported for user-defined networks", true, sub),
      125,
    );
  }
  const shared = network === undefined ? undefined : sharedRef(network);
  if (shared !== undefined) {
    const conflict = sharedConflict({
      hostname: value(f, "--hostname") !== undefined,
      dns: values(f, "--dns").length > 0,
      extraHosts: values(f, "--add-host").length > 0,
      publish: requests.length > 0 || flag(f, "--publish-all"),
    });
    if (conflict) return daemonRefusal(conflict);
    const why = profileOf(world.docker).errors.joinNetns.checkedAt === "create" && joinError(world.docker, shared);
    if (why) return daemonRefusal(why);
  }
  const links = values(f, "--link").map(parseLink);
  const linkRefusal = links.length > 0 && profileOf(world.docker).cli.linksRefusedOn;
  if (linkRefusal && (network === "none" || network === "host"))
    return res(world, "", runError(world, "links are only supported for user-defined networks", true, sub), 125);
  for (const l of links)
    if (!findContainer(world, l.name))
      return daemonRefusal(`could not get container for ${l.name}: No such container: ${l.name}`);
  if (typeof policy === "string") return daemonRefusal(policy);
  const caps = capError(values(f, "--cap-add"), "CapAdd") ?? capError(values(f, "--cap-drop"), "CapDrop");
  if (caps) return daemonRefusal(caps);
  const warned = createWarnings(world, f, network, requests.length > 0);
  stderr += warned.cli;
  if (!resolveImage(world.docker, imageRef)) {
    // The CLI pulls what the daemon lacks, its progress on stderr (docker/images.ts).
    stderr += `Unable to find image '${normaliseRef(imageRef)}' locally\n`;
    if (!registryImage(imageRef)) {
      let msg: string;
      [msg, world] = pullError(world);
      return daemonRefusal(msg);
    }
    const pulled = pullImage(world, imageRef, !ctx.session.noTty);
    world = pulled.world;
    stderr += pulled.lines.map((l) => l + "\n").join("");
  }
  const endpoint =
    ip !== undefined || ip6 !== undefined || aliases.length > 0
      ? { ...(ip !== undefined ? { ipv4: ip } : {}), ...(ip6 !== undefined ? { ipv6: ip6 } : {}), aliases }
      : undefined;
  const joined = endpoint && findNetwork(world.docker, network ?? "bridge");
  const invalid = joined && endpointSettingsError(joined, endpoint);
  if (invalid) return daemonRefusal(`invalid config for network ${joined.name}: ${invalid}`);
  const volumeReqs: MountRequest[] = [];
  for (const typed of values(f, "--volume")) {
    // The CLI (23+) makes a source starting with "." absolute against its working directory.
    const v = typed.startsWith(".") && typed.includes(":") ? absoluteSource(typed, ctx.world, ctx.session) : typed;
    const r = parseVolumeFlag(v);
    if (!r.ok) return daemonRefusal(r.error);
    volumeReqs.push(r.value);
  }
  const from = volumesFrom(world, values(f, "--volumes-from"));
  if (!from.ok) return daemonRefusal(from.error);
  volumeReqs.push(...from.value);
  if ("refused" in health) return daemonRefusal(health.refused.error);
  const limits = limitsError(memory, nanoCpus, HOST_CPUS, (n) => profileOf(world.docker).errors.cpusRange(n));
  if (limits) return daemonRefusal(limits);
  const wd = value(f, "--workdir");
  if (wd !== undefined && wd !== "" && !wd.startsWith("/"))
    return daemonRefusal(`the working directory '${wd}' is invalid, it needs to be an absolute path`);
  const refused = mountRefused ?? mountsError(world, [...volumeReqs, ...mountReqs]);
  if (refused) return daemonRefusal(refused);
  const created = createContainer(world, {
    ...(endpoint ? { endpoint } : {}),
    image: imageRef,
    ...(value(f, "--name") !== undefined ? { name: value(f, "--name")! } : {}),
    ...(cmd.length > 0 ? { cmd } : {}),
    ...(network !== undefined ? { network } : {}),
    ...(value(f, "--hostname") !== undefined ? { hostname: value(f, "--hostname")! } : {}),
    portRequests: requests,
    expose,
    publishAll: flag(f, "--publish-all"),
    extraHosts: values(f, "--add-host").map((h) => h.replace(/^([^:=]*)=/, "$1:")),
    dns: values(f, "--dns"),
    dnsSearch: values(f, "--dns-search"),
    dnsOptions: values(f, "--dns-option"),
    autoRemove: flag(f, "--rm"),
    ...restartPolicyOf(value(f, "--restart")),
    tty: flag(f, "--tty"),
    interactive: flag(f, "--interactive"),
    ...(value(f, "--entrypoint") !== undefined ? { entrypoint: [value(f, "--entrypoint")!] } : {}),
    ...settingsOf(f, links, {
      ...(env.value.length > 0 ? { env: env.value } : {}),
      ...(values(f, "--label").length > 0 ? { labels: runLabels(values(f, "--label")) } : {}),
      ...(memory !== undefined ? { memory } : {}),
      ...(nanoCpus !== undefined ? { nanoCpus } : {}),
      ...(value(f, "--log-driver") !== undefined ? { logDriver: value(f, "--log-driver")! } : {}),
      ...(value(f, "--stop-timeout") !== undefined ? { stopTimeout: Number(value(f, "--stop-timeout")) } : {}),
      ...("health" in health ? { health: health.health } : {}),
    }),
  });
  if (!created.ok) return daemonRefusal(created.error);
  world = created.world;
  const others = joinMoreNetworks(world, created.id, moreNets);
  if (!others.ok) return daemonRefusal(others.error);
  world = others.world;
  stderr += warned.daemon;
  const id = created.id;
  // The daemon makes the working directory when the image lacks it.
  if (wd?.startsWith("/")) world = makeDirs(world, id, wd);
  // The CLI writes the id (no newline) once the daemon created the container.
  if (cidfile !== undefined) world = writeFile(world, "host", resolvePath(world, ctx.session, cidfile), id);
  const fsFlags = flag(f, "--read-only") || values(f, "--tmpfs").length > 0;
  if (volumeReqs.length + mountReqs.length > 0 || fsFlags) {
    const made = attachMounts(world, findContainer(world, id)!, [...volumeReqs, ...mountReqs]);
    world = updateContainer(made.world, id, (c) => ({ ...c, mounts: made.mounts }));
  }
  if (createOnly) return res(world, id + "\n", stderr, 0);
  const detach = flag(f, "--detach");
  // -d prints the id before the start finishes, so a start error follows it.
  const idLine = detach ? id + "\n" : "";
  // In the foreground the CLI attaches to the container's streams before it starts it.
  if (!detach) world = logContainerEvent(world, findContainer(world, id)!, "attach");
  const started = startContainer(world, id);
  const early = !started.ok && started.stage === "networking" ? taskErrorFirst(world, id) : undefined;
  if (early !== undefined) {
    world = failTaskUnnetworked(world, id, early);
    return res(world, idLine, stderr, 127, runError(world, `Error response from daemon: ${early}`, false));
  }
  if (!started.ok) {
    // --rm removes a container whose start failed, as it does one that ran.
    if (flag(f, "--rm")) world = removeContainer(started.world, id);
    else world = started.world;
    return res(world, idLine, stderr, 125, runError(world, `Error response from daemon: ${started.error}`, false));
  }
  world = started.world;
  const c = findContainer(world, id)!;
  const image = containerImage(c)!;
  const procArgv = processArgv(c);
  const prog = procArgv[0] ?? "";
  const why = taskError(world, id);
  if (why !== undefined) {
    world = failTask(world, id, why);
    return res(world, idLine, stderr, 127, runError(world, `Error response from daemon: ${why}`, false));
  }
  if (detach) {
    if (!image.longRunning && cmd.length === 0 && !(c.tty && c.interactive)) world = stopContainer(world, id, 0);
    // A one-off command runs to its end meanwhile; what it printed is in the log.
    else if (isOneShot(world, id)) world = runMain(ctx, world, id, false).world;
    return res(world, idLine, stderr, 0);
  }
  if (image.longRunning && cmd.length === 0) return interrupted(ctx, world, id, stderr);
  const isShell = SHELLS.includes(prog.replace(/^\/(usr\/)?bin\//, "")) && procArgv.length === 1;
  if (isShell && c.tty && c.interactive && !ctx.session.noTty) {
    return {
      world,
      stdout: "",
      stderr,
      exitCode: 0,
      session: { machine: netnsOfContainer(c), container: id },
    };
  }
  if (!isOneShot(world, id)) return res(world, "", stderr, 0);
  const r = runMain(ctx, world, id, true);
  return {
    ...r,
    stderr: stderr + r.stderr,
    // The pull's progress and warnings come before what the container printed.
    output: stderr ? [{ stream: "stderr", text: stderr }, ...(r.output ?? [])] : (r.output ?? []),
  };
}

/**
 * A server in the foreground keeps the CLI attached (the oracle's nginx prints nothing
 * meanwhile) until the user interrupts it; the lab cannot wait, so that happens at once,
 * and `timeout` reads it as its time running out. The CLI proxies the signal to the
 * container, nginx shuts down on it (status 0, which the CLI then exits with), and --rm
 * removes what is left.
 */
function interrupted(ctx: CommandContext, world: World, id: string, stderr: string): CommandResult {
  let w = signalInit(world, findContainer(world, id)!, SIGINT, { fromHost: true });
  const c = findContainer(w, id);
  if (c?.autoRemove && c.status !== "running") w = removeContainer(w, id);
  const stdout = ctx.session.noTty ? "" : "^C";
  const output: OutputChunk[] = [
    ...(stderr ? [{ stream: "stderr" as const, text: stderr }] : []),
    ...(stdout ? [{ stream: "stdout" as const, text: stdout }] : []),
  ];
  return {
    world: w,
    stdout,
    stderr,
    exitCode: c?.status === "running" ? 130 : (c?.exitCode ?? 0),
    output,
    blocked: true,
  };
}
