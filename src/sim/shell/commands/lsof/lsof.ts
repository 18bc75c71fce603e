/**
 * lsof 4.95 (Debian 12) over the network files of the machine's processes: the
 * sockets of the namespace the shell is in, matched to the processes that hold
 * them (docker-proxy per published address, nginx's master and worker in a
 * host-network container, the internet's servers). The lab keeps no other open
 * files, so `lsof -p PID` or `lsof -c NAME` list a process's sockets only.
 * Options: -i [46][proto][@host][:port,...], -s TCP:STATE, -a, -c, -p, -u, -n, -P,
 * -l, -t, -F, -v, -h; errors and exit 1 as lsof words them.
 */
import { getNetns } from "../../../kernel/netns.ts";
import { socketInode } from "../../../kernel/procnet.ts";
import type { Listener } from "../../../kernel/types.ts";
import { TCP_SERVICES, UDP_SERVICES } from "../../../netfilter/names-services.ts";
import type { Command, CommandResult } from "../../command.ts";
import { machineOf } from "../../machine.ts";
import { userNames, type Proc } from "../../lib/procs.ts";
import { visibleProcesses } from "../ps/ps.ts";
import { fdOf } from "../ss/ss.ts";
import { LSOF_HELP, LSOF_USAGE, LSOF_VERSION } from "./texts.ts";
import { parseInet, parseStates, type InetSpec, type StateSpec } from "./select.ts";

interface OpenFile {
  readonly proc: Proc;
  readonly fd: number;
  readonly l: Listener;
}

function usageError(world: CommandResult["world"], msg: string): CommandResult {
  return { world, stdout: "", stderr: `lsof: ${msg}\n${LSOF_USAGE}`, exitCode: 1 };
}

function matchesInet(l: Listener, s: InetSpec): boolean {
  const v6 = l.addr.includes(":");
  if (s.family === 4 && v6) return false;
  if (s.family === 6 && !v6) return false;
  if (s.proto && s.proto !== l.proto) return false;
  if (s.addr !== undefined && s.addr !== l.addr) return false;
  if (s.ports && !s.ports.some(([lo, hi]) => l.port >= lo && l.port <= hi)) return false;
  return true;
}

function matchesState(l: Listener, states: readonly StateSpec[]): boolean {
  const s = states.find((x) => x.proto === l.proto);
  if (!s) return true;
  const state = l.proto === "tcp" ? "LISTEN" : "";
  if (s.include.length > 0 && !s.include.includes(state)) return false;
  return !s.exclude.includes(state);
}

export const lsof: Command = (argv, ctx) => {
  const { world, session } = ctx;
  const inet: InetSpec[] = [];
  let anyInet = false;
  const states: StateSpec[] = [];
  const cmds: string[] = [];
  const pids: number[] = [];
  const users: string[] = [];
  const opt = { a: false, n: false, P: false, l: false, t: false };
  let fields: string | undefined;
  const names: string[] = [];
  const args = argv.slice(1);
  const takesOptional = (next: string | undefined) => next !== undefined && !/^[-+]/.test(next);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      names.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      names.push(a);
      continue;
    }
    const letter = a[1]!;
    const attached = a.slice(2);
    if (letter === "i") {
      anyInet = true;
      const spec = attached || (takesOptional(args[i + 1]) ? args[++i]! : "");
      if (spec === "") continue;
      const r = parseInet(spec);
      if (!r.ok) return usageError(world, r.error);
      inet.push(r.value);
    } else if (letter === "s") {
      const spec = attached || (/^(tcp|udp):/i.test(args[i + 1] ?? "") ? args[++i]! : "");
      if (spec === "") continue;
      const r = parseStates(spec);
      if (!r.ok) return usageError(world, r.error);
      states.push(r.value);
    } else if (letter === "c" || letter === "p" || letter === "u") {
      const v = attached || args[++i];
      if (v === undefined)
        return usageError(world, `no process ${letter === "u" ? "user" : letter === "p" ? "ID" : "command"} specified`);
      for (const item of v.split(",")) {
        if (letter === "c") cmds.push(item);
        else if (letter === "u") {
          const known = [...userNames(machineOf(world, session).kind).values()];
          if (!/^\d+$/.test(item) && !known.includes(item)) return usageError(world, `can't get UID for ${item}`);
          users.push(item);
        } else {
          if (!/^\d+$/.test(item)) return usageError(world, `illegal process ID: ${item}`);
          pids.push(Number(item));
        }
      }
    } else if (letter === "F") {
      fields = attached || (takesOptional(args[i + 1]) && /^[a-zA-Z0]+$/.test(args[i + 1]!) ? args[++i]! : "pcfn");
    } else if (letter === "h" || letter === "?") {
      return { world, stdout: "", stderr: LSOF_HELP, exitCode: 0 };
    } else if (letter === "v") {
      return { world, stdout: "", stderr: LSOF_VERSION, exitCode: 0 };
    } else if (letter === "Z") return usageError(world, "-Z limited to SELinux");
    else if (letter === "x") return usageError(world, "-x must accompany +d or +D");
    else {
      for (const ch of a.slice(1)) {
        if (ch === "a" || ch === "n" || ch === "P" || ch === "l" || ch === "t") opt[ch] = true;
        else if (!"bwVUNXKRO".includes(ch)) return usageError(world, `illegal option character: ${ch}`);
      }
    }
  }
  for (const n of names) {
    if (!n.startsWith("/")) continue;
    return { world, stdout: "", stderr: `lsof: status error on ${n}: No such file or directory\n`, exitCode: 1 };
  }
  const ns = getNetns(world, session.machine);
  const { procs, self } = visibleProcesses(ctx);
  const userOf = userNames(machineOf(world, session).kind);
  const files: OpenFile[] = [];
  for (const l of ns?.listeners ?? []) {
    // nginx's worker inherits its master's listening sockets.
    const owners = procs.filter(
      (p) => p.pid === l.pid || (l.process === "nginx" && p.comm === "nginx" && p.ppid === l.pid),
    );
    for (const proc of owners) files.push({ proc, fd: fdOf(world, l), l });
  }
  const selectsProcess = cmds.length > 0 || pids.length > 0 || users.length > 0;
  const procMatch = (p: Proc) => {
    const tests: boolean[] = [];
    if (cmds.length)
      tests.push(cmds.some((c) => (c.startsWith("^") ? !p.comm.startsWith(c.slice(1)) : p.comm.startsWith(c))));
    if (pids.length) tests.push(pids.includes(p.pid));
    if (users.length) tests.push(users.some((u) => u === String(p.uid) || u === userOf.get(p.uid)));
    return opt.a ? tests.every(Boolean) : tests.some(Boolean);
  };
  const inetMatch = (f: OpenFile) =>
    (inet.length === 0 || inet.some((s) => matchesInet(f.l, s))) && matchesState(f.l, states);
  const shown = files
    .filter((f) => f.proc.pid !== self?.pid)
    .filter((f) => {
      if (!selectsProcess) return inetMatch(f);
      if (!anyInet) return procMatch(f.proc) && matchesState(f.l, states);
      return opt.a ? procMatch(f.proc) && inetMatch(f) : procMatch(f.proc) || inetMatch(f);
    })
    .sort((x, y) => x.proc.pid - y.proc.pid || x.fd - y.fd);
  if (shown.length === 0) return { world, stdout: "", stderr: "", exitCode: 1 };
  if (opt.t) {
    const unique = [...new Set(shown.map((f) => f.proc.pid))];
    return { world, stdout: unique.map((p) => `${p}\n`).join(""), stderr: "", exitCode: 0 };
  }
  const nameOf = (f: OpenFile, withState: boolean) => {
    const l = f.l;
    const any = l.addr === "0.0.0.0" || l.addr === "::";
    const host = any
      ? "*"
      : !opt.n && (l.addr === "127.0.0.1" || l.addr === "::1")
        ? "localhost"
        : l.addr.includes(":")
          ? `[${l.addr}]`
          : l.addr;
    const table = l.proto === "tcp" ? TCP_SERVICES : UDP_SERVICES;
    const port = opt.P ? String(l.port) : (table[l.port] ?? String(l.port));
    const state = l.proto === "tcp" ? " (LISTEN)" : " ";
    return `${host}:${port}${withState ? state : ""}`;
  };
  const user = (p: Proc) => (opt.l ? String(p.uid) : (userOf.get(p.uid) ?? String(p.uid)));
  if (fields !== undefined)
    return { world, stdout: fieldOutput(shown, fields, user, (f) => nameOf(f, false)), stderr: "", exitCode: 0 };
  const rows = shown.map((f) => ({
    cmd: f.proc.comm.slice(0, 9),
    pid: String(f.proc.pid),
    user: user(f.proc),
    fd: String(f.fd),
    type: f.l.addr.includes(":") ? "IPv6" : "IPv4",
    device: String(socketInode(f.l)),
    node: f.l.proto.toUpperCase(),
    name: nameOf(f, true),
  }));
  const w = (head: string, pick: (r: (typeof rows)[number]) => string) =>
    Math.max(head.length, ...rows.map((r) => pick(r).length));
  const wc = w("COMMAND", (r) => r.cmd);
  const wp = w("PID", (r) => r.pid);
  const wu = w("USER", (r) => r.user);
  const wf = Math.max(4, ...rows.map((r) => r.fd.length));
  const wt = w("TYPE", (r) => r.type);
  const wd = w("DEVICE", (r) => r.device);
  const wn = w("NODE", (r) => r.node);
  let out = `${"COMMAND".padEnd(wc)} ${"PID".padStart(wp)} ${"USER".padStart(wu)} ${"FD".padStart(wf)}   ${"TYPE".padStart(wt)} ${"DEVICE".padStart(wd)} SIZE/OFF ${"NODE".padStart(wn)} NAME\n`;
  for (const r of rows) {
    out += `${r.cmd.padEnd(wc)} ${r.pid.padStart(wp)} ${r.user.padStart(wu)} ${r.fd.padStart(wf)}u  ${r.type.padStart(wt)} ${r.device.padStart(wd)} ${"0t0".padStart(8)} ${r.node.padStart(wn)} ${r.name}\n`;
  }
  return { world, stdout: out, stderr: "", exitCode: 0 };
};

/** `-F`: one field a line, a process's fields once before its files'. */
function fieldOutput(
  files: readonly OpenFile[],
  fields: string,
  user: (p: Proc) => string,
  name: (f: OpenFile) => string,
): string {
  let out = "";
  let last: number | undefined;
  for (const f of files) {
    if (f.proc.pid !== last) {
      last = f.proc.pid;
      out += `p${f.proc.pid}\n`;
      if (fields.includes("g")) out += `g${f.proc.pid}\n`;
      if (fields.includes("R")) out += `R${f.proc.ppid}\n`;
      if (fields.includes("c")) out += `c${f.proc.comm}\n`;
      if (fields.includes("u")) out += `u${f.proc.uid}\n`;
      if (fields.includes("L")) out += `L${user(f.proc)}\n`;
    }
    out += `f${f.fd}\n`;
    if (fields.includes("a")) out += "au\n";
    if (fields.includes("t")) out += `t${f.l.addr.includes(":") ? "IPv6" : "IPv4"}\n`;
    if (fields.includes("P")) out += `P${f.l.proto.toUpperCase()}\n`;
    if (fields.includes("n")) out += `n${name(f)}\n`;
    if (fields.includes("T") && f.l.proto === "tcp") out += "TST=LISTEN\n";
  }
  return out;
}
