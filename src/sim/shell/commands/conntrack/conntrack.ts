/**
 * `conntrack` (conntrack-tools 1.4.7) on the namespace's connection table: -L with
 * filters, -C, -F and -D. As the real tool, entries go to stdout and the
 * "N flow entries have been shown." summary to stderr.
 */
import { getNetns, updateNetns } from "../../../kernel/netns.ts";
import type { ConntrackEntry } from "../../../netfilter/conntrack-types.ts";
import { expire, formatEntry } from "../../../netfilter/conntrack.ts";
import type { Command } from "../../command.ts";

const PREFIX = "conntrack v1.4.7 (conntrack-tools): ";

type Filter = (e: ConntrackEntry) => boolean;

const ADDR_OPTS: Readonly<Record<string, (e: ConntrackEntry) => string>> = {
  "-s": (e) => e.orig.src,
  "--src": (e) => e.orig.src,
  "--orig-src": (e) => e.orig.src,
  "-d": (e) => e.orig.dst,
  "--dst": (e) => e.orig.dst,
  "--orig-dst": (e) => e.orig.dst,
  "-r": (e) => e.reply.src,
  "--reply-src": (e) => e.reply.src,
  "-q": (e) => e.reply.dst,
  "--reply-dst": (e) => e.reply.dst,
};

const PORT_OPTS: Readonly<Record<string, (e: ConntrackEntry) => number | undefined>> = {
  "--sport": (e) => e.orig.sport,
  "--orig-port-src": (e) => e.orig.sport,
  "--dport": (e) => e.orig.dport,
  "--orig-port-dst": (e) => e.orig.dport,
  "--reply-port-src": (e) => e.reply.sport,
  "--reply-port-dst": (e) => e.reply.dport,
};

function badParam(flag: string) {
  return { stderr: `${PREFIX}Bad parameter \`${flag}'\nTry \`conntrack -h' for more information.\n`, exitCode: 2 };
}

export const conntrack: Command = (argv, { world, session }) => {
  const ns = getNetns(world, session.machine);
  let cmd: "L" | "C" | "F" | "D" | undefined;
  const filters: Filter[] = [];
  const output = new Set<string>();
  let proto: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => argv[++i];
    if (a === "-L" || a === "--dump") cmd = "L";
    else if (a === "-C" || a === "--count") cmd = "C";
    else if (a === "-F" || a === "--flush") cmd = "F";
    else if (a === "-D" || a === "--delete") cmd = "D";
    else if (a === "-p" || a === "--proto") {
      const p = next();
      if (p !== "tcp" && p !== "udp" && p !== "icmp") {
        return { world, stdout: "", stderr: `${PREFIX}\`${p ?? ""}' unsupported protocol\n`, exitCode: 2 };
      }
      proto = p;
      filters.push((e) => e.proto === p);
    } else if (Object.hasOwn(ADDR_OPTS, a)) {
      const v = next();
      if (v === undefined) return { world, stdout: "", ...badParam(a) };
      const get = ADDR_OPTS[a]!;
      filters.push((e) => get(e) === v);
    } else if (Object.hasOwn(PORT_OPTS, a)) {
      const v = next();
      if (proto === undefined) {
        return { world, stdout: "", stderr: `${PREFIX}missing protocol for port filter, use -p\n`, exitCode: 2 };
      }
      const get = PORT_OPTS[a]!;
      filters.push((e) => get(e) === Number(v));
    } else if (a === "-o" || a === "--output") {
      for (const o of (next() ?? "").split(",")) output.add(o);
    } else if (a === "-n" || a === "-e") {
      if (a !== "-n") next();
    } else return { world, stdout: "", ...badParam(a) };
  }
  if (!cmd) {
    return {
      world,
      stdout: "",
      stderr: `${PREFIX}no command specified\nTry \`conntrack -h' for more information.\n`,
      exitCode: 2,
    };
  }
  const table = ns ? expire(ns.conntrack, world.clock) : [];
  const chosen = table.filter((e) => filters.every((f) => f(e)));
  if (cmd === "C") return { world, stdout: `${table.length}\n`, stderr: "", exitCode: 0 };
  if (cmd === "F") {
    const w = ns ? updateNetns(world, ns.id, (n) => ({ ...n, conntrack: [] })) : world;
    return { world: w, stdout: "", stderr: `${PREFIX}connection tracking table has been emptied.\n`, exitCode: 0 };
  }
  // -o extended: the /proc/net/nf_conntrack layout, the layer-3 protocol first.
  const head = output.has("extended") ? "ipv4     2 " : "";
  const lines = chosen.map((e) => head + formatEntry(e, world.clock) + "\n").join("");
  if (cmd === "D") {
    const w = ns
      ? updateNetns(world, ns.id, (n) => ({ ...n, conntrack: table.filter((e) => !chosen.includes(e)) }))
      : world;
    return {
      world: w,
      stdout: lines,
      stderr: `${PREFIX}${chosen.length} flow entries have been deleted.\n`,
      exitCode: 0,
    };
  }
  return { world, stdout: lines, stderr: `${PREFIX}${chosen.length} flow entries have been shown.\n`, exitCode: 0 };
};
