/**
 * `docker network ls` and `docker network prune`: the daemon's network filters
 * (daemon/network/filter.go: values of one key ORed, keys ANDed; `name` and `id` as
 * regular expressions, `label` as key or key=value, `dangling` and `type` applied
 * last), the CLI's natural sort by name, and prune's confirmation and label/until filters.
 */
import { removeNetwork, unusedNetworks } from "../../../docker/network.ts";
import { naturalLess } from "../../../docker/ports.ts";
import { goJson } from "../../../docker/template.ts";
import { profileOf } from "../../../docker/engine/index.ts";
import type { DockerNetwork, DockerState } from "../../../docker/types.ts";
import type { World } from "../../../world.ts";
import type { CommandResult } from "../../command.ts";
import { flag, parseFlags, value, values } from "./flags.ts";
import { flagError } from "./cli-texts.ts";
import { renderRows } from "./ps.ts";
import { flagsOf, NETWORK_LS, NETWORK_PRUNE } from "./spec.ts";

const PREDEFINED = ["bridge", "host", "none"];

function out(world: World, stdout: string, stderr = "", exitCode = 0): CommandResult {
  return { world, stdout, stderr, exitCode };
}

/** The filters as the CLI sends them: key → values; or the CLI's own refusal of one without `=`. */
function filterArgs(specs: readonly string[]): { ok: true; args: Map<string, string[]> } | { ok: false; bad: string } {
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

/** filters.Args.Match: the value itself, or a regular expression found anywhere in it. */
function matches(patterns: readonly string[], source: string): boolean {
  return patterns.some((p) => {
    if (p === source) return true;
    try {
      return new RegExp(p).test(source);
    } catch {
      return false;
    }
  });
}

/** filters.Args.MatchKVList: every `key` or `key=value` holds. */
function matchesLabels(patterns: readonly string[], labels: Readonly<Record<string, string>>): boolean {
  if (Object.keys(labels).length === 0) return false;
  return patterns.every((p) => {
    const eq = p.indexOf("=");
    const k = eq < 0 ? p : p.slice(0, eq);
    if (!Object.hasOwn(labels, k)) return false;
    return eq < 0 || labels[k] === p.slice(eq + 1);
  });
}

const LS_FILTERS = ["driver", "name", "id", "label", "scope", "dangling", "type"];

function filterNetworks(
  docker: DockerState,
  args: Map<string, string[]>,
): { ok: true; nets: DockerNetwork[] } | { ok: false; error: string } {
  for (const key of args.keys()) if (!LS_FILTERS.includes(key)) return { ok: false, error: `invalid filter '${key}'` };
  const get = (k: string) => args.get(k) ?? [];
  let nets = docker.networks.filter(
    (n) =>
      (!args.has("driver") || get("driver").includes(n.driver)) &&
      (!args.has("name") || matches(get("name"), n.name)) &&
      (!args.has("id") || matches(get("id"), n.id)) &&
      (!args.has("label") || matchesLabels(get("label"), n.labels)) &&
      (!args.has("scope") || get("scope").includes("local")),
  );
  const dangling = get("dangling");
  if (dangling.length > 1) return { ok: false, error: `got more than one value for filter key "dangling"` };
  if (dangling.length === 1) {
    const v = dangling[0]!;
    if (!["0", "1", "false", "true"].includes(v))
      return {
        ok: false,
        error: `invalid value for filter 'dangling', must be "true" (or "1"), or "false" (or "0")`,
      };
    // The list the daemon filters carries no endpoints (only `network inspect` fills them), so
    // every custom network counts as unused, even one a running container is on (oracle: w08).
    const only = v === "1" || v === "true";
    nets = nets.filter((n) => only !== PREDEFINED.includes(n.name));
  }
  if (args.has("type")) {
    const typed: DockerNetwork[] = [];
    for (const t of get("type")) {
      if (t !== "custom" && t !== "builtin") return { ok: false, error: `invalid filter: 'type'='${t}'` };
      typed.push(...nets.filter((n) => (t === "builtin") === PREDEFINED.includes(n.name)));
    }
    nets = typed;
  }
  return { ok: true, nets };
}

/** Labels as the CLI's formatter joins them: `k=v` sorted by key, comma-separated. */
function labelsText(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(",");
}

export function dockerNetworkLs(rest: readonly string[], world: World): CommandResult {
  const p = parseFlags(rest, flagsOf(NETWORK_LS));
  if (!p.ok) return flagError(world, "network ls", p.error);
  const f = filterArgs(values(p.parsed, "--filter"));
  if (!f.ok)
    return flagError(
      world,
      "network ls",
      `invalid argument "${f.bad}" for "-f, --filter" flag: bad format of filter (expected name=value)`,
    );
  const r = filterNetworks(world.docker, f.args);
  if (!r.ok) return out(world, "", `Error response from daemon: ${r.error}\n`, 1);
  const nets = [...r.nets].sort((a, b) => (naturalLess(a.name, b.name) ? -1 : naturalLess(b.name, a.name) ? 1 : 0));
  const trunc = !flag(p.parsed, "--no-trunc");
  const idOf = (n: DockerNetwork) => (trunc ? n.id.slice(0, 12) : n.id);
  const format = value(p.parsed, "--format");
  // -q prints IDs, unless a --format says otherwise.
  if (flag(p.parsed, "--quiet") && (format === undefined || format === "table"))
    return out(world, nets.map((n) => idOf(n) + "\n").join(""));
  // The formatter's fields in a Go map's (sorted) order, as `{{json .}}` prints them.
  const rows = nets.map((n) => ({
    CreatedAt: "",
    Driver: n.driver,
    ID: idOf(n),
    // CLI 28's formatter has an IPv4 column too (the API's EnableIPv4, always on here).
    ...(profileOf(world.docker).inspect.enableIPv4 ? { IPv4: "true" } : {}),
    IPv6: String(n.ipv6 !== undefined),
    Internal: String(n.internal === true),
    Label: (key: unknown) => n.labels[String(key)] ?? "",
    Labels: labelsText(n.labels),
    Name: n.name,
    Scope: "local",
  }));
  if (format === "json") return out(world, rows.map((r) => goJson(r) + "\n").join(""));
  const r2 = renderRows(format ?? "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}", rows, {
    ID: "NETWORK ID",
    Name: "NAME",
    Driver: "DRIVER",
    Scope: "SCOPE",
    IPv4: "IPV4",
    IPv6: "IPV6",
    Internal: "INTERNAL",
    Labels: "LABELS",
    Label: () => "LABEL",
    CreatedAt: "CREATED",
  });
  if (r2.ok) return out(world, r2.text);
  if (r2.parse) return out(world, "", r2.error + "\n", 64);
  // A field the row lacks is one the CLI's networkContext lacks.
  const why = r2.error.replace(
    /map has no entry for key "(.*)"$/,
    "can't evaluate field $1 in type *network.networkContext",
  );
  return out(world, "", `template parsing error: ${why}\n`, 1);
}

const PRUNE_WARNING =
  "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] ";

/** Go durations as `until=` takes them (`90m`, `1h30m`, `10s`), in ms; or a Unix time in seconds. */
function untilCutoff(v: string, now: number): number | undefined {
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
  const parts = [...v.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((m) => m[0]).join("") !== v) return undefined;
  return now - parts.reduce((ms, m) => ms + Number(m[1]) * units[m[2]!]!, 0);
}

/**
 * `docker network prune [-f] [--filter until=|label=|label!=]`, confirming on stdin without -f.
 * At the lab's terminal with nothing piped in, the question is answered with Enter: its default, no.
 */
export function dockerNetworkPrune(
  rest: readonly string[],
  world: World,
  input: { readonly stdin: string; readonly terminal: boolean },
): CommandResult {
  const p = parseFlags(rest, flagsOf(NETWORK_PRUNE));
  if (!p.ok) return flagError(world, "network prune", p.error);
  const f = filterArgs(values(p.parsed, "--filter"));
  if (!f.ok)
    return flagError(
      world,
      "network prune",
      `invalid argument "${f.bad}" for "--filter" flag: bad format of filter (expected name=value)`,
    );
  let prompt = "";
  if (!flag(p.parsed, "--force")) {
    prompt = PRUNE_WARNING;
    const answer = (input.stdin.split("\n")[0] ?? "").trim().toLowerCase();
    // The terminal echoes the Enter that declined (a pipe's answer is not echoed).
    if (answer !== "y" && answer !== "yes") return out(world, input.terminal ? prompt + "\n" : prompt);
  }
  for (const key of f.args.keys())
    if (!["until", "label", "label!"].includes(key))
      return out(world, prompt, `Error response from daemon: invalid filter '${key}'\n`, 1);
  let cutoff: number | undefined;
  for (const u of f.args.get("until") ?? []) {
    cutoff = untilCutoff(u, world.clock);
    if (cutoff === undefined)
      return out(world, prompt, `Error response from daemon: failed to parse value as time or duration: "${u}"\n`, 1);
  }
  const gone = unusedNetworks(world.docker).filter(
    (n) =>
      (cutoff === undefined || n.created < cutoff) &&
      (!f.args.has("label") || matchesLabels(f.args.get("label")!, n.labels)) &&
      (!f.args.has("label!") || !matchesLabels(f.args.get("label!")!, n.labels)),
  );
  let w = world;
  for (const n of gone) {
    const r = removeNetwork(w, n);
    if (r.ok) w = r.world;
  }
  const deleted = gone.length > 0 ? "Deleted Networks:\n" + gone.map((n) => n.name + "\n").join("") + "\n" : "";
  return out(w, prompt + deleted);
}
