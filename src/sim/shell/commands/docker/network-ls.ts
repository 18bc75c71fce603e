/**
 * `docker network ls` and `docker network prune`: the daemon's network filters
 * (daemon/network/filter.go: values of one key ORed, keys ANDed; `name` and `id` as
 * regular expressions, `label` as key or key=value, `dangling` and `type` applied
 * last), the CLI's natural sort by name, and prune's confirmation and label/until filters.
 */
import { naturalLess } from "../../../docker/ports.ts";
import { goJson } from "../../../docker/template.ts";
import { profileOf } from "../../../docker/engine/index.ts";
import { ipv4Enabled } from "../../../docker/network-rules.ts";
import type { DockerNetwork, DockerState } from "../../../docker/types.ts";
import type { World } from "../../../world.ts";
import type { CommandResult } from "../../command.ts";
import { flag, parseFlags, value } from "./flags.ts";
import { flagError } from "./cli-texts.ts";
import { renderRows } from "./ps.ts";
import {
  confirmPrune,
  lsFilters,
  matchesLabels,
  parsePrune,
  pruneNetworks,
  pruneRefused,
  pruneSelector,
  type PruneInput,
} from "./prune.ts";
import { flagsOf, NETWORK_LS, NETWORK_PRUNE } from "./spec.ts";

const NETWORK_PRUNE_WARNING =
  "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue?";

const PREDEFINED = ["bridge", "host", "none"];

function out(world: World, stdout: string, stderr = "", exitCode = 0): CommandResult {
  return { world, stdout, stderr, exitCode };
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
  const f = lsFilters(world, "network ls", p.parsed);
  if (!f.ok) return f.result;
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
    // CLI 28's formatter has an IPv4 column too (the API's EnableIPv4).
    ...(profileOf(world.docker).inspect.enableIPv4 ? { IPv4: String(ipv4Enabled(n)) } : {}),
    IPv6: String(n.ipv6 !== undefined),
    Internal: String(n.internal === true),
    Label: (key: unknown) => n.labels[String(key)] ?? "",
    Labels: labelsText(n.labels),
    Name: n.name,
    Scope: "local",
  }));
  if (format === "json") return out(world, rows.map((r) => goJson(r) + "\n").join(""));
  const r2 = renderRows(
    format ?? "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}",
    rows,
    {
      ID: "NETWORK ID",
      Name: "NAME",
      Driver: "DRIVER",
      Scope: "SCOPE",
      IPv4: "IPV4",
      IPv6: "IPV6",
      Internal: "INTERNAL",
      Labels: "LABELS",
      CreatedAt: "CREATED",
    },
    "*network.networkContext",
  );
  if (r2.ok) return out(world, r2.text);
  return out(world, "", `template parsing error: ${r2.error}\n`, 1);
}

/**
 * `docker network prune [-f] [--filter until=|label=|label!=]`, confirming on stdin without -f.
 * At the lab's terminal with nothing piped in, the question is answered with Enter: its default, no.
 */
export function dockerNetworkPrune(rest: readonly string[], world: World, input: PruneInput): CommandResult {
  const p = parsePrune(rest, world, "network prune", NETWORK_PRUNE);
  if (!p.ok) return p.result;
  const asked = confirmPrune(world, NETWORK_PRUNE_WARNING, flag(p.parsed, "--force"), input);
  if ("declined" in asked) return asked.declined;
  const sel = pruneSelector(world, p.filters);
  if (!sel.ok) return pruneRefused(world, asked.prompt, sel.error);
  const pruned = pruneNetworks(world, sel.keep);
  return out(pruned.world, asked.prompt + pruned.report);
}
