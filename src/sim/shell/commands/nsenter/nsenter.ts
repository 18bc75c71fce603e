/**
 * `nsenter` (util-linux 2.38.1): run a program in the namespaces of another
 * process. `-t PID -n CMD` is how a learner enters a container's network
 * namespace from the host (its PID from `docker inspect -f '{{.State.Pid}}'`):
 * the routes, sockets, iptables and /proc/net are the container's, the programs,
 * files, /sys and hostname still the host's. `-m` as well (or `-a`) enters its
 * mount namespace too, so the container's own programs run. Without a command,
 * the shell (bash) starts there: a terminal moves in until `exit`.
 */
import { workerPidOf } from "../../../docker/types.ts";
import { netnsIdNamed } from "../../lib/netns-dir.ts";
import type { Command, CommandResult, Session } from "../../command.ts";
import { hostProcesses } from "../../lib/procs.ts";
import { machineOf, providerOf } from "../../machine.ts";
import { shellCommandLine } from "../docker/exec.ts";
import { netnsOfContainer } from "../../../docker/shared-netns.ts";

export const NSENTER_HELP = `
Usage:
 nsenter [options] [<program> [<argument>...]]

Run a program with namespaces of other processes.

Options:
 -a, --all              enter all namespaces
 -t, --target <pid>     target process to get namespaces from
 -m, --mount[=<file>]   enter mount namespace
 -u, --uts[=<file>]     enter UTS namespace (hostname etc)
 -i, --ipc[=<file>]     enter System V IPC namespace
 -n, --net[=<file>]     enter network namespace
 -p, --pid[=<file>]     enter pid namespace
 -C, --cgroup[=<file>]  enter cgroup namespace
 -U, --user[=<file>]    enter user namespace
 -T, --time[=<file>]    enter time namespace
 -S, --setuid <uid>     set uid in entered namespace
 -G, --setgid <gid>     set gid in entered namespace
     --preserve-credentials do not touch uids or gids
 -r, --root[=<dir>]     set the root directory
 -w, --wd[=<dir>]       set the working directory
 -W. --wdns <dir>       set the working directory in namespace
 -F, --no-fork          do not fork before exec'ing <program>
 -Z, --follow-context   set SELinux context according to --target PID

 -h, --help             display this help
 -V, --version          display version

For more details see nsenter(1).
`;

const NS_LETTERS: Readonly<Record<string, string>> = {
  m: "mnt",
  u: "uts",
  i: "ipc",
  n: "net",
  p: "pid",
  C: "cgroup",
  U: "user",
  T: "time",
};
const NS_LONG: Readonly<Record<string, string>> = {
  "--mount": "m",
  "--uts": "u",
  "--ipc": "i",
  "--net": "n",
  "--pid": "p",
  "--cgroup": "C",
  "--user": "U",
  "--time": "T",
};

function fail(world: CommandResult["world"], text: string, code = 1): CommandResult {
  return { world, stdout: "", stderr: text, exitCode: code };
}

export const nsenter: Command = (argv, ctx): CommandResult => {
  const { world, session } = ctx;
  let target: string | undefined;
  const wanted = new Map<string, string | undefined>();
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (a === "-h" || a === "--help") return { world, stdout: NSENTER_HELP, stderr: "", exitCode: 0 };
    if (a === "-V" || a === "--version")
      return { world, stdout: "nsenter from util-linux 2.38.1\n", stderr: "", exitCode: 0 };
    if (a === "-t" || a === "--target") {
      target = argv[++i];
      if (target === undefined)
        return fail(world, "nsenter: option requires an argument -- 't'\nTry 'nsenter --help' for more information.\n");
      continue;
    }
    if (a.startsWith("--target=")) {
      target = a.slice(9);
      continue;
    }
    if (a === "-a" || a === "--all") {
      for (const l of "mun") wanted.set(l, undefined);
      continue;
    }
    const long = Object.keys(NS_LONG).find((k) => a === k || a.startsWith(k + "="));
    if (long) {
      wanted.set(NS_LONG[long]!, a.includes("=") ? a.slice(a.indexOf("=") + 1) : undefined);
      continue;
    }
    if (a.startsWith("-") && a.length > 1 && !a.startsWith("--")) {
      let j = 1;
      for (; j < a.length; j++) {
        const ch = a[j]!;
        if (ch === "t") {
          target = a.slice(j + 1) || argv[++i];
          break;
        }
        if (ch === "F") continue;
        if (!NS_LETTERS[ch])
          return fail(world, `nsenter: invalid option -- '${ch}'\nTry 'nsenter --help' for more information.\n`);
        wanted.set(ch, undefined);
      }
      continue;
    }
    if (a.startsWith("--"))
      return fail(world, `nsenter: unrecognized option '${a}'\nTry 'nsenter --help' for more information.\n`);
    break;
  }
  const cmd = argv.slice(i);
  if (target !== undefined && !/^\d+$/.test(target)) return fail(world, `nsenter: failed to parse pid: '${target}'\n`);
  if (wanted.size === 0 && target === undefined) return fail(world, "nsenter: no namespace specified\n");
  // Which netns a path or a PID names.
  let netns: string | undefined = session.machine;
  let container: string | undefined;
  let uts: string | undefined;
  for (const [letter, file] of wanted) {
    const kind = NS_LETTERS[letter]!;
    const path = file ?? (target !== undefined ? `/proc/${target}/ns/${kind}` : undefined);
    if (path === undefined) return fail(world, `nsenter: neither filename nor target pid supplied for ns/${kind}\n`);
    // `--net=/run/netns/NAME`: the file `ip netns add` bind-mounted names that namespace.
    const named = /^\/(?:var\/)?run\/netns\/([^/]+)$/.exec(path)?.[1];
    const namedId = named !== undefined ? netnsIdNamed(world, named) : undefined;
    if (namedId !== undefined) {
      if (letter === "n") netns = namedId;
      continue;
    }
    const m = /^\/proc\/(\d+)\/ns\/\w+$/.exec(path);
    const pid = m ? Number(m[1]) : undefined;
    if (pid === undefined || !hostProcesses(world).some((p) => p.pid === pid))
      return fail(world, `nsenter: cannot open ${path}: No such file or directory\n`);
    const owner = world.docker.containers.find(
      (c) => c.status === "running" && (c.pid === pid || (workerPidOf(c) === pid && c.pid > 0)),
    );
    if (owner && owner.networkMode !== "host") {
      if (letter === "n") netns = netnsOfContainer(owner);
      if (letter === "m") container = owner.id;
      if (letter === "u") uts = netnsOfContainer(owner);
    }
  }
  if (wanted.size === 0) {
    // -t alone enters nothing the lab tells apart: the program runs where it would have.
    netns = session.machine;
  }
  // -m alone: the container's files and programs over the host's network (its mounts, our netns).
  const moved: Session = container
    ? netns !== session.machine
      ? { machine: netns ?? container, container, noTty: session.noTty ?? false }
      : { ...session, mounts: container }
    : netns !== session.machine
      ? { ...session, machine: netns, mounts: session.mounts ?? session.machine }
      : session;
  // -u: the container's hostname, whatever else stayed.
  const inner: Session = uts !== undefined && !container ? { ...moved, uts } : moved;
  const where = machineOf(world, inner);
  if (cmd.length === 0) {
    // The shell starts there: a terminal moves in; without one it reads nothing and exits.
    if (session.noTty) return { world, stdout: "", stderr: "", exitCode: 0 };
    return { world, stdout: "", stderr: "", exitCode: 0, session: { ...inner, shell: "bash", parent: session } };
  }
  const prog = cmd[0]!.replace(/^\/(usr\/)?s?bin\//, "");
  if (providerOf(where, "bash-c", prog) === undefined || providerOf(where, "bash-c", prog) === "builtin") {
    if (!["echo", "true", "false", "pwd"].includes(prog))
      return fail(world, `nsenter: failed to execute ${cmd[0]}: No such file or directory\n`, 127);
  }
  const r = ctx.runLine(world, inner, shellCommandLine(cmd));
  const { session: _nested, ...rest } = r;
  return rest;
};
