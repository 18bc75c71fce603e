/**
 * `conntrack` (conntrack-tools 1.4.7) on the namespace's connection table: -L, -D,
 * -C, -F and -S, read with getopt_long as the real tool reads them (prefixes, and
 * a protocol's own options, `--sport`, `--dport`, `--state`, known only after
 * `-p`). As the real tool, entries go to stdout and the "N flow entries have
 * been shown." summary to stderr; a delete that finds nothing exits 1.
 */
import { getNetns, updateNetns } from "../../../kernel/netns.ts";
import type { ConntrackEntry } from "../../../netfilter/conntrack-types.ts";
import { expire, formatEntry } from "../../../netfilter/conntrack.ts";
import {
  GETOPT_DONE,
  GETOPT_MISSING,
  GETOPT_NONOPT,
  GETOPT_UNKNOWN,
  Getopt,
  type LongOption,
} from "../../../netfilter/getopt.ts";
import { type Command, fail } from "../../command.ts";

const PREFIX = "conntrack v1.4.7 (conntrack-tools): ";
const TRY = "Try `conntrack -h' or 'conntrack --help' for more information.\n";

/** conntrack.c's getopt string: commands take an optional table, -n -g -j an optional address. */
const OPTSTRING = ":L::I::U::D::G::E::F::A::hVs:d:r:q:p:t:u:e:a:z[:]:{:}:m:i:f:o:n::g::c:b:C::Sj::w:l:<:>::(:):";

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

const C = (ch: string) => ch.charCodeAt(0);
const LONG: readonly LongOption[] = [
  ["dump", 2, "L"],
  ["create", 2, "I"],
  ["delete", 2, "D"],
  ["update", 2, "U"],
  ["get", 2, "G"],
  ["flush", 2, "F"],
  ["event", 2, "E"],
  ["counter", 2, "C"],
  ["count", 2, "C"],
  ["stats", 0, "S"],
  ["version", 0, "V"],
  ["help", 0, "h"],
  ["orig-src", 1, "s"],
  ["src", 1, "s"],
  ["orig-dst", 1, "d"],
  ["dst", 1, "d"],
  ["reply-src", 1, "r"],
  ["reply-dst", 1, "q"],
  ["protonum", 1, "p"],
  ["proto", 1, "p"],
  ["timeout", 1, "t"],
  ["status", 1, "u"],
  ["zero", 0, "z"],
  ["event-mask", 1, "e"],
  ["mark", 1, "m"],
  ["secmark", 1, "c"],
  ["buffer-size", 1, "b"],
  ["output", 1, "o"],
  ["family", 1, "f"],
  ["src-nat", 2, "n"],
  ["dst-nat", 2, "g"],
  ["any-nat", 2, "j"],
  ["zone", 1, "w"],
].map(([name, hasArg, ch]) => ({ name: name as string, hasArg: hasArg as 0 | 1 | 2, val: C(ch as string) }));

/** The tcp, udp and icmp modules' own options, merged in by `-p` (values past 0xff). */
const PORT_SRC = 0x100;
const PORT_DST = 0x101;
const REPLY_PORT_SRC = 0x102;
const REPLY_PORT_DST = 0x103;
const STATE = 0x104;
const PROTO_LONG: readonly LongOption[] = [
  { name: "orig-port-src", hasArg: 1, val: PORT_SRC },
  { name: "orig-port-dst", hasArg: 1, val: PORT_DST },
  { name: "reply-port-src", hasArg: 1, val: REPLY_PORT_SRC },
  { name: "reply-port-dst", hasArg: 1, val: REPLY_PORT_DST },
  { name: "sport", hasArg: 1, val: PORT_SRC },
  { name: "dport", hasArg: 1, val: PORT_DST },
];
const TCP_STATES = [
  "NONE",
  "SYN_SENT",
  "SYN_RECV",
  "ESTABLISHED",
  "FIN_WAIT",
  "CLOSE_WAIT",
  "LAST_ACK",
  "TIME_WAIT",
  "CLOSE",
  "LISTEN",
];
const PROTOS: Readonly<Record<string, ConntrackEntry["proto"]>> = {
  tcp: "tcp",
  "6": "tcp",
  udp: "udp",
  "17": "udp",
  icmp: "icmp",
  "1": "icmp",
};

/** Protocols conntrack-tools has modules for that the lab's kernel never tracks: they list nothing. */
const UNTRACKED_PROTOS = new Set(["sctp", "132", "dccp", "33", "gre", "47", "udplite", "136"]);

/** glibc's inet_aton, which conntrack reads addresses with: `10.88.0` is 10.88.0.0, `10.1` is 10.0.0.1. */
export function inetAton(text: string): string | undefined {
  const parts = text.split(".");
  if (parts.length > 4) return undefined;
  const nums: number[] = [];
  for (const part of parts) {
    const m = /^(0[xX][0-9a-fA-F]*|0[0-7]*|[1-9]\d*)$/.exec(part);
    if (!m) return undefined;
    const n = /^0[xX]/.test(part)
      ? parseInt(part.slice(2) || "0", 16)
      : /^0/.test(part)
        ? parseInt(part, 8)
        : Number(part);
    nums.push(n);
  }
  const last = nums.pop()!;
  if (nums.some((n) => n > 255) || last >= 2 ** (8 * (4 - nums.length))) return undefined;
  let value = last;
  nums.forEach((n, i) => (value += n * 2 ** (8 * (3 - i))));
  return [24, 16, 8, 0].map((b) => Math.floor(value / 2 ** b) % 256).join(".");
}

type Filter = (e: ConntrackEntry) => boolean;
type Cmd = "L" | "C" | "F" | "D" | "S";

const natted = {
  src: (e: ConntrackEntry) => e.orig.src !== e.reply.dst,
  dst: (e: ConntrackEntry) => e.orig.dst !== e.reply.src,
};

export const conntrack: Command = (argv, { world, session }) => {
  const problem = (message: string) => fail(world, `${PREFIX}${message}\n${TRY}`, 2);
  const ns = getNetns(world, session.machine);
  let cmd: Cmd | undefined;
  const filters: Filter[] = [];
  let longopts = LONG;
  let extended = false;
  const g = new Getopt(argv, OPTSTRING);
  for (let guard = 0; guard < 1000; guard++) {
    const c = g.next(longopts);
    if (c === GETOPT_DONE) break;
    const v = g.optarg;
    if (c === GETOPT_UNKNOWN) return problem(`unknown option \`${argv[g.optind - 1] ?? ""}'`);
    if (c === GETOPT_MISSING) return problem(`option \`${argv[g.optind - 1] ?? ""}' requires an argument`);
    if (c === GETOPT_NONOPT) continue;
    const ch = c < 0x100 ? String.fromCharCode(c) : "";
    if ("LCFDS".includes(ch) && ch !== "") {
      // Any second command, the same one again included (`-L -L`), is refused.
      if (cmd !== undefined) return problem("Invalid commands combination");
      cmd = ch as Cmd;
    } else if ("IUGEA".includes(ch) && ch !== "") {
      return fail(
        world,
        "[lab: conntrack here lists, counts, deletes and flushes (-L -C -D -F -S); it does not create, update, get or watch entries]\n",
        1,
      );
    } else if (ch === "p") {
      const p = PROTOS[v ?? ""];
      if (!p && !UNTRACKED_PROTOS.has(v ?? "")) return problem(`\`${v ?? ""}' unsupported protocol`);
      filters.push((e) => e.proto === p);
      if (p !== "icmp")
        longopts = [
          ...LONG,
          ...PROTO_LONG,
          ...(p === "tcp" ? [{ name: "state", hasArg: 1 as const, val: STATE }] : []),
        ];
    } else if (ch === "s" || ch === "d" || ch === "r" || ch === "q") {
      const addr = inetAton(v ?? "");
      if (addr === undefined) return problem(`Invalid IP address \`${v ?? ""}'`);
      const get = {
        s: (e: ConntrackEntry) => e.orig.src,
        d: (e: ConntrackEntry) => e.orig.dst,
        r: (e: ConntrackEntry) => e.reply.src,
        q: (e: ConntrackEntry) => e.reply.dst,
      }[ch];
      filters.push((e) => get(e) === addr);
    } else if (c >= PORT_SRC && c <= REPLY_PORT_DST) {
      // The protocol modules read a port with atoi() into 16 bits: no error, `99999` is 34463.
      const port = (Number(/^\s*[+-]?\d+/.exec(v ?? "")?.[0] ?? 0) & 0xffff) >>> 0;
      const get = [
        (e: ConntrackEntry) => e.orig.sport,
        (e: ConntrackEntry) => e.orig.dport,
        (e: ConntrackEntry) => e.reply.sport,
        (e: ConntrackEntry) => e.reply.dport,
      ][c - PORT_SRC]!;
      filters.push((e) => get(e) === port);
    } else if (c === STATE) {
      const st = (v ?? "").toUpperCase();
      if (!TCP_STATES.includes(st)) return problem(`unknown TCP state \`${v ?? ""}'`);
      filters.push((e) => e.tcpState === st);
    } else if (ch === "n" || ch === "g" || ch === "j") {
      const pick = ch === "n" ? [natted.src] : ch === "g" ? [natted.dst] : [natted.src, natted.dst];
      filters.push((e) => pick.some((f) => f(e)));
    } else if (ch === "f") {
      if (v === "ipv6") filters.push(() => false);
      else if (v !== "ipv4") return problem(`\`${v ?? ""}' unsupported protocol`);
    } else if (ch === "m") {
      const mark = Number(v);
      if (!Number.isInteger(mark)) return problem(`Bad parameter \`${v ?? ""}'`);
      filters.push((e) => e.mark === mark);
    } else if (ch === "o") {
      for (const kind of (v ?? "").split(",")) {
        if (kind === "extended") extended = true;
        else if (!["xml", "timestamp", "id", "ktimestamp", "labels", "userspace", "save"].includes(kind))
          return problem(`Bad parameter \`${kind}'`);
      }
    } else if (ch === "h") {
      return { world, stdout: USAGE, stderr: "", exitCode: 0 };
    } else if (ch === "V") {
      return { world, stdout: "conntrack v1.4.7 (conntrack-tools)\n", stderr: "", exitCode: 0 };
    }
  }
  // With no command it prints its usage, and succeeds.
  if (!cmd) return { world, stdout: USAGE, stderr: "", exitCode: 0 };
  const table = ns ? expire(ns.conntrack, world.clock) : [];
  if (cmd === "C") return { world, stdout: `${table.length}\n`, stderr: "", exitCode: 0 };
  if (cmd === "S") {
    // One line per CPU (the lab's host has two); the lab counts no search restarts or drops.
    const line = (cpu: number) =>
      `cpu=${String(cpu).padEnd(4)}\tfound=0 invalid=0 insert=0 insert_failed=0 drop=0 early_drop=0 error=0 search_restart=0 clash_resolve=0 chaintoolong=0 \n`;
    return { world, stdout: line(0) + line(1), stderr: "", exitCode: 0 };
  }
  if (cmd === "F") {
    const w = ns ? updateNetns(world, ns.id, (n) => ({ ...n, conntrack: [] })) : world;
    return { world: w, stdout: "", stderr: `${PREFIX}connection tracking table has been emptied.\n`, exitCode: 0 };
  }
  const chosen = table.filter((e) => filters.every((f) => f(e)));
  const head = extended ? `${"ipv4".padEnd(8)} 2 ` : "";
  const lines = chosen.map((e) => head + formatEntry(e, world.clock) + "\n").join("");
  if (cmd === "D") {
    const w = ns
      ? updateNetns(world, ns.id, (n) => ({ ...n, conntrack: table.filter((e) => !chosen.includes(e)) }))
      : world;
    return {
      world: w,
      stdout: lines,
      stderr: `${PREFIX}${chosen.length} flow entries have been deleted.\n`,
      exitCode: chosen.length === 0 ? 1 : 0,
    };
  }
  return { world, stdout: lines, stderr: `${PREFIX}${chosen.length} flow entries have been shown.\n`, exitCode: 0 };
};
