/**
 * `ip netns` (iproute2 6.1): namespaces named under /run/netns (kernel/named-netns.ts),
 * made, entered and deleted as the container-from-scratch tutorials do it by hand.
 * `exec` runs the command with the namespace's network and the host's everything else,
 * and returns its status; `-n NAME` (ip.ts) is the same switch for ip itself.
 */
import { addNamedNetns, attachNetns } from "../../../kernel/named-netns.ts";
import type { Netns } from "../../../kernel/types.ts";
import type { World } from "../../../world.ts";
import { ok, type CommandContext, type CommandResult, type Session } from "../../command.ts";
import {
  deleteNetnsEntry,
  etcOverlayOf,
  execResolver,
  hasNetnsEntry,
  netnsEntries,
  netnsIdNamed,
  netnsNamesOf,
  netnsOfPid,
} from "../../lib/netns-dir.ts";
import { machineOf, providerOf } from "../../machine.ts";
import { shellCommandLine } from "../docker/exec.ts";
import { err, matches, out, type Ctx } from "./ip-common.ts";
import { netnsIdOf } from "./ip-links.ts";

/** The session moved into another network namespace, its programs and files left where they were. */
export function sessionIn(session: Session, netnsId: string): Session {
  return { ...session, machine: netnsId, mounts: session.mounts ?? session.machine };
}

/** What `netns NAME|PID` names (`ip link set DEV netns ...`): a named namespace or a process's. */
export function netnsTarget(world: World, value: string): string | undefined {
  const named = netnsIdNamed(world, value);
  if (named !== undefined) return named;
  return /^\d+$/.test(value) ? netnsOfPid(world, Number(value)) : undefined;
}

const NO_FILE = (name: string) => `Cannot open network namespace "${name}": No such file or directory\n`;

/** `ip -n NAME ...`: the namespace, or iproute2's error when /run/netns/NAME is missing. */
export function switchTo(world: World, name: string): Netns | CommandResult {
  const id = netnsIdNamed(world, name);
  return (id !== undefined ? world.netns[id] : undefined) ?? err(world, NO_FILE(name), 255);
}

export function doNetns(c: Ctx, args: readonly string[], cc: CommandContext): CommandResult {
  const sub = args[0];
  if (sub === undefined || matches(sub, "list") || sub === "show") return list(c);
  if (matches(sub, "add") || matches(sub, "attach")) {
    const attach = sub.length > 1 && matches(sub, "attach");
    // A subcommand's -1 is ip's status 1 (do_cmd negates it); only invarg() exits 255.
    const name = args[1];
    if (name === undefined) return err(c.world, "No netns name specified\n", 1);
    if (attach && args[2] === undefined) return err(c.world, "No netns name and PID specified\n", 1);
    if (name.includes("/") || name === "." || name === "..") return err(c.world, `Invalid netns name "${name}"\n`, 1);
    if (hasNetnsEntry(c.world, name))
      return err(c.world, `Cannot create namespace file "/run/netns/${name}": File exists\n`, 1);
    if (!attach) return ok(addNamedNetns(c.world, name, c.ns));
    const pid = args[2]!;
    const id = /^\d+$/.test(pid) ? netnsOfPid(c.world, Number(pid)) : undefined;
    if (id === undefined)
      return err(c.world, `Bind /proc/${pid}/ns/net -> /run/netns/${name} failed: No such file or directory\n`, 1);
    return ok(attachNetns(c.world, name, id));
  }
  if (matches(sub, "delete")) {
    if (c.all) return ok(netnsEntries(c.world).reduce((w, n) => deleteNetnsEntry(w, n), c.world));
    const name = args[1];
    if (name === undefined) return err(c.world, "No netns name specified\n", 1);
    if (!hasNetnsEntry(c.world, name))
      return err(c.world, `Cannot remove namespace file "/run/netns/${name}": No such file or directory\n`, 1);
    return ok(deleteNetnsEntry(c.world, name));
  }
  if (matches(sub, "identify")) {
    // A namespace nobody named (Docker's are not bind-mounted) prints an empty line.
    const pid = args[1];
    const id = pid === undefined ? c.ns.id : /^\d+$/.test(pid) ? netnsOfPid(c.world, Number(pid)) : undefined;
    if (id === undefined) return err(c.world, "Cannot open network namespace: No such file or directory\n", 1);
    const names = netnsNamesOf(c.world, id);
    return out(c.world, names.length > 0 ? names.map((n) => n + "\n").join("") : "\n");
  }
  if (matches(sub, "pids")) {
    const name = args[1];
    if (name === undefined) return err(c.world, "No netns name specified\n", 1);
    // Nothing stays running in a hand-made namespace here: `ip netns exec` waits for its command.
    if (netnsIdNamed(c.world, name) !== undefined) return ok(c.world);
    return err(c.world, "Cannot open network namespace: No such file or directory\n", 1);
  }
  if (sub === "exec" && c.all) return execAll(c, args.slice(1), cc);
  if (sub === "exec") return execIn(c, args[1], args.slice(2), cc);
  if (matches(sub, "help")) return err(c.world, "Usage:\tip netns list\n", 255);
  return err(c.world, `Command "${sub}" is unknown, try "ip netns help".\n`, 255);
}

/** `ip -all netns exec CMD`: CMD in each namespace of /run/netns in turn, each headed by its name. */
function execAll(c: Ctx, cmd: readonly string[], cc: CommandContext): CommandResult {
  if (cmd.length === 0) return err(c.world, "No command specified\n", 1);
  let world = c.world;
  let stdout = "";
  let stderr = "";
  for (const name of netnsEntries(c.world)) {
    stdout += `\nnetns: ${name}\n`;
    const r = execIn({ ...c, world }, name, cmd, cc);
    world = r.world;
    stdout += r.stdout;
    stderr += r.stderr;
  }
  return { world, stdout, stderr, exitCode: 0 };
}

/** `ip netns exec NAME CMD`: CMD with that namespace's network and the host's everything else. */
function execIn(c: Ctx, name: string | undefined, cmd: readonly string[], cc: CommandContext): CommandResult {
  if (name === undefined) return err(c.world, "No netns name specified\n", 1);
  const nsId = netnsIdNamed(c.world, name);
  if (nsId === undefined) return err(c.world, NO_FILE(name), 255);
  if (cmd.length === 0) return err(c.world, "No command specified\n", 1);
  const etc = etcOverlayOf(c.world, name);
  const inner = { ...sessionIn(cc.session, nsId), ...(etc !== undefined ? { etc } : {}) };
  // ip execs the program itself (no shell): a builtin or a missing program fails there.
  const prog = cmd[0]!.replace(/^\/(usr\/)?s?bin\//, "");
  const from = providerOf(machineOf(c.world, inner), "bash-c", prog);
  if ((from === undefined || from === "builtin") && !["echo", "true", "false", "pwd"].includes(prog))
    return err(c.world, `exec of "${cmd[0]}" failed: No such file or directory\n`, 1);
  // A shell alone, on a terminal: the terminal moves in until `exit`, as with nsenter.
  if (cmd.length === 1 && (prog === "bash" || prog === "sh") && !cc.session.noTty)
    return { ...ok(c.world), session: { ...inner, shell: prog === "bash" ? "bash" : "sh", parent: cc.session } };
  const resolver = execResolver(c.world, nsId, etc);
  const r = cc.runLine(resolver.world, inner, shellCommandLine(cmd));
  const { session: _nested, ...rest } = r;
  return { ...rest, world: resolver.restore(r.world) };
}

/**
 * Whether the kernel has given the viewer an id for `id`: it allocates one when a link moves
 * (or is made) there from the viewer. The lab keeps no such table; a named namespace holding
 * any link besides lo is taken to have had it from the host, where those are made.
 */
function gotLinks(c: Ctx, id: string): boolean {
  return c.ns.id === "host" && (c.world.netns[id]?.links.length ?? 0) > 1;
}

/**
 * The names, newest first; `(id: N)` where this namespace has an id for it: one of its
 * links' peers lives there, or a link came there from it (numbered as `link-netnsid`).
 */
function list(c: Ctx): CommandResult {
  const peers = new Set(c.ns.links.flatMap((l) => (l.peer && l.peer.netns !== c.ns.id ? [l.peer.netns] : [])));
  const lines = netnsEntries(c.world).map((n) => {
    const id = netnsIdNamed(c.world, n);
    if (id === undefined || id === c.ns.id || !(peers.has(id) || gotLinks(c, id))) return `${n}\n`;
    return `${n} (id: ${netnsIdOf(c.world, c.ns.id, id)})\n`;
  });
  return out(c.world, lines.join(""));
}
