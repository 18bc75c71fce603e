/**
 * `pgrep` (procps-ng 4.0.2; busybox's in a container): the PIDs of the processes
 * whose name (`-f`: whole command line) matches an extended regular expression,
 * `-x` exactly, `-u`/`-U` by user, `-P` by parent; `-l` adds the name, `-a` the command line,
 * `-d` joins the PIDs. Never lists itself.
 */
import { SIGTERM, signal as signalProcess } from "../../../programs/signals.ts";
import { signalSource, uidOf, userNames, type Proc } from "../../lib/procs.ts";
import type { World } from "../../../world.ts";
import type { Command, CommandContext, CommandResult } from "../../command.ts";
import { parseSignal } from "../jobs/signals.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { busyboxCommand, visibleProcesses } from "./ps.ts";

const USAGE = `
Usage:
 pgrep [options] <pattern>

Options:
 -d, --delimiter <string>  specify output delimiter
 -l, --list-name           list PID and process name
 -a, --list-full           list PID and full command line
 -v, --inverse             negates the matching
 -w, --lightweight         list all TID
 -c, --count               count of matching processes
 -f, --full                use full process name to match
 -g, --pgroup <PGID,...>   match listed process group IDs
 -G, --group <GID,...>     match real group IDs
 -i, --ignore-case         match case insensitively
 -n, --newest              select most recently started
 -o, --oldest              select least recently started
 -O, --older <seconds>     select where older than seconds
 -P, --parent <PPID,...>   match only child processes of the given parent
 -s, --session <SID,...>   match session IDs
 -t, --terminal <tty,...>  match by controlling terminal
 -u, --euid <ID,...>       match by effective IDs
 -U, --uid <ID,...>        match by real IDs
 -x, --exact               match exactly with the command name
 -F, --pidfile <file>      read PIDs from file
 -L, --logpidfile          fail if PID file is not locked
 -r, --runstates <state>   match runstates [D,S,Z,...]
 -A, --ignore-ancestors    exclude our ancestors from results
 --cgroup <grp,...>        match by cgroup v2 names
 --ns <PID>                match the processes that belong to the same
                           namespace as <pid>
 --nslist <ns,...>         list which namespaces will be considered for
                           the --ns option.
                           Available namespaces: ipc, mnt, net, pid, user, uts

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see pgrep(1).
`;

const LONG: Readonly<Record<string, string>> = {
  "--list-name": "l",
  "--list-full": "a",
  "--full": "f",
  "--exact": "x",
  "--count": "c",
  "--inverse": "v",
  "--ignore-case": "i",
  "--newest": "n",
  "--oldest": "o",
};

/** The long options that take a value, by their short letter. */
const LONG_VALUED: Readonly<Record<string, string>> = {
  "--delimiter": "d",
  "--euid": "u",
  "--uid": "U",
  "--parent": "P",
};

/**
 * What -u/-U (users by name or number) and -P (parents) select, or procps' complaint about a
 * list item it cannot read. The lab's processes have one uid, real and effective alike.
 */
function selection(
  world: World,
  ctx: CommandContext,
  name: string,
  valued: ReadonlyMap<string, string>,
): ((p: Proc) => boolean) | string {
  const machine = machineOf(world, ctx.session);
  const users = userNames(machine.kind, machine.container?.image);
  const uids = new Set<number>();
  for (const item of [valued.get("u"), valued.get("U")].flatMap((v) => (v === undefined ? [] : v.split(",")))) {
    if (item === "") continue;
    const uid = uidOf(users, item);
    if (uid === undefined) return `${name}: invalid user name: ${item}\n`;
    uids.add(uid);
  }
  const parents = new Set<number>();
  for (const item of valued.get("P")?.split(",") ?? []) {
    if (item === "") continue;
    if (!/^\d+$/.test(item)) return `${name}: not a number: ${item}\n`;
    parents.add(Number(item));
  }
  return (p) => (uids.size === 0 || uids.has(p.uid)) && (parents.size === 0 || parents.has(p.ppid));
}

export const pgrep: Command = (argv, ctx): CommandResult => pgrepOrPkill(argv, ctx, "pgrep");

/** `pkill`: pgrep's selection, each process sent the signal (TERM unless `-SIG` or `--signal SIG`); silent unless `-e`. */
export const pkill: Command = (argv, ctx): CommandResult => pgrepOrPkill(argv, ctx, "pkill");

/** getopt's complaint, with procps' usage after it (busybox prints the line alone). */
function optionError(world: World, name: "pgrep" | "pkill", bb: boolean, what: string): CommandResult {
  const usage = name === "pkill" ? USAGE.replace(/pgrep/g, "pkill") : USAGE;
  return { world, stdout: "", stderr: bb ? `${name}: ${what}\n` : `${name}: ${what}\n${usage}`, exitCode: 2 };
}

function pgrepOrPkill(argv: readonly string[], ctx: CommandContext, name: "pgrep" | "pkill"): CommandResult {
  const { world, session } = ctx;
  const bb = isBusybox(machineOf(world, session), name);
  const flags = new Set<string>();
  let pattern: string | undefined;
  const valued = new Map<string, string>();
  let sig = SIGTERM;
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const sigWord = name === "pkill" && (a === "--signal" || a === "-s") ? args[++i] : undefined;
    const sigOpt = sigWord ?? (name === "pkill" && /^-(\d+|[A-Z][A-Z0-9+-]*)$/.test(a) ? a.slice(1) : undefined);
    if (sigOpt !== undefined || (name === "pkill" && (a === "--signal" || a === "-s"))) {
      const n = sigOpt === undefined ? undefined : parseSignal(sigOpt);
      if (n === undefined) {
        const stderr = `pkill: Unknown signal "${sigOpt ?? ""}".\n`;
        return { world, stdout: "", stderr, exitCode: 2 };
      }
      sig = n;
    } else if (a.startsWith("--") && Object.hasOwn(LONG_VALUED, a.split("=")[0]!)) {
      const [opt, inline] = [a.split("=")[0]!, a.includes("=") ? a.slice(a.indexOf("=") + 1) : undefined];
      if (inline === undefined && i + 1 >= args.length)
        return optionError(world, name, bb, `option '${opt}' requires an argument`);
      valued.set(LONG_VALUED[opt]!, inline ?? args[++i]!);
    } else if (name === "pkill" && (a === "-e" || a === "--echo")) flags.add("e");
    else if (Object.hasOwn(LONG, a)) flags.add(LONG[a]!);
    else if (a.startsWith("-") && a.length > 1) {
      // getopt's clusters: `-fd,` is -f then -d with ",", and a bare `-d` takes the next word.
      const cluster = a.slice(1);
      const takesValue = bb ? "" : name === "pgrep" ? "duUP" : "uUP";
      for (let j = 0; j < cluster.length; j++) {
        const ch = cluster[j]!;
        if (takesValue.includes(ch)) {
          const rest = cluster.slice(j + 1);
          if (rest === "" && i + 1 >= args.length)
            return optionError(world, name, bb, `option requires an argument -- '${ch}'`);
          valued.set(ch, rest === "" ? args[++i]! : rest);
          break;
        }
        if (!"lafxcvino".includes(ch)) return optionError(world, name, bb, `invalid option -- '${ch}'`);
        flags.add(ch);
      }
    } else if (pattern === undefined) pattern = a;
    else {
      return {
        world,
        stdout: "",
        stderr: `${name}: only one pattern can be provided\nTry \`${name} --help' for more information.\n`,
        exitCode: 2,
      };
    }
  }
  const delimiter = valued.get("d") ?? "\n";
  const selected = selection(world, ctx, name, valued);
  if (typeof selected === "string") return { world, stdout: "", stderr: selected, exitCode: 2 };
  if (pattern === undefined && !valued.has("u") && !valued.has("U") && !valued.has("P")) {
    return {
      world,
      stdout: "",
      stderr: `${name}: no matching criteria specified\nTry \`${name} --help' for more information.\n`,
      exitCode: 2,
    };
  }
  let re: RegExp;
  try {
    const body = pattern === undefined ? "" : flags.has("x") ? `^(?:${pattern})$` : pattern;
    re = new RegExp(body, flags.has("i") ? "i" : "");
  } catch {
    return { world, stdout: "", stderr: `${name}: invalid regular expression: ${pattern}\n`, exitCode: 2 };
  }
  const { procs, self } = visibleProcesses(ctx);
  const full = (p: (typeof procs)[number]) => (p.args === "" ? `[${p.comm}]` : p.args);
  let hits = procs.filter(
    (p) => p.pid !== self?.pid && (re.test(flags.has("f") ? full(p) : p.comm) && selected(p)) !== flags.has("v"),
  );
  if (flags.has("n")) hits = hits.slice(-1);
  if (flags.has("o")) hits = hits.slice(0, 1);
  if (name === "pkill") {
    // Each process in turn, as kill(2) reaches it; pkill never signals itself or its shell.
    let w = world;
    let stdout = "";
    for (const p of hits) {
      w = signalProcess(w, signalSource(w, session), p.pid, sig);
      if (flags.has("e")) stdout += `${p.comm} killed (pid ${p.pid})\n`;
    }
    if (flags.has("c")) stdout = `${hits.length}\n`;
    return { world: w, stdout, stderr: "", exitCode: hits.length ? 0 : 1 };
  }
  if (flags.has("c")) return { world, stdout: `${hits.length}\n`, stderr: "", exitCode: hits.length ? 0 : 1 };
  const shown = hits.map((p) =>
    flags.has("a")
      ? `${p.pid} ${bb ? busyboxCommand(p) : full(p)}`
      : flags.has("l")
        ? `${p.pid} ${p.comm}`
        : String(p.pid),
  );
  const stdout = shown.length ? shown.join(delimiter) + "\n" : "";
  return { world, stdout, stderr: "", exitCode: hits.length ? 0 : 1 };
}
