/** `docker volume create|ls|inspect|rm|prune`, over the daemon's volume store (docker/volumes.ts). */
import { humanSize } from "../../../docker/images.ts";
import { profileOf } from "../../../docker/engine/index.ts";
import { typed as typedView, type GoType } from "../../../docker/go-value.ts";
import {
  createVolume,
  dropVolume,
  findVolume,
  volumePath,
  volumeSize,
  volumesOf,
  volumeUsers,
  type Volume,
} from "../../../docker/volumes.ts";
import type { World } from "../../../world.ts";
import type { CommandResult } from "../../command.ts";
import { argsError, cliCommand, flagError } from "./cli-texts.ts";
import { flag, parseFlags, value } from "./flags.ts";
import { renderRows } from "./ps.ts";
import { renderInspect } from "./inspect.ts";
import { confirmPrune, lsFilters, parsePrune, pruneReport, type PruneInput } from "./prune.ts";
import { flagsOf, VOLUME_COMMANDS } from "./spec.ts";

const VOLUME_USAGE = `Usage:  docker volume COMMAND

Manage volumes

Commands:
  create      Create a volume
  inspect     Display detailed information on one or more volumes
  ls          List volumes
  prune       Remove unused local volumes
  rm          Remove one or more volumes

Run 'docker volume COMMAND --help' for more information on a command.
`;

const VOLUME_TYPE: GoType = {
  struct: [
    ["Labels", { map: "s" }],
    ["Options", { map: "s" }],
  ],
};

function out(world: World, stdout: string, stderr = "", exitCode = 0): CommandResult {
  return { world, stdout, stderr, exitCode };
}

/** RFC 3339 to the second, as the local driver stamps a volume's directory. */
function createdAt(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** A volume as inspect shows it (typed for templates), or undefined. */
export function volumeObject(world: World, ref: string, typed: boolean): unknown {
  const v = findVolume(world, ref);
  if (!v) return undefined;
  return typed ? typedView(volumeJson(v), VOLUME_TYPE) : volumeJson(v);
}

function volumeJson(v: Volume): object {
  return {
    CreatedAt: createdAt(v.created),
    Driver: "local",
    Labels: v.anonymous ? { "com.docker.volume.anonymous": "" } : null,
    Mountpoint: volumePath(v.name),
    Name: v.name,
    Options: null,
    Scope: "local",
  };
}

const LS_TABLE = "table {{.Driver}}\t{{.Name}}";
const LS_HEADERS = {
  Name: "VOLUME NAME",
  Driver: "DRIVER",
  Scope: "SCOPE",
  Mountpoint: "MOUNTPOINT",
  Labels: "LABELS",
  Links: "LINKS",
  Size: "SIZE",
};

function lsRow(v: Volume): Record<string, string> {
  return {
    Name: v.name,
    Driver: "local",
    Scope: "local",
    Mountpoint: volumePath(v.name),
    Labels: v.anonymous ? "com.docker.volume.anonymous=" : "",
    Links: "N/A",
    Size: "N/A",
  };
}

/** The daemon's volume filters: dangling, name (a substring), driver, label. */
function selectVolumes(
  world: World,
  filters: ReadonlyMap<string, readonly string[]>,
): { ok: true; volumes: readonly Volume[] } | { ok: false; error: string } {
  for (const key of filters.keys())
    if (!["dangling", "name", "driver", "label"].includes(key)) return { ok: false, error: `invalid filter '${key}'` };
  let vols = volumesOf(world);
  for (const d of filters.get("dangling") ?? []) {
    const want = ["true", "1"].includes(d) ? true : ["false", "0"].includes(d) ? false : undefined;
    if (want === undefined) return { ok: false, error: `invalid filter 'dangling=${d}'` };
    vols = vols.filter((v) => (volumeUsers(world, v.name).length === 0) === want);
  }
  const names = filters.get("name");
  if (names) vols = vols.filter((v) => names.some((n) => v.name.includes(n)));
  const drivers = filters.get("driver");
  if (drivers) vols = vols.filter(() => drivers.includes("local"));
  const labels = filters.get("label");
  if (labels)
    vols = vols.filter((v) => v.anonymous && labels.every((l) => l.split("=")[0] === "com.docker.volume.anonymous"));
  return { ok: true, volumes: vols };
}

const spec = (name: string) => VOLUME_COMMANDS.find((c) => c.name === name)!;

export function dockerVolume(argv: readonly string[], world: World, input: PruneInput): CommandResult {
  const [sub, ...rest] = argv;
  const cli = profileOf(world.docker).cli;
  switch (sub) {
    case undefined:
      return out(world, cli.groupUsage(VOLUME_USAGE));
    case "create": {
      const p = parseFlags(rest, flagsOf(spec("create")));
      if (!p.ok) return flagError(world, "volume create", p.error);
      const named = value(p.parsed, "--name");
      if (p.parsed.args.length > 1 || (named !== undefined && p.parsed.args.length > 0))
        return argsError(world, "volume create", { kind: "max", n: 1 });
      const [v, w] = createVolume(world, p.parsed.args[0] ?? named);
      return out(w, v.name + "\n");
    }
    case "ls":
    case "list": {
      const p = parseFlags(rest, flagsOf(spec("ls")));
      if (!p.ok) return flagError(world, "volume ls", p.error);
      if (p.parsed.args.length > 0) return argsError(world, "volume ls", { kind: "none" });
      const f = lsFilters(world, "volume ls", p.parsed);
      if (!f.ok) return f.result;
      const picked = selectVolumes(world, f.args);
      if (!picked.ok) return out(world, "", `Error response from daemon: ${picked.error}\n`, 1);
      const vols = [...picked.volumes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const format = flag(p.parsed, "--quiet") ? "{{.Name}}" : (value(p.parsed, "--format") ?? LS_TABLE);
      const r = renderRows(format, vols.map(lsRow), LS_HEADERS);
      return r.ok ? out(world, r.text) : out(world, "", r.error + "\n", 1);
    }
    case "inspect": {
      const p = parseFlags(rest, flagsOf(spec("inspect")));
      if (!p.ok) return flagError(world, "volume inspect", p.error);
      if (p.parsed.args.length === 0) return argsError(world, "volume inspect", { kind: "min", n: 1 });
      const format = value(p.parsed, "--format");
      const lookup = (ref: string): unknown => volumeObject(world, ref, format !== undefined);
      return renderInspect(
        world,
        p.parsed.args,
        lookup,
        format,
        (r) => `Error response from daemon: get ${r}: no such volume\n`,
      );
    }
    case "rm":
    case "remove": {
      const p = parseFlags(rest, flagsOf(spec("rm")));
      if (!p.ok) return flagError(world, "volume rm", p.error);
      if (p.parsed.args.length === 0) return argsError(world, "volume rm", { kind: "min", n: 1 });
      let w = world;
      let stdout = "";
      let stderr = "";
      for (const ref of p.parsed.args) {
        const v = findVolume(w, ref);
        const users = v ? volumeUsers(w, v.name) : [];
        if (!v) stderr += `Error response from daemon: get ${ref}: no such volume\n`;
        else if (users.length > 0)
          stderr += `Error response from daemon: remove ${ref}: volume is in use - [${users.map((c) => c.id).join(", ")}]\n`;
        else {
          w = dropVolume(w, v.name);
          stdout += ref + "\n";
        }
      }
      return out(w, stdout, stderr, stderr ? 1 : 0);
    }
    case "prune":
      return dockerVolumePrune(rest, world, input);
    default:
      return out(world, "", cli.unknownCommand(sub, { cmd: cliCommand("volume"), usage: VOLUME_USAGE }), 1);
  }
}

/** `docker volume prune [-a] [-f]`: unused anonymous volumes, or with -a every unused one. */
function dockerVolumePrune(argv: readonly string[], world: World, input: PruneInput): CommandResult {
  const p = parsePrune(argv, world, "volume prune", spec("prune"));
  if (!p.ok) return p.result;
  const all = flag(p.parsed, "--all");
  const question = all
    ? "WARNING! This will remove all local volumes not used by at least one container."
    : "WARNING! This will remove anonymous local volumes not used by at least one container.";
  const asked = confirmPrune(
    world,
    `${question}\nAre you sure you want to continue?`,
    flag(p.parsed, "--force"),
    input,
  );
  if ("declined" in asked) return asked.declined;
  const pruned = pruneVolumes(world, all);
  return out(pruned.world, asked.prompt + pruned.report + `Total reclaimed space: ${humanSize(pruned.bytes)}\n`);
}

/** The unused volumes a prune takes: anonymous ones, or with `all` every one no container uses. */
export function pruneVolumes(world: World, all: boolean): { world: World; report: string; bytes: number } {
  const gone = volumesOf(world).filter((v) => (all || v.anonymous) && volumeUsers(world, v.name).length === 0);
  let w = world;
  let bytes = 0;
  for (const v of gone) {
    bytes += volumeSize(w, v.name);
    w = dropVolume(w, v.name);
  }
  const report = pruneReport(
    "Deleted Volumes",
    gone.map((v) => v.name),
  );
  return { world: w, report, bytes };
}
