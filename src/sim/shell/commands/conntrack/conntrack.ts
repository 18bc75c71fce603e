/**
 * `conntrack` (conntrack-tools 1.4.7) on the namespace's connection table: -L, -G, -D,
 * -C, -F and -S over the tables it names (conntrack, and the empty expect, dying and
 * unconfirmed), with its output formats (extended, id, xml, save). As the real tool,
 * entries go to stdout and the "N flow entries have been shown." summary to stderr; a
 * delete that finds nothing exits 1. `-E` is a background job (watch.ts); in the
 * foreground nothing else can run while it waits, so it stops at once as Ctrl-C stops it.
 */
import { getNetns, updateNetns } from "../../../kernel/netns.ts";
import { expire } from "../../../netfilter/conntrack.ts";
import type { ConntrackEntry } from "../../../netfilter/conntrack-types.ts";
import type { World } from "../../../world.ts";
import { type Command, type CommandResult, fail } from "../../command.ts";
import {
  ICMP_TYPE,
  PORT_DST,
  PORT_SRC,
  PREFIX,
  REPLY_PORT_DST,
  REPLY_PORT_SRC,
  TRY,
  parseConntrack,
  type CtOutput,
} from "./args.ts";
import { XML_HEAD, XML_TAIL, listLine, saveLine, xmlFlow } from "./format.ts";
import { noteDeleted } from "./watch.ts";

export { inetAton } from "./addresses.ts";

const USAGE = `Command line interface for the connection tracking system. Version 1.4.7
Usage: conntrack [commands] [options]

Commands:
  -L [table] [options]\t\tList conntrack or expectation table
  -G [table] parameters\t\tGet conntrack or expectation
  -D [table] parameters\t\tDelete conntrack or expectation
  -I [table] parameters\t\tCreate a conntrack or expectation
  -U [table] parameters\t\tUpdate a conntrack
  -E [table] [options]\t\tShow events
  -F [table]\t\t\tFlush table
  -C [table]\t\t\tShow counter
  -S\t\t\t\tShow statistics

Tables: conntrack, expect, dying, unconfirmed

Conntrack parameters and options:
  -n, --src-nat ip\t\t\tsource NAT ip
  -g, --dst-nat ip\t\t\tdestination NAT ip
  -j, --any-nat ip\t\t\tsource or destination NAT ip
  -m, --mark mark\t\t\tSet mark
  -c, --secmark secmark\t\t\tSet selinux secmark
  -e, --event-mask eventmask\t\tEvent mask, eg. NEW,DESTROY
  -z, --zero \t\t\t\tZero counters while listing
  -o, --output type[,...]\t\tOutput format, eg. xml
  -l, --label label[,...]\t\tconntrack labels

Expectation parameters and options:
  --tuple-src ip\tSource address in expect tuple
  --tuple-dst ip\tDestination address in expect tuple

Updating parameters and options:
  --label-add label\tAdd label
  --label-del label\tDelete label

Common parameters and options:
  -s, --src, --orig-src ip\t\tSource address from original direction
  -d, --dst, --orig-dst ip\t\tDestination address from original direction
  -r, --reply-src ip\t\tSource addres from reply direction
  -q, --reply-dst ip\t\tDestination address from reply direction
  -p, --protonum proto\t\tLayer 4 Protocol, eg. 'tcp'
  -f, --family proto\t\tLayer 3 Protocol, eg. 'ipv6'
  -t, --timeout timeout\t\tSet timeout
  -u, --status status\t\tSet status, eg. ASSURED
  -w, --zone value\t\tSet conntrack zone
  --orig-zone value\t\tSet zone for original direction
  --reply-zone value\t\tSet zone for reply direction
  -b, --buffer-size\t\tNetlink socket buffer size
  --mask-src ip\t\t\tSource mask address
  --mask-dst ip\t\t\tDestination mask address

`;

const ok = (world: World, stdout: string, stderr = ""): CommandResult => ({ world, stdout, stderr, exitCode: 0 });

export const conntrack: Command = (argv, { world, session }) => {
  const p = parseConntrack(argv);
  const warned = p.kind === "error" || p.kind === "args" ? (p.warnings ?? "") : "";
  const problem = (message: string) => fail(world, `${warned}${PREFIX}${message}\n${TRY}`, 2);
  if (p.kind === "error") return problem(p.message);
  if (p.kind === "help") return ok(world, USAGE);
  if (p.kind === "version") return ok(world, "conntrack v1.4.7 (conntrack-tools)\n");
  const { cmd, table: which, filters, output } = p;
  // With no command it prints its usage, and succeeds.
  if (!cmd) return ok(world, USAGE);
  if (cmd === "I" || cmd === "A") return fail(world, "[lab: conntrack here does not create entries (-I)]\n", 1);
  if (cmd === "E") {
    // In the foreground nothing else runs while it waits: the lab interrupts it at once.
    const tty = !session.noTty;
    return {
      world,
      stdout: tty ? "^C" : "",
      stderr: `${PREFIX}0 flow events have been shown.\n`,
      exitCode: 0,
      output: [
        // The terminal echoes ^C; conntrack's summary follows on that line.
        ...(tty ? [{ stream: "stdout" as const, text: "^C" }] : []),
        { stream: "stderr", text: `${PREFIX}0 flow events have been shown.\n` },
      ],
    };
  }
  if (p.zero && filters.length > 0) return problem("Can't use -z with filtering parameters");
  if (cmd === "S") {
    // One line per CPU (the lab's host has two); the lab counts no search restarts or drops.
    const line = (cpu: number) =>
      `cpu=${String(cpu).padEnd(4)}\tfound=0 invalid=0 insert=0 insert_failed=0 drop=0 early_drop=0 error=0 search_restart=0 clash_resolve=0 chaintoolong=0 \n`;
    return ok(world, line(0) + line(1));
  }
  if ((which === "dying" || which === "unconfirmed") && cmd !== "L")
    return problem("Can't do that command with tables `dying' and `unconfirmed'");
  if (which === "expect" && cmd === "D") return problem("You need to supply the `--src' option for this command");
  const ns = getNetns(world, session.machine);
  // The expectation, dying and unconfirmed lists are empty: the lab has no helpers and confirms at once.
  const table = ns && which === "conntrack" ? expire(ns.conntrack, world.clock) : [];
  if (cmd === "C") return ok(world, `${table.length}\n`);
  if (which === "expect") {
    if (cmd === "F") return ok(world, "", `${PREFIX}expectation table has been emptied.\n`);
    if (cmd === "L") return ok(world, "", `${PREFIX}0 expectations have been shown.\n`);
  }
  if (cmd === "F") {
    const pid = world.nextPid;
    let w = ns ? updateNetns(world, ns.id, (n) => ({ ...n, conntrack: [] })) : world;
    if (ns) w = noteDeleted(w, ns.id, table, pid);
    return ok(w, "", `${PREFIX}connection tracking table has been emptied.\n`);
  }
  if (cmd === "G") {
    const missing = getNeeds(p.given, p.proto);
    if (missing) return problem(missing);
    return getEntry(
      world,
      table.filter((e) => filters.every((f) => f(e))),
      output,
    );
  }
  // The kernel refuses a dump filter whose value is empty or not inside its mask (`-u UNSET`,
  // `-u SRC_NAT`, which conntrack only warns about).
  const st = p.status;
  if (cmd === "L" && st && (st.mask === 0 || (st.value & ~st.mask) !== 0))
    return fail(world, `${warned}${PREFIX}Operation failed: invalid parameters\n`, 1);
  const chosen = table.filter((e) => filters.every((f) => f(e)));
  if (output.xml && cmd === "L") {
    // The document's head comes with its first flow: with none, nothing is printed.
    const body = chosen.map((e) => xmlFlow(e, world.clock) + "\n").join("");
    return ok(
      world,
      body === "" ? "" : XML_HEAD + body + XML_TAIL,
      `${warned}${PREFIX}${chosen.length} flow entries have been shown.\n`,
    );
  }
  const labels = output.labels ? "nfct_labelmap_new: No such file or directory\n" : "";
  const line = (e: ConntrackEntry) =>
    (output.save ? saveLine(e, world.clock) : listLine(e, world.clock, output)) + "\n";
  const lines = chosen.map(line).join("");
  if (cmd === "U") return updateEntries(world, ns?.id, table, chosen, p, refusedUpdate(p.given));
  if (cmd === "D") {
    let w =
      ns && chosen.length > 0
        ? updateNetns(world, ns.id, (n) => ({ ...n, conntrack: table.filter((e) => !chosen.includes(e)) }))
        : world;
    if (ns) w = noteDeleted(w, ns.id, chosen, world.nextPid);
    return {
      world: w,
      stdout: lines,
      stderr: `${warned}${labels}${PREFIX}${chosen.length} flow entries have been deleted.\n`,
      exitCode: chosen.length === 0 ? 1 : 0,
    };
  }
  return ok(world, lines, `${warned}${labels}${PREFIX}${chosen.length} flow entries have been shown.\n`);
};

/** What `-G` lacks of a whole original tuple, as conntrack words it (undefined: nothing). */
function getNeeds(given: ReadonlySet<string>, proto: string | undefined): string | undefined {
  if (!given.has("p")) return "You need to supply the `--protonum' option for this command";
  if (!given.has("s") || !given.has("d")) return "you have to specify `--src' and `--dst'";
  if (proto === "icmp") {
    return given.has(String(ICMP_TYPE)) ? undefined : "You need to supply the `--icmp-type' option for this command";
  }
  if (proto === "tcp" || proto === "udp") {
    if (!given.has(String(PORT_SRC)) || !given.has(String(PORT_DST)))
      return "you have to specify `--sport' and `--dport'";
  }
  return undefined;
}

/**
 * Which entries the kernel will not let `-U` change, as the oracle showed: given an original
 * port (`--dport 2024`) and no reply port, conntrack asks for the reply tuple with that port
 * swapped in, and an entry whose NAT changed the port (a published port's DNAT, REDIRECT)
 * answers EOPNOTSUPP. Selected by addresses only, the same entry takes its new mark.
 */
function refusedUpdate(given: ReadonlySet<string>): (e: ConntrackEntry) => boolean {
  if (given.has(String(REPLY_PORT_SRC)) || given.has(String(REPLY_PORT_DST))) return () => false;
  const dport = given.has(String(PORT_DST));
  const sport = given.has(String(PORT_SRC));
  return (e) => (dport && e.reply.sport !== e.orig.dport) || (sport && e.reply.dport !== e.orig.sport);
}

/**
 * `-U -m MARK`: each chosen entry, in the table's order, is sent back with the new mark and
 * read again (printed held, `use=2`); one already so is left alone and not counted. At the
 * first the kernel refuses, conntrack stops with the kernel's error.
 */
function updateEntries(
  world: World,
  nsId: string | undefined,
  table: readonly ConntrackEntry[],
  chosen: readonly ConntrackEntry[],
  { mark, output }: { readonly mark?: number | undefined; readonly output: CtOutput },
  refused: (e: ConntrackEntry) => boolean,
): CommandResult {
  const changed = new Map<ConntrackEntry, ConntrackEntry>();
  let stdout = "";
  let failed = false;
  for (const e of chosen) {
    if (mark === undefined || e.mark === mark) continue;
    if (refused(e)) {
      failed = true;
      break;
    }
    const next = { ...e, mark };
    changed.set(e, next);
    stdout += listLine(next, world.clock, output, 2) + "\n";
  }
  const w =
    nsId && changed.size > 0
      ? updateNetns(world, nsId, (n) => ({ ...n, conntrack: table.map((e) => changed.get(e) ?? e) }))
      : world;
  if (failed) {
    const why = "Operation failed: Operation not supported";
    return { world: w, stdout, stderr: `${why}\n${PREFIX}${why}\n`, exitCode: 1 };
  }
  const stderr = `${PREFIX}${changed.size} flow entries have been updated.\n`;
  return { world: w, stdout, stderr, exitCode: changed.size === 0 ? 1 : 0 };
}

/** `-G`: one entry by its whole original tuple; the entry is held while printed (`use=2`). */
function getEntry(world: World, found: readonly ConntrackEntry[], output: CtOutput): CommandResult {
  const e = found[0];
  if (!e) return fail(world, `${PREFIX}Operation failed: such conntrack doesn't exist\n`, 1);
  return ok(world, listLine(e, world.clock, output, 2) + "\n", `${PREFIX}1 flow entries have been shown.\n`);
}
