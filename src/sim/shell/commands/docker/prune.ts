/**
 * What `docker container prune`, `docker network prune` and `docker system prune`
 * share: the CLI's question (answered from stdin; declined by default), the daemon's
 * prune filters (`until`, `label`, `label!`) and each pruner's report, which `system
 * prune` prints one after another before the space reclaimed (moby's cli/command/system/prune.go).
 */
import { parseGoDuration } from "../../../docker/go-duration.ts";
import { removeContainer } from "../../../docker/container.ts";
import { sizeRw } from "../../../docker/container-size.ts";
import { removeNetwork, unusedNetworks } from "../../../docker/network.ts";
import type { Container, DockerNetwork } from "../../../docker/types.ts";
import type { World } from "../../../world.ts";
import type { CommandResult } from "../../command.ts";
import type { CommandSpec } from "../../spec.ts";
import { argsError, flagError } from "./cli-texts.ts";
import { parseFlags, values, type ParsedFlags } from "./flags.ts";
import { flagsOf } from "./spec.ts";

export interface PruneInput {
  readonly stdin: string;
  readonly terminal: boolean;
}

export type PruneFilters = ReadonlyMap<string, readonly string[]>;

/** Whether a prune filter keeps an object for pruning, by its creation time and labels. */
export type PruneKeep = (created: number, labels: Readonly<Record<string, string>>) => boolean;

/** A pruner's report as the CLI prints it: `Deleted THINGS:`, one line each, a blank line; nothing when none went. */
export function pruneReport(title: string, lines: readonly string[]): string {
  return lines.length > 0 ? `${title}:\n` + lines.map((l) => l + "\n").join("") + "\n" : "";
}

/** The filters as the CLI sends them: key → values; or the CLI's own refusal of one without `=`. */
export function filterArgs(
  specs: readonly string[],
): { ok: true; args: Map<string, string[]> } | { ok: false; bad: string } {
  const args = new Map<string, string[]>();
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    if (eq < 0) return { ok: false, bad: spec };
    const key = spec.slice(0, eq).trim().toLowerCase();
    const v = spec.slice(eq + 1).trim();
    const list = args.get(key) ?? [];
    if (!list.includes(v)) list.push(v);
    args.set(key, list);
  }
  return { ok: true, args };
}

/** An `ls` command's `-f NAME=VALUE` filters, or the CLI's refusal of one without `=`. */
export function lsFilters(
  world: World,
  name: string,
  parsed: ParsedFlags,
): { ok: true; args: Map<string, string[]> } | { ok: false; result: CommandResult } {
  const f = filterArgs(values(parsed, "--filter"));
  if (f.ok) return f;
  const why = `invalid argument "${f.bad}" for "-f, --filter" flag: bad format of filter (expected name=value)`;
  return { ok: false, result: flagError(world, name, why) };
}

/** A prune command's words: its flags, no arguments (cobra's NoArgs), `--filter`'s NAME=VALUE pairs; or the CLI's refusal. */
export function parsePrune(
  argv: readonly string[],
  world: World,
  name: string,
  spec: CommandSpec,
): { ok: true; parsed: ParsedFlags; filters: PruneFilters } | { ok: false; result: CommandResult } {
  const p = parseFlags(argv, flagsOf(spec));
  if (!p.ok) return { ok: false, result: flagError(world, name, p.error) };
  if (p.parsed.args.length > 0) return { ok: false, result: argsError(world, name, { kind: "none" }) };
  const f = filterArgs(values(p.parsed, "--filter"));
  if (!f.ok)
    return {
      ok: false,
      result: flagError(
        world,
        name,
        `invalid argument "${f.bad}" for "--filter" flag: bad format of filter (expected name=value)`,
      ),
    };
  return { ok: true, parsed: p.parsed, filters: f.args };
}

/** The daemon's refusal of a filter, after the question was answered yes. */
export function pruneRefused(world: World, prompt: string, error: string): CommandResult {
  return { world, stdout: prompt, stderr: `Error response from daemon: ${error}\n`, exitCode: 1 };
}

/** filters.Args.MatchKVList: every `key` or `key=value` holds. */
export function matchesLabels(patterns: readonly string[], labels: Readonly<Record<string, string>>): boolean {
  if (Object.keys(labels).length === 0) return false;
  return patterns.every((p) => {
    const eq = p.indexOf("=");
    const k = eq < 0 ? p : p.slice(0, eq);
    if (!Object.hasOwn(labels, k)) return false;
    return eq < 0 || labels[k] === p.slice(eq + 1);
  });
}

/** Go durations as `until=` takes them (`90m`, `1h30m`, `10s`), in ms; or a Unix time in seconds. */
function untilCutoff(v: string, now: number): number | undefined {
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const d = parseGoDuration(v);
  return "error" in d ? undefined : now - d.ns / 1e6;
}

/**
 * The CLI's confirmation: without --force it prints `question [y/N] ` and reads one line.
 * Declined, the command ends there (the terminal echoes the Enter that declined; a pipe's
 * answer is not echoed). Returns the prompt to print before the report.
 */
export function confirmPrune(
  world: World,
  question: string,
  force: boolean,
  input: PruneInput,
): { prompt: string } | { declined: CommandResult } {
  if (force) return { prompt: "" };
  const prompt = `${question} [y/N] `;
  const answer = (input.stdin.split("\n")[0] ?? "").trim().toLowerCase();
  if (answer === "y" || answer === "yes") return { prompt };
  return { declined: { world, stdout: input.terminal ? prompt + "\n" : prompt, stderr: "", exitCode: 0 } };
}

/** What a prune filter selects, or the daemon's refusal of a key or value (`Error response from daemon: ...`). */
export function pruneSelector(
  world: World,
  filters: PruneFilters,
): { ok: true; keep: PruneKeep } | { ok: false; error: string } {
  for (const key of filters.keys())
    if (!["until", "label", "label!"].includes(key)) return { ok: false, error: `invalid filter '${key}'` };
  let cutoff: number | undefined;
  for (const u of filters.get("until") ?? []) {
    cutoff = untilCutoff(u, world.clock);
    if (cutoff === undefined) return { ok: false, error: `failed to parse value as time or duration: "${u}"` };
  }
  const label = filters.get("label");
  const notLabel = filters.get("label!");
  return {
    ok: true,
    keep: (created, labels) =>
      (cutoff === undefined || created < cutoff) &&
      (label === undefined || matchesLabels(label, labels)) &&
      (notLabel === undefined || !matchesLabels(notLabel, labels)),
  };
}

export interface Pruned {
  readonly world: World;
  /** The pruner's report (`Deleted Containers:` and its ids, a blank line), empty when nothing went. */
  readonly report: string;
  readonly bytes: number;
}

const NO_LABELS: Readonly<Record<string, string>> = {};

/** The stopped containers the filter selects, removed; the space is what their layers held. */
export function pruneContainers(world: World, keep: PruneKeep): Pruned {
  const gone: Container[] = world.docker.containers.filter((c) => c.status !== "running" && keep(c.created, NO_LABELS));
  let w = world;
  let bytes = 0;
  for (const c of gone) {
    bytes += sizeRw(w, c);
    w = removeContainer(w, c.id);
  }
  return {
    world: w,
    report: pruneReport(
      "Deleted Containers",
      gone.map((c) => c.id),
    ),
    bytes,
  };
}

/** The custom networks no container uses that the filter selects, removed. */
export function pruneNetworks(world: World, keep: PruneKeep): Pruned {
  const gone: DockerNetwork[] = unusedNetworks(world.docker).filter((n) => keep(n.created, n.labels));
  let w = world;
  for (const n of gone) {
    const r = removeNetwork(w, n);
    if (r.ok) w = r.world;
  }
  return {
    world: w,
    report: pruneReport(
      "Deleted Networks",
      gone.map((n) => n.name),
    ),
    bytes: 0,
  };
}
