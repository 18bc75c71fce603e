/**
 * `ps`: procps-ng 4.0.2 on the host and the internet (`aux`, `-ef`, `-e`, `-o`,
 * `-C`, `-p`, `-u`/`-U`, `axo`, `--sort`, `--no-headers`), busybox 1.35 in a container (`PID USER COMMAND`,
 * `-o` with busybox's own columns). The table is the world's (lib/procs.ts), plus
 * the shell and the commands this line started (forks.ts), `ps` itself included.
 */
import type { Command, CommandContext, CommandResult } from "../../command.ts";
import { processesOf, viewOf } from "../../lib/vfs.ts";
import { uidOf, userNames, type Proc } from "../../lib/procs.ts";
import { isBusybox, machineOf } from "../../machine.ts";

const PROCPS_USAGE = `
Usage:
 ps [options]

 Try 'ps --help <simple|list|output|threads|misc|all>'
  or 'ps --help <s|l|o|t|m|a>'
 for additional help text.

For more details see ps(1).
`;

const BUSYBOX_USAGE = `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.

Usage: ps [-o COL1,COL2=HEADER] [-T]

Show list of processes

\t-o COL1,COL2=HEADER\tSelect columns for display
\t-T\t\t\tShow threads
`;

/** Every process the command sees: the world's, the shell and this line's commands. */
export function visibleProcesses(ctx: CommandContext): { procs: Proc[]; self?: Proc } {
  const view = viewOf(ctx.world, ctx.session);
  const base = processesOf(view);
  const now = ctx.world.clock;
  const tty = view.machine.kind === "container" ? "?" : "pts/0";
  const mk = (r: { pid: number; comm: string; args: string }, stat: string, ppid: number): Proc => ({
    pid: r.pid,
    ppid,
    uid: 0,
    comm: r.comm.slice(0, 15),
    args: r.args,
    tty,
    stat,
    vsz: stat.startsWith("R") ? 11_084 : 7_060,
    rss: stat.startsWith("R") ? 4_608 : 3_328,
    start: now,
    cpu: 0,
  });
  const shell = ctx.procs?.others.find((o) => o.args === ctx.session.exec?.args && o.pid === ctx.session.exec?.pid);
  const parent = shell?.pid ?? (view.machine.kind === "container" ? 0 : 873);
  const extra: Proc[] = [];
  for (const o of ctx.procs?.others ?? []) {
    if (base.some((p) => p.pid === o.pid)) continue;
    extra.push(mk(o, o === shell ? "S" : "S+", o === shell ? 0 : parent));
  }
  const selfRef = ctx.procs?.self;
  const self = selfRef ? mk(selfRef, "R+", selfRef.pid === ctx.session.exec?.pid ? 0 : parent) : undefined;
  const procs = [...base, ...extra, ...(self && !base.some((p) => p.pid === self.pid) ? [self] : [])];
  return { procs: procs.sort((a, b) => a.pid - b.pid), ...(self ? { self } : {}) };
}

/** How busybox names a process: `{comm} args` when the command line does not start with its name. */
export function busyboxCommand(p: Proc): string {
  if (p.args === "") return `[${p.comm}]`;
  const argv0 = p.args.split(" ")[0]!.replace(/^.*\//, "");
  return argv0.startsWith(p.comm) ? p.args : `{${p.comm}} ${p.args}`;
}

const BB_COLUMNS: Readonly<
  Record<
    string,
    { header: string; width: number; right?: boolean; get: (p: Proc, u: ReadonlyMap<number, string>) => string }
  >
> = {
  user: { header: "USER", width: 8, get: (p, u) => u.get(p.uid) ?? String(p.uid) },
  ruser: { header: "RUSER", width: 8, get: (p, u) => u.get(p.uid) ?? String(p.uid) },
  group: { header: "GROUP", width: 8, get: (p, u) => u.get(p.uid) ?? String(p.uid) },
  rgroup: { header: "RGROUP", width: 8, get: (p, u) => u.get(p.uid) ?? String(p.uid) },
  comm: { header: "COMMAND", width: 16, get: (p) => p.comm },
  args: { header: "COMMAND", width: 0, get: (p) => busyboxCommand(p) },
  pid: { header: "PID", width: 5, right: true, get: (p) => String(p.pid) },
  ppid: { header: "PPID", width: 5, right: true, get: (p) => String(p.ppid) },
  pgid: { header: "PGID", width: 5, right: true, get: (p) => String(p.pid) },
  sid: { header: "SID", width: 5, right: true, get: (p) => String(p.pid) },
  nice: { header: "NI", width: 5, right: true, get: () => "0" },
  tty: { header: "TT", width: 6, get: () => "?" },
  vsz: { header: "VSZ", width: 6, right: true, get: (p) => String(Math.round(p.vsz / 1024)) + "m" },
  rss: { header: "RSS", width: 6, right: true, get: (p) => String(Math.round(p.rss / 1024)) + "m" },
  stat: { header: "STAT", width: 4, get: (p) => p.stat[0] ?? "S" },
};

function busyboxPs(
  argv: readonly string[],
  ctx: CommandContext,
  procs: readonly Proc[],
  users: ReadonlyMap<number, string>,
): CommandResult {
  const { world } = ctx;
  let cols: { key: string; header: string }[] | undefined;
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith("-")) continue;
    for (let j = 1; j < a.length; j++) {
      const ch = a[j]!;
      if (ch === "o") {
        const spec = a.slice(j + 1) || args[++i];
        if (spec === undefined)
          return { world, stdout: "", stderr: `ps: option requires an argument -- 'o'\n${BUSYBOX_USAGE}`, exitCode: 1 };
        cols ??= [];
        for (const part of spec.split(",")) {
          const [key, header] = part.split("=");
          if (!Object.hasOwn(BB_COLUMNS, key!))
            return {
              world,
              stdout: "",
              stderr: `ps: bad -o argument '${key}', supported arguments: user,group,comm,args,pid,ppid,pgid,nice,rgroup,ruser,tty,vsz,sid,stat,rss\n`,
              exitCode: 1,
            };
          cols.push({ key: key!, header: header ?? BB_COLUMNS[key!]!.header });
        }
        break;
      }
      if (!"aAdeflT".includes(ch))
        return { world, stdout: "", stderr: `ps: invalid option -- '${ch}'\n${BUSYBOX_USAGE}`, exitCode: 1 };
    }
  }
  if (args.includes("--help")) return { world, stdout: "", stderr: BUSYBOX_USAGE, exitCode: 0 };
  if (!cols) {
    const text =
      "PID   USER     COMMAND\n" +
      procs
        .map(
          (p) => `${String(p.pid).padStart(5)} ${(users.get(p.uid) ?? String(p.uid)).padEnd(8)} ${busyboxCommand(p)}\n`,
        )
        .join("");
    return { world, stdout: text, stderr: "", exitCode: 0 };
  }
  const line = (cells: string[]) => cells.join(" ").replace(/\s+$/, "") + "\n";
  const header = line(
    cols.map((c, i) => (i === cols.length - 1 ? c.header : c.header.padEnd(BB_COLUMNS[c.key]!.width))),
  );
  const rows = procs.map((p) =>
    line(
      cols.map((c, i) => {
        const def = BB_COLUMNS[c.key]!;
        const v = def.get(p, users);
        if (i === cols.length - 1 && !def.right) return v;
        return def.right ? v.padStart(def.width) : v.padEnd(def.width);
      }),
    ),
  );
  return { world, stdout: header + rows.join(""), stderr: "", exitCode: 0 };
}

interface Column {
  readonly header: string;
  readonly width: number;
  readonly right: boolean;
  readonly get: (p: Proc) => string;
}

/** On a Debian 12 host pid_max is 4194304 (systemd's), so procps gives PIDs seven columns. */
const PIDW = 7;

function clock(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
}

function procpsColumns(users: ReadonlyMap<number, string>): Readonly<Record<string, Column>> {
  const user = (p: Proc) => {
    const n = users.get(p.uid) ?? String(p.uid);
    return n.length > 8 ? n.slice(0, 7) + "+" : n;
  };
  const cmd = (p: Proc) => (p.args === "" ? `[${p.comm}]` : p.args);
  const col = (header: string, width: number, right: boolean, get: (p: Proc) => string): Column => ({
    header,
    width,
    right,
    get,
  });
  const pid = col("PID", PIDW, true, (p) => String(p.pid));
  const args = col("COMMAND", 0, false, cmd);
  return {
    pid,
    ppid: col("PPID", PIDW, true, (p) => String(p.ppid)),
    user: col("USER", 8, false, user),
    euser: col("EUSER", 8, false, user),
    uid: col("UID", 5, true, (p) => String(p.uid)),
    comm: col("COMMAND", 15, false, (p) => p.comm),
    ucmd: col("CMD", 15, false, (p) => p.comm),
    args,
    cmd: col("CMD", 0, false, cmd),
    command: args,
    tty: col("TT", 8, false, (p) => p.tty),
    stat: col("STAT", 4, false, (p) => p.stat),
    vsz: col("VSZ", 6, true, (p) => String(p.vsz)),
    rss: col("RSS", 5, true, (p) => String(p.rss)),
    "%cpu": col("%CPU", 4, true, () => "0.0"),
    "%mem": col("%MEM", 4, true, (p) => (p.rss / 20_000).toFixed(1)),
    start: col("START", 5, true, (p) => clock(p.start)),
    stime: col("STIME", 5, false, (p) => clock(p.start)),
    time: col("TIME", 8, true, () => "00:00:00"),
    etime: col("ELAPSED", 11, true, () => "00:00"),
  };
}

function table(cols: readonly Column[], procs: readonly Proc[], headers: boolean): string {
  const fmt = (cells: string[]) =>
    cells
      .map((v, i) => {
        const c = cols[i]!;
        if (i === cols.length - 1 && !c.right) return v;
        return c.right ? v.padStart(c.width) : v.padEnd(c.width);
      })
      .join(" ")
      .replace(/\s+$/, "") + "\n";
  // `-o comm=` names no header: with none at all, procps prints no header line.
  let out = headers && cols.some((c) => c.header !== "") ? fmt(cols.map((c) => c.header)) : "";
  for (const p of procs) out += fmt(cols.map((c) => c.get(p)));
  return out;
}

export const ps: Command = (argv, ctx): CommandResult => {
  const { world, session } = ctx;
  const machine = machineOf(world, session);
  const { procs, self } = visibleProcesses(ctx);
  const users = userNames(machine.kind, machine.container?.image);
  if (isBusybox(machine, "ps")) return busyboxPs(argv, ctx, procs, users);
  const defs = procpsColumns(users);
  let all = false;
  let bsd = false;
  let full = false;
  let headers = true;
  let format: Column[] | undefined;
  const byComm: string[] = [];
  const byPid: number[] = [];
  const byUser: string[] = [];
  let sortSpec: string | undefined;
  const err = (text: string): CommandResult => ({ world, stdout: "", stderr: text + PROCPS_USAGE, exitCode: 1 });
  const args = argv.slice(1);
  const addFormat = (spec: string): string | undefined => {
    format ??= [];
    for (const part of spec.split(/[,\s]+/).filter(Boolean)) {
      const [key, header] = part.split("=");
      const def = defs[key!.toLowerCase()];
      if (!def) return `error: unknown user-defined format specifier "${key}"\n`;
      format.push(header !== undefined ? { ...def, header } : def);
    }
    return undefined;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--no-headers" || a === "--no-heading") headers = false;
    else if (a === "--format" || a === "o") {
      const e = addFormat(args[++i] ?? "");
      if (e) return err(e);
    } else if (a === "--pid") byPid.push(...(args[++i] ?? "").split(",").map(Number));
    else if (a === "--sort" || a.startsWith("--sort=")) {
      sortSpec = a === "--sort" ? args[++i] : a.slice("--sort=".length);
      if (sortSpec === undefined) return err("error: long sort specification must follow --sort\n");
    } else if (/^[aux]+o?$/.test(a)) {
      // BSD's o takes the next word as the format: `ps axo pid,comm`.
      bsd = true;
      all = all || a.includes("a") || a.includes("x");
      if (a.endsWith("o")) {
        const e = addFormat(args[++i] ?? "");
        if (e) return err(e);
      }
    } else if (a.startsWith("-") && a.length > 1 && !a.startsWith("--")) {
      // Short options cluster; -o, -C and -p take the rest of the word or the next one.
      for (let j = 1; j < a.length; j++) {
        const ch = a[j]!;
        // -q (quick pid) selects as -p does: dockerd's `docker top` passes it.
        if (ch === "o" || ch === "C" || ch === "p" || ch === "q" || ch === "u" || ch === "U") {
          const v = a.slice(j + 1) || args[++i];
          const what = ch === "o" ? "format specifiers" : ch === "u" || ch === "U" ? "users" : "command names";
          if (v === undefined) return err(`error: list of ${what} must follow -${ch}\n`);
          if (ch === "o") {
            const e = addFormat(v);
            if (e) return err(e);
          } else if (ch === "C") byComm.push(...v.split(","));
          else if (ch === "u" || ch === "U") byUser.push(...v.split(","));
          else byPid.push(...v.split(",").map(Number));
          break;
        }
        if (ch === "e" || ch === "A") all = true;
        else if (ch === "f") full = true;
        // procps takes a dashed x as BSD's x (`docker top web -x`): its columns, every process.
        else if (ch === "x") bsd = all = true;
        else if (ch !== "l" && ch !== "w") return err(`error: unsupported SysV option\n`);
      }
    } else if (a.startsWith("--")) return err(`error: unknown gnu long option\n`);
    else return err(`error: garbage option\n`);
  }
  const uids = new Set<number>();
  for (const u of byUser) {
    const uid = uidOf(users, u);
    if (uid === undefined) return err("error: user name does not exist\n");
    uids.add(uid);
  }
  let chosen = procs;
  if (uids.size > 0) chosen = procs.filter((p) => uids.has(p.uid));
  else if (byComm.length > 0) chosen = procs.filter((p) => byComm.includes(p.comm));
  else if (byPid.length > 0) chosen = procs.filter((p) => byPid.includes(p.pid));
  else if (!all && !bsd) chosen = procs.filter((p) => p.tty === (self?.tty ?? "pts/0"));
  else if (bsd && !all) chosen = procs.filter((p) => p.uid === 0 && p.tty !== "?");
  let cols: Column[];
  if (format) cols = format;
  else if (bsd && args.some((a) => a.includes("u")))
    cols = ["user", "pid", "%cpu", "%mem", "vsz", "rss", "tty", "stat", "start", "time", "command"].map((k) =>
      k === "tty" ? { ...defs[k]!, header: "TTY" } : defs[k]!,
    );
  else if (full)
    cols = [
      { ...defs["user"]!, header: "UID" },
      defs["pid"]!,
      defs["ppid"]!,
      { header: "C", width: 2, right: true, get: () => "0" },
      defs["stime"]!,
      { ...defs["tty"]!, header: "TTY" },
      { ...defs["time"]!, header: "    TIME" },
      defs["cmd"]!,
    ];
  else if (bsd)
    cols = [
      defs["pid"]!,
      { ...defs["tty"]!, header: "TTY" },
      defs["stat"]!,
      { ...defs["time"]!, get: () => "0:00", width: 6 },
      defs["command"]!,
    ];
  else cols = [defs["pid"]!, { ...defs["tty"]!, header: "TTY" }, { ...defs["time"]!, width: 8 }, defs["ucmd"]!];
  if (!format && bsd && args.some((a) => a.includes("u"))) cols[9] = { ...cols[9]!, get: () => "0:00", width: 6 };
  if (sortSpec !== undefined) {
    const sorted = sortBy(chosen, sortSpec, defs);
    if (!sorted) return err("error: unknown sort specifier\n");
    chosen = sorted;
  }
  const stdout = table(cols, chosen, headers);
  const selected = byComm.length || byPid.length || uids.size;
  return { world, stdout, stderr: "", exitCode: chosen.length === 0 && selected ? 1 : 0 };
};

/** `--sort [+|-]KEY,...`: each key a format specifier, numbers compared as numbers; ties keep PID order. */
function sortBy(procs: readonly Proc[], spec: string, defs: Readonly<Record<string, Column>>): Proc[] | undefined {
  const keys: { get: (p: Proc) => string; sign: number }[] = [];
  for (const part of spec.split(",")) {
    const sign = part.startsWith("-") ? -1 : 1;
    const def = defs[part.replace(/^[+-]/, "").toLowerCase()];
    if (!def) return undefined;
    keys.push({ get: def.get, sign });
  }
  const cmp = (x: string, y: string) => {
    const nx = Number(x);
    const ny = Number(y);
    return x !== "" && y !== "" && !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x < y ? -1 : x > y ? 1 : 0;
  };
  return [...procs].sort((p, q) => {
    for (const k of keys) {
      const c = cmp(k.get(p), k.get(q));
      if (c !== 0) return c * k.sign;
    }
    return 0;
  });
}
