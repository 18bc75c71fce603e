/**
 * `docker top` and `docker stats`. dockerd answers `top` by running the host's `ps`
 * (`-ef` unless given other options) and keeping the lines whose PID is one of the
 * container's (moby's parsePSOutput), so the lab runs its own host `ps` and the PIDs
 * are the host's; the CLI prints the table through a tabwriter of minimum width 20.
 * `stats` is one snapshot (`--no-stream`, or the first frame of the stream: see README).
 */
import { findContainer } from "../../../docker/container.ts";
import { bytesSize, humanSize } from "../../../docker/images.ts";
import type { Container } from "../../../docker/types.ts";
import type { World } from "../../../world.ts";
import { linkStats } from "../../../kernel/link-stats.ts";
import type { CommandContext, CommandResult } from "../../command.ts";
import { hostProcesses, SHIM_GAP } from "../../lib/procs.ts";
import { argsError, flagError } from "./cli-texts.ts";
import { flag, parseFlags, value } from "./flags.ts";
import { renderRows } from "./ps.ts";

/** The CLI's tabwriter for `top`: minwidth 20, padding 3; the last column is not padded. */
function tab20(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, Math.max(20, [...c].length + 3))));
  return rows
    .map((r) => r.map((c, i) => (i < r.length - 1 ? c + " ".repeat(widths[i]! - [...c].length) : c)).join("") + "\n")
    .join("");
}

/** The host PIDs of a container's processes: the shim's descendants. */
function containerPids(world: World, c: Container): Set<number> {
  const procs = hostProcesses(world);
  const pids = new Set<number>();
  const shim = c.pid - SHIM_GAP;
  let grew = true;
  // Bounded: each pass adds at least one PID or stops.
  for (let pass = 0; grew && pass < 64; pass++) {
    grew = false;
    for (const p of procs) {
      if (!pids.has(p.pid) && (p.ppid === shim || pids.has(p.ppid))) {
        pids.add(p.pid);
        grew = true;
      }
    }
  }
  return pids;
}

/** A shell word for the line dockerd's `ps` runs as (the lab runs it through its shell). */
function quote(w: string): string {
  return /^[\w.,=%:/+-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`;
}

export function dockerTop(argv: readonly string[], ctx: CommandContext): CommandResult {
  const { world } = ctx;
  const [ref, ...psArgs] = argv;
  if (ref === undefined) return argsError(world, "top", { kind: "min", n: 1 });
  if (ref === "--help" || ref === "-h") return argsError(world, "top", { kind: "min", n: 1 });
  const c = findContainer(world, ref);
  const fail = (text: string): CommandResult => ({
    world,
    stdout: "",
    stderr: `Error response from daemon: ${text}\n`,
    exitCode: 1,
  });
  if (!c) return fail(`No such container: ${ref}`);
  if (c.status !== "running") return fail(`container ${c.id} is not running`);
  const args = psArgs.length > 0 ? psArgs : ["-ef"];
  const pids = containerPids(world, c);
  // dockerd's own `ps` on the host, with -q and the container's PIDs (again without, if
  // ps refuses them together); nothing it does shows in the world.
  const run = (a: readonly string[]) =>
    ctx.runLine(world, { machine: "host", noTty: true }, ["ps", ...a].map(quote).join(" "));
  let r = run([...args, `-q${[...pids].join(",")}`]);
  if (r.exitCode !== 0) r = run(args);
  if (r.exitCode !== 0) return fail(`ps: ${(r.stderr.split("\n")[0] ?? "").trim()}`);
  const lines = r.stdout.split("\n");
  const titles = (lines[0] ?? "").trim().split(/\s+/);
  const pidIndex = titles.indexOf("PID");
  if (pidIndex < 0) return fail("Couldn't find PID field in ps output");
  const rows: string[][] = [titles];
  for (const line of lines.slice(1)) {
    const fields = line.trim().split(/\s+/).filter(Boolean);
    if (fields.length === 0) continue;
    const pid = Number(fields[pidIndex]);
    if (!Number.isInteger(pid))
      return fail(`Unexpected pid '${fields[pidIndex]}': strconv.Atoi: parsing "${fields[pidIndex]}": invalid syntax`);
    if (!pids.has(pid)) continue;
    rows.push([...fields.slice(0, titles.length - 1), fields.slice(titles.length - 1).join(" ")]);
  }
  return { world, stdout: tab20(rows), stderr: "", exitCode: 0 };
}

const STATS_HEADERS = {
  Container: "CONTAINER",
  ID: "CONTAINER ID",
  Name: "NAME",
  CPUPerc: "CPU %",
  MemUsage: "MEM USAGE / LIMIT",
  MemPerc: "MEM %",
  NetIO: "NET I/O",
  BlockIO: "BLOCK I/O",
  PIDs: "PIDS",
};

/** The host's memory, as `docker info` reports it (Total Memory: 23.54GiB, the oracle's machine). */
const MEM_LIMIT = 25_275_592_704;
/** What nginx's two processes use once started (the oracle shows 2.2-2.3 MiB); a shell's one process. */
const NGINX_MEM = 2_355_200;
const PROC_MEM = 540_672;

function statsRow(world: World, c: Container, noTrunc: boolean, asTyped: string): Record<string, string> {
  const id = noTrunc ? c.id : c.id.slice(0, 12);
  const base = { Container: asTyped, ID: id, Name: c.name, CPUPerc: "0.00%" };
  if (c.status !== "running")
    return { ...base, MemUsage: "0B / 0B", MemPerc: "0.00%", NetIO: "0B / 0B", BlockIO: "0B / 0B", PIDs: "0" };
  const pids = containerPids(world, c).size;
  const mem = c.cmd[0] === "nginx" ? NGINX_MEM : PROC_MEM * Math.max(1, pids);
  let rx = 0;
  let tx = 0;
  for (const l of world.netns[c.id]?.links ?? []) {
    if (l.name === "lo") continue;
    const s = linkStats(world, c.id, l);
    rx += s.rxBytes;
    tx += s.txBytes;
  }
  // `--memory` is the cgroup's limit; without it, the host's memory.
  const limit = c.settings?.memory ?? MEM_LIMIT;
  return {
    ...base,
    MemUsage: `${bytesSize(mem)} / ${bytesSize(limit)}`,
    MemPerc: `${((mem / limit) * 100).toFixed(2)}%`,
    NetIO: `${humanSize(rx, 3)} / ${humanSize(tx, 3)}`,
    BlockIO: "0B / 0B",
    PIDs: String(pids),
  };
}

const STATS_TABLE =
  "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";

export function dockerStats(argv: readonly string[], world: World): CommandResult {
  const p = parseFlags(argv, {
    bools: ["-a", "--all", "--no-stream", "--no-trunc"],
    values: ["--format"],
    aliases: { "-a": "--all" },
  });
  if (!p.ok) return flagError(world, "stats", p.error);
  const f = p.parsed;
  const noTrunc = flag(f, "--no-trunc");
  let stderr = "";
  const rows: Record<string, string>[] = [];
  if (f.args.length > 0) {
    for (const ref of f.args) {
      const c = findContainer(world, ref);
      if (!c) stderr += `Error response from daemon: No such container: ${ref}\n`;
      else rows.push(statsRow(world, c, noTrunc, ref));
    }
    if (stderr !== "") return { world, stdout: "", stderr, exitCode: 1 };
  } else {
    // Newest first, as `docker ps` lists them; without -a only the running ones.
    const all = flag(f, "--all");
    // 28's CLI names each row by the full id it asked for; 26's by the short one.
    const v28 = world.docker.engine === "28";
    for (const c of world.docker.containers) {
      if (all || c.status === "running") rows.push(statsRow(world, c, noTrunc, v28 ? c.id : c.id.slice(0, 12)));
    }
  }
  const r = renderRows(value(f, "--format") ?? STATS_TABLE, rows, STATS_HEADERS);
  return r.ok
    ? { world, stdout: r.text, stderr: "", exitCode: 0 }
    : { world, stdout: "", stderr: r.error + "\n", exitCode: 1 };
}
