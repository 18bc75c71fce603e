/**
 * `docker ps`: the default table (tabwriter, minwidth 10, padding 3), -a, -q, -n,
 * -l, --no-trunc and --format with Go templates (`table` adds the headers), with
 * the fields and texts of the 26.1 CLI's container formatter.
 */
import { apiPorts, displayablePorts } from "../../docker/ports.ts";
import { goJson, renderTemplate } from "../../docker/template.ts";
import type { Container } from "../../docker/types.ts";
import type { World } from "../../world.ts";
import type { Command } from "../command.ts";
import { flag, humanDuration, parseFlags, tabwrite, value } from "./flags.ts";

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

export function statusText(c: Container, now: number): string {
  if (c.status === "running") return `Up ${humanDuration(now - c.startedAt)}`;
  if (c.status === "created") return "Created";
  return `Exited (${c.exitCode}) ${humanDuration(now - c.finishedAt)} ago`;
}

export function psRow(world: World, c: Container, trunc: boolean): Record<string, string> {
  // The daemon quotes arguments that need it, as a shell would read them back.
  const command = [...c.entrypoint, ...c.cmd]
    .map((a) => (/^[\w@%+=:,./-]*$/.test(a) && a !== "" ? a : `'${a}'`))
    .join(" ");
  const known = c.networks.map((id) => world.docker.networks.find((n) => n.id === id)?.name ?? "").filter(Boolean);
  // A container created for a network that does not exist still names it.
  const nets = known.length > 0 ? known : [c.networkMode];
  const row: Record<string, string> = {
    ID: trunc ? c.id.slice(0, 12) : c.id,
    Image: c.image,
    Command: JSON.stringify(trunc ? ellipsis(command, 20) : command),
    CreatedAt: createdAt(c.created),
    RunningFor: `${humanDuration(world.clock - c.created)} ago`,
    Ports: c.status === "running" ? displayablePorts(apiPorts(c.exposed, c.ports)) : "",
    State: c.status,
    Status: statusText(c, world.clock),
    Size: "0B",
    Names: c.name,
    Labels: "",
    Mounts: "",
    Networks: nets.join(","),
    LocalVolumes: "0",
  };
  // The formatter's JSON is a Go map: keys sorted.
  return Object.fromEntries(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Renders rows with a ps-style format; `table …` gets a header row and tab alignment. */
export function renderRows(format: string, rows: readonly Record<string, string>[], headers: Record<string, string>) {
  const isTable = format.startsWith("table");
  const body = isTable ? format.replace(/^table\s*/, "") : format;
  const tpl = body.replace(/\\t/g, "\t").replace(/\\n/g, "\n");
  const lines: string[] = [];
  if (isTable) {
    const h = renderTemplate(tpl, headers);
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

export const dockerPs: Command = (argv, { world }) => {
  const p = parseFlags(argv, {
    bools: ["-a", "--all", "-q", "--quiet", "--no-trunc", "-l", "--latest", "-s", "--size"],
    values: ["--format", "-n", "--last", "-f", "--filter"],
    aliases: { "-a": "--all", "-q": "--quiet", "-l": "--latest", "-n": "--last", "-s": "--size", "-f": "--filter" },
  });
  if (!p.ok) return { world, stdout: "", stderr: `${p.error}\nSee 'docker ps --help'.\n`, exitCode: 125 };
  const f = p.parsed;
  let list = world.docker.containers;
  const last = value(f, "--last");
  const limit = flag(f, "--latest") ? 1 : last !== undefined ? Number(last) : -1;
  if (!flag(f, "--all") && limit < 0) list = list.filter((c) => c.status === "running");
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
  const rows = list.map((c) => psRow(world, c, trunc));
  // `--format json` marshals each row with Go's HTML escaping (the template `json` does not).
  if (format === "json") return { world, stdout: rows.map((r) => goJson(r) + "\n").join(""), stderr: "", exitCode: 0 };
  const out = renderRows(format, rows, HEADERS);
  if (!out.ok) return { world, stdout: "", stderr: `${out.error}\n`, exitCode: out.parse ? 64 : 1 };
  return { world, stdout: out.text, stderr: "", exitCode: 0 };
};
