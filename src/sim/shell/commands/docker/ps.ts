/**
 * `docker ps`: the default table (tabwriter, minwidth 10, padding 3), -a, -q, -n,
 * -l, --no-trunc and --format with Go templates (`table` adds the headers), with
 * the fields and texts of the 26.1 CLI's container formatter.
 */
import { gatewayEndpoint } from "../../../docker/sandbox.ts";
import { profileOf } from "../../../docker/engine/index.ts";
import { healthSuffix } from "../../../docker/health.ts";
import { flagError } from "./cli-texts.ts";
import { apiPorts, displayablePorts, parsePortRange } from "../../../docker/ports.ts";
import { goJson, parseTemplate, renderTemplate } from "../../../docker/template.ts";
import type { Container, Endpoint } from "../../../docker/types.ts";
import type { World } from "../../../world.ts";
import type { Command } from "../../command.ts";
import { flag, humanDuration, parseFlags, tabwrite, value, values } from "./flags.ts";
import { flagsOf, PS } from "./spec.ts";
import { sizeText } from "../../../docker/container-size.ts";
import { sharedRef } from "../../../docker/shared-netns.ts";

const HEADERS: Record<string, string> = {
  ID: "CONTAINER ID",
  Image: "IMAGE",
  Command: "COMMAND",
  CreatedAt: "CREATED AT",
  RunningFor: "CREATED",
  Ports: "PORTS",
  State: "STATE",
  Status: "STATUS",
  Size: "SIZE",
  Names: "NAMES",
  Labels: "LABELS",
  Mounts: "MOUNTS",
  Networks: "NETWORKS",
  LocalVolumes: "LOCAL VOLUMES",
};

const DEFAULT_TABLE = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";

/** Go's "2006-01-02 15:04:05 -0700 MST" for UTC. */
function createdAt(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " +0000 UTC");
}

function ellipsis(s: string, n: number): string {
  const chars = [...s];
  return chars.length <= n ? s : chars.slice(0, n - 1).join("") + "…";
}

/** The daemon's state name: a paused container is `paused`, not `running`. */
export function stateOf(c: Container): string {
  return c.status === "running" && c.paused ? "paused" : c.status;
}

export function statusText(c: Container, now: number): string {
  if (c.status === "running")
    return `Up ${humanDuration(now - c.startedAt)}${c.paused ? " (Paused)" : healthSuffix(c)}`;
  if (c.status === "created") return "Created";
  return `Exited (${c.exitCode}) ${humanDuration(now - c.finishedAt)} ago`;
}

/** The daemon builds the port map from the gateway endpoint's driver, and only the bridge driver keeps one. */
function onBridge(world: World, ep: Endpoint | undefined): boolean {
  return ep !== undefined && world.docker.networks.some((n) => n.id === ep.networkId && n.driver === "bridge");
}

export function psRow(world: World, c: Container, trunc: boolean, size = false): Record<string, string> {
  // The daemon quotes arguments that need it, as a shell would read them back.
  const command = [...c.entrypoint, ...c.cmd]
    .map((a) => (/^[\w@%+=:,./-]*$/.test(a) && a !== "" ? a : `'${a}'`))
    .join(" ");
  const known = c.networks.map((id) => world.docker.networks.find((n) => n.id === id)?.name ?? "").filter(Boolean);
  // A container created for a network that does not exist still names it, and so does one whose
  // network went while it was stopped (its settings keep the entry). One disconnected from every
  // network (`docker network disconnect`) names none, even once that network is gone; one sharing
  // another's namespace has no network of its own to name.
  const exists = world.docker.networks.some((n) => n.name === c.networkMode);
  const keepsEntry = c.networks.length > 0 || c.startedAt === 0;
  const nets =
    known.length > 0 || exists || !keepsEntry || sharedRef(c.networkMode) !== undefined ? known : [c.networkMode];
  const row: Record<string, string> = {
    ID: trunc ? c.id.slice(0, 12) : c.id,
    Image: c.image,
    Command: JSON.stringify(trunc ? ellipsis(command, 20) : command),
    CreatedAt: createdAt(c.created),
    RunningFor: `${humanDuration(world.clock - c.created)} ago`,
    // The daemon builds the port map from the endpoint that programmed external connectivity
    // (the gateway endpoint): without one (every network disconnected, or only internal ones) nothing.
    Ports:
      c.status === "running" && onBridge(world, gatewayEndpoint(world.docker, c.endpoints))
        ? displayablePorts(apiPorts(c.exposed, c.ports), profileOf(world.docker).cli.portIp)
        : c.stalePorts
          ? displayablePorts(apiPorts(c.exposed, c.stalePorts), profileOf(world.docker).cli.portIp)
          : "",
    State: stateOf(c),
    Status: statusText(c, world.clock),
    Size: size ? sizeText(world, c) : "0B",
    Names: c.name,
    Labels: Object.entries(c.settings?.labels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(","),
    Mounts: "",
    // CLI 28 sorts the names; 26 ranges over a Go map (random; the lab keeps connection order).
    Networks: (profileOf(world.docker).cli.sortsPsNetworks ? [...nets].sort() : nets).join(","),
    LocalVolumes: "0",
  };
  // The formatter's JSON is a Go map: keys sorted.
  const sorted = Object.fromEntries(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : 1)));
  // `{{.Label "k"}}` is a method of the row, not one of its JSON fields.
  Object.defineProperty(sorted, "Label", { value: (k: string) => c.settings?.labels?.[k] ?? "", enumerable: false });
  return sorted;
}

/**
 * Renders rows with a ps-style format; `table …` gets a header row and tab alignment.
 * `context`: the Go type of the CLI's row (`*formatter.ContainerContext`), which a field
 * the row lacks is reported against (the lab's rows are maps, Go's are structs).
 */
export function renderRows(
  format: string,
  rows: readonly Record<string, unknown>[],
  headers: Record<string, unknown>,
  context?: string,
) {
  const r = renderRowsAs(format, rows, headers);
  if (r.ok || r.parse || context === undefined) return r;
  return {
    ...r,
    error: r.error.replace(/map has no entry for key "(.*)"$/, `can't evaluate field $1 in type ${context}`),
  };
}

/**
 * The header row's `{{.Label "com.example.tier"}}`: every formatter's SubHeaderContext names the
 * column by the key's last dotted part, with `-` and `_` as spaces.
 */
function labelHeader(key: unknown): string {
  return (String(key).split(".").pop() ?? "").replace(/[-_]/g, " ");
}

function renderRowsAs(format: string, rows: readonly Record<string, unknown>[], headers: Record<string, unknown>) {
  const isTable = format.startsWith("table");
  const body = isTable ? format.replace(/^table\s*/, "") : format;
  const tpl = body.replace(/\\t/g, "\t").replace(/\\n/g, "\n");
  const lines: string[] = [];
  if (isTable) {
    const h = renderTemplate(tpl, { Label: labelHeader, ...headers });
    if (!h.ok) return h;
    lines.push(h.text);
  }
  for (const row of rows) {
    const r = renderTemplate(tpl, row);
    if (!r.ok) return r;
    lines.push(r.text);
  }
  if (!isTable) return { ok: true as const, text: lines.map((l) => l + "\n").join("") };
  return { ok: true as const, text: tabwrite(lines.map((l) => l.split("\t"))) };
}

const FILTERS = [
  "name",
  "status",
  "network",
  "ancestor",
  "publish",
  "expose",
  "id",
  "exited",
  "label",
  "before",
  "since",
  "health",
  "volume",
  "isolation",
  "is-task",
];

/** `--filter key=value`: values of one key are ORed, keys are ANDed, as the daemon does. */
function applyFilters(
  world: World,
  specs: readonly string[],
): { ok: true; list: readonly Container[]; all: boolean } | { ok: false; error: string } {
  const byKey = new Map<string, string[]>();
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    const key = spec.slice(0, eq);
    if (!FILTERS.includes(key)) return { ok: false, error: `invalid filter '${key}'` };
    byKey.set(key, [...(byKey.get(key) ?? []), spec.slice(eq + 1)]);
  }
  // The daemon checks each status named, and a status filter lists stopped containers too.
  const bad = (byKey.get("status") ?? []).find((v) => !STATES.includes(v));
  if (bad !== undefined)
    return { ok: false, error: `invalid filter 'status=${bad}'${profileOf(world.docker).errors.badStateDetail(bad)}` };
  const test = (c: Container, key: string, v: string): boolean => {
    switch (key) {
      case "name":
        // A regular expression, matched against the daemon's name with its leading slash and without it.
        return matches(v, "/" + c.name) || matches(v, c.name);
      case "status":
        return stateOf(c) === v;
      case "id":
        return c.id.startsWith(v);
      case "ancestor":
        return c.image === v || `${c.image}:latest` === v;
      case "label": {
        const labels = c.settings?.labels ?? {};
        const eq = v.indexOf("=");
        return eq < 0 ? Object.hasOwn(labels, v) : labels[v.slice(0, eq)] === v.slice(eq + 1);
      }
      case "health":
        return c.settings?.health ? c.status === "running" && (c.health?.status ?? "starting") === v : v === "none";
      case "exited":
        return c.status === "exited" && String(c.exitCode) === v;
      case "network":
        return c.networks.some((id) => {
          const n = world.docker.networks.find((x) => x.id === id);
          return n !== undefined && (n.name === v || n.id.startsWith(v));
        });
      case "publish":
      case "expose": {
        // The daemon's portOp: `port[/proto]` or `start-end[/proto]`, every port of the range.
        const [port = "", proto = "tcp"] = v.split("/");
        const range = parsePortRange(port);
        if (!range) return false;
        const within = (n: number) => n >= range[0] && n <= range[1];
        if (key === "expose") return c.exposed.some((k) => k.endsWith(`/${proto}`) && within(Number(k.split("/")[0])));
        return c.ports.some((b) => within(b.hostPort) && b.proto === proto);
      }
      default:
        return false;
    }
  };
  const list = world.docker.containers.filter((c) =>
    [...byKey.entries()].every(([k, vs]) => vs.some((v) => test(c, k, v))),
  );
  return { ok: true, list, all: byKey.has("status") };
}

function parsesAsTyped(format: string): boolean {
  try {
    parseTemplate(format);
    return true;
  } catch {
    return false;
  }
}

/** The states the daemon knows (container.IsValidStateString). */
const STATES = ["paused", "restarting", "removing", "running", "dead", "created", "exited"];

/** Go's regexp.MatchString as the filter uses it: a pattern that does not compile matches nothing. */
function matches(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern).test(text);
  } catch {
    return false;
  }
}

export const dockerPs: Command = (argv, { world }) => {
  const p = parseFlags(argv, flagsOf(PS));
  if (!p.ok) return flagError(world, "ps", p.error);
  const f = p.parsed;
  // The CLI itself refuses a filter without `=`.
  const noEq = values(f, "--filter").find((v) => !v.includes("="));
  if (noEq !== undefined)
    return flagError(
      world,
      "ps",
      `invalid argument "${noEq}" for "-f, --filter" flag: bad format of filter (expected name=value)`,
    );
  const filtered = applyFilters(world, values(f, "--filter"));
  if (!filtered.ok)
    return { world, stdout: "", stderr: `Error response from daemon: ${filtered.error}\n`, exitCode: 1 };
  let list = filtered.list;
  const last = value(f, "--last");
  const limit = flag(f, "--latest") ? 1 : last !== undefined ? Number(last) : -1;
  if (!flag(f, "--all") && !filtered.all && limit < 0) list = list.filter((c) => c.status === "running");
  if (limit >= 0) list = list.slice(0, limit);
  const trunc = !flag(f, "--no-trunc");
  if (flag(f, "--quiet"))
    return {
      world,
      stdout: list.map((c) => (trunc ? c.id.slice(0, 12) : c.id) + "\n").join(""),
      stderr: "",
      exitCode: 0,
    };
  let format = value(f, "--format") ?? DEFAULT_TABLE;
  if (format === "table") format = DEFAULT_TABLE;
  // The CLI asks the daemon for sizes with -s, or when the format shows them.
  const size = flag(f, "--size") || (value(f, "--format") !== undefined && format.includes(".Size"));
  if (flag(f, "--size") && format === DEFAULT_TABLE) format += "\t{{.Size}}";
  const rows = list.map((c) => psRow(world, c, trunc, size));
  // `--format json` marshals each row with Go's HTML escaping (the template `json` does not).
  if (format === "json") return { world, stdout: rows.map((r) => goJson(r) + "\n").join(""), stderr: "", exitCode: 0 };
  const out = renderRows(format, rows, HEADERS, "*formatter.ContainerContext");
  if (!out.ok) {
    // The CLI first parses the format as typed (`failed to parse template`); only the formatter
    // turns `\t` and `\n` into tabs and newlines, which can break a "…" string then.
    const why = out.parse
      ? parsesAsTyped(format)
        ? "template parsing error: "
        : "failed to parse template: "
      : "failed to execute template: ";
    return { world, stdout: "", stderr: `${why}${out.error}\n`, exitCode: 1 };
  }
  return { world, stdout: out.text, stderr: "", exitCode: 0 };
};
