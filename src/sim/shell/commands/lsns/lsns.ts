/**
 * `lsns` (util-linux 2.38.1, Debian 12's): one line per namespace that some process of
 * the machine is in, sorted by inode, with how many processes share it and the lowest
 * PID's user and command line. The inodes are /proc/PID/ns's (lib/vfs-proc.ts), so lsns
 * and `readlink /proc/PID/ns/net` agree; `-t net` adds NETNSID (the id `ip link` shows
 * as link-netnsid, "unassigned" for the viewer's own) and NSFS, where Docker bind-mounts
 * a container's namespace (/run/docker/netns/KEY, as /proc/self/mountinfo names it).
 */
import type { Command, CommandResult } from "../../command.ts";
import { netnsIdOf } from "../ip/ip-links.ts";
import { userNames, type Proc } from "../../lib/procs.ts";
import { NS_KINDS, netnsOfProcess, nsInodeOf, processesOf } from "../../lib/vfs-proc.ts";
import { viewOf } from "../../lib/vfs-node.ts";
import type { World } from "../../../world.ts";

interface Row {
  readonly ns: number;
  readonly type: string;
  readonly procs: Proc[];
  readonly netns?: string;
}

function fail(world: World, msg: string): CommandResult {
  return { world, stdout: "", stderr: `lsns: ${msg}\nTry 'lsns --help' for more information.\n`, exitCode: 1 };
}

/** The mount point Docker gives a container's network namespace (its sandbox key). */
function nsfsOf(world: World, netns: string): string {
  const c = world.docker.containers.find((x) => x.id === netns);
  if (!c) return "";
  return `/run/docker/netns/${c.id.split("").reverse().join("").slice(0, 12)}`;
}

/** libsmartcols' table: columns as wide as their widest cell, numbers to the right, the last one unpadded. */
function table(
  header: readonly string[],
  right: readonly boolean[],
  rows: readonly string[][],
  heads: boolean,
): string {
  const all = heads ? [header as string[], ...rows] : [...rows];
  const width = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all
    .map(
      (r) =>
        r
          .map((cell, i) =>
            i === r.length - 1 && !right[i] ? cell : right[i] ? cell.padStart(width[i]!) : cell.padEnd(width[i]!),
          )
          .join(" ") + "\n",
    )
    .join("");
}

export const lsns: Command = (argv, ctx) => {
  const { world } = ctx;
  let type: string | undefined;
  let task: number | undefined;
  let heads = true;
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-t" || a === "--type" || a === "-p" || a === "--task") {
      const v = args[++i];
      if (v === undefined) return fail(world, `option requires an argument -- '${a.replace(/^-+/, "")[0]}'`);
      if (a === "-t" || a === "--type") {
        if (!NS_KINDS.includes(v))
          return { world, stdout: "", stderr: `lsns: unknown namespace type: ${v}\n`, exitCode: 1 };
        type = v;
      } else {
        if (!/^\d+$/.test(v)) return { world, stdout: "", stderr: `lsns: invalid PID argument: '${v}'\n`, exitCode: 1 };
        task = Number(v);
      }
    } else if (a === "-n" || a === "--noheadings") heads = false;
    else if (a === "-l" || a === "--list") continue;
    else if (a.startsWith("-"))
      return fail(world, a.startsWith("--") ? `unrecognized option '${a}'` : `invalid option -- '${a[1]}'`);
    else return fail(world, `unexpected argument: ${a}`);
  }
  const view = viewOf(world, ctx.session);
  const procs = processesOf(view);
  const rows = new Map<number, Row>();
  const only = task === undefined ? undefined : procs.find((p) => p.pid === task);
  if (task !== undefined && !only) return { world, stdout: "", stderr: "", exitCode: 0 };
  const wanted = only ? new Set(NS_KINDS.map((k) => nsInodeOf(view, only, k))) : undefined;
  for (const p of procs) {
    for (const kind of NS_KINDS) {
      if (type !== undefined && kind !== type) continue;
      const ns = nsInodeOf(view, p, kind);
      if (wanted && !wanted.has(ns)) continue;
      const row = rows.get(ns);
      if (row) row.procs.push(p);
      else rows.set(ns, { ns, type: kind, procs: [p], ...(kind === "net" ? { netns: netnsOfProcess(view, p) } : {}) });
    }
  }
  const users = userNames(view.machine.kind, view.machine.container?.image);
  const net = type === "net";
  const header = ["NS", "TYPE", "NPROCS", "PID", "USER", ...(net ? ["NETNSID", "NSFS"] : []), "COMMAND"];
  const right = [true, false, true, true, false, ...(net ? [true, false] : []), false];
  const out = [...rows.values()]
    .sort((a, b) => a.ns - b.ns)
    .map((r) => {
      const first = r.procs.reduce((a, b) => (b.pid < a.pid ? b : a));
      const id =
        r.netns === undefined || r.netns === view.netns ? "unassigned" : String(netnsIdOf(world, view.netns, r.netns));
      return [
        String(r.ns),
        r.type,
        String(r.procs.length),
        String(first.pid),
        users.get(first.uid) ?? String(first.uid),
        ...(net ? [id, nsfsOf(world, r.netns ?? "")] : []),
        first.args === "" ? first.comm : first.args,
      ];
    });
  return { world, stdout: table(header, right, out, heads), stderr: "", exitCode: 0 };
};
