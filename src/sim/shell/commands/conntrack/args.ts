/**
 * conntrack-tools 1.4.7's command line, read with getopt_long as conntrack.c reads it
 * (prefixes; a protocol's own options, `--sport`, `--dport`, `--state`, known only
 * after `-p`; a command's table and a NAT option's address taken from the next word
 * when it is not an option), turned into plain data: the command, its table, the
 * entries it selects and how it prints them. The listing commands and `-E` share it.
 */
import type { ConntrackEntry } from "../../../netfilter/conntrack-types.ts";
import { addressTest, natFilter } from "./addresses.ts";
import { parseStatus, statusBits, type StatusFilter } from "./status.ts";
import {
  GETOPT_DONE,
  GETOPT_MISSING,
  GETOPT_NONOPT,
  GETOPT_UNKNOWN,
  Getopt,
  type LongOption,
} from "../../../netfilter/getopt.ts";

export const PREFIX = "conntrack v1.4.7 (conntrack-tools): ";
export const TRY = "Try `conntrack -h' or 'conntrack --help' for more information.\n";

/** conntrack.c's getopt string: commands take an optional table, -n -g -j an optional address. */
const OPTSTRING = ":L::I::U::D::G::E::F::A::hVs:d:r:q:p:t:u:e:a:z[:]:{:}:m:i:f:o:n::g::c:b:C::Sj::w:l:<:>::(:):";

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
export const PORT_SRC = 0x100;
export const PORT_DST = 0x101;
export const REPLY_PORT_SRC = 0x102;
export const REPLY_PORT_DST = 0x103;
const STATE = 0x104;
export const ICMP_TYPE = 0x105;
const ICMP_CODE = 0x106;
const ICMP_ID = 0x107;
const ICMP_LONG: readonly LongOption[] = [
  { name: "icmp-type", hasArg: 1, val: ICMP_TYPE },
  { name: "icmp-code", hasArg: 1, val: ICMP_CODE },
  { name: "icmp-id", hasArg: 1, val: ICMP_ID },
];
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

export type Filter = (e: ConntrackEntry) => boolean;
export type CtCommand = "L" | "C" | "F" | "D" | "S" | "G" | "E" | "I" | "U" | "A";

/** `-e`: conntrack's event mask. */
export const EVENT_NEW = 1;
export const EVENT_UPDATE = 2;
export const EVENT_DESTROY = 4;
const EVENTS: Readonly<Record<string, number>> = {
  NEW: EVENT_NEW,
  UPDATES: EVENT_UPDATE,
  UPDATE: EVENT_UPDATE,
  DESTROY: EVENT_DESTROY,
  ALL: EVENT_NEW | EVENT_UPDATE | EVENT_DESTROY,
};

export interface CtOutput {
  readonly extended: boolean;
  readonly id: boolean;
  readonly xml: boolean;
  readonly save: boolean;
  readonly timestamp: boolean;
  readonly labels: boolean;
}

export interface CtArgs {
  readonly kind: "args";
  readonly cmd?: CtCommand;
  /** The table a command names (`-L expect`): conntrack unless told. */
  readonly table: "conntrack" | "expect" | "dying" | "unconfirmed";
  readonly filters: readonly Filter[];
  /** `-p`'s protocol, as the lab names it. */
  readonly proto?: string;
  /** What `-G` needs: the tuple's parts given, by option letter. */
  readonly given: ReadonlySet<string>;
  readonly output: CtOutput;
  readonly eventMask: number;
  readonly zero: boolean;
  /** `-m`: the mark `-U` sets (the others filter on it). */
  readonly mark?: number;
  /** `-u`'s filter, which the kernel's dump checks too. */
  readonly status?: StatusFilter;
  /** What conntrack warned of while reading its options (stderr, first). */
  readonly warnings: string;
}

export type CtParsed =
  | CtArgs
  | { readonly kind: "help" }
  | { readonly kind: "version" }
  | { readonly kind: "error"; readonly message: string; readonly warnings?: string };

/**
 * conntrack.c's option flags in their bit order, with the names its generic check prints:
 * `-C` and `-S` take none of them, `-F` only `-f` (commands_v_options); the first in this order is refused.
 */
const OPTION_NAMES: readonly (readonly [string, string])[] = [
  ["s", "src"], ["d", "dst"], ["r", "reply-src"], ["q", "reply-dst"], ["p", "protonum"], ["t", "timeout"],
  ["u", "status"], ["z", "zero"], ["e", "event-mask"], ["m", "mark"], ["f", "family"], ["n", "src-nat"],
  ["g", "dst-nat"], ["o", "output"], ["c", "secmark"], ["b", "buffer-size"], ["j", "any-nat"], ["w", "zone"],
]; // prettier-ignore

/** Reads conntrack's command line; the first problem found is returned as conntrack words it. */
export function parseConntrack(argv: readonly string[]): CtParsed {
  // conntrack warns as it reads, so what it warned of comes before any complaint.
  let warnings = "";
  let status: StatusFilter | undefined;
  const problem = (message: string): CtParsed => ({ kind: "error", message, warnings });
  let cmd: CtCommand | undefined;
  let table: CtArgs["table"] = "conntrack";
  const filters: Filter[] = [];
  const given = new Set<string>();
  let longopts = LONG;
  const output = { extended: false, id: false, xml: false, save: false, timestamp: false, labels: false };
  let eventMask = 0;
  let zero = false;
  let mark: number | undefined;
  let proto: string | undefined;
  const seen = new Set<string>();
  const g = new Getopt(argv, OPTSTRING);
  // conntrack.c's optional arguments: attached (`-Lexpect`), or the next word when it is not an option.
  const optional = (v: string | undefined): string | undefined => {
    if (v !== undefined) return v;
    const next = argv[g.optind];
    if (next !== undefined && !next.startsWith("-")) {
      g.optind++;
      return next;
    }
    return undefined;
  };
  for (let guard = 0; guard < 1000; guard++) {
    const c = g.next(longopts);
    if (c === GETOPT_DONE) break;
    const v = g.optarg;
    if (c === GETOPT_UNKNOWN) return problem(`unknown option \`${argv[g.optind - 1] ?? ""}'`);
    if (c === GETOPT_MISSING) return problem(`option \`${argv[g.optind - 1] ?? ""}' requires an argument`);
    if (c === GETOPT_NONOPT) continue;
    const ch = c < 0x100 ? String.fromCharCode(c) : "";
    seen.add(ch);
    if (ch !== "" && "LCFDSGEIUA".includes(ch)) {
      // Any second command, the same one again included (`-L -L`), is refused.
      if (cmd !== undefined) return problem("Invalid commands combination");
      cmd = ch as CtCommand;
      if (ch === "S") continue;
      const t = optional(v);
      if (t === undefined || t === "conntrack") continue;
      if (t !== "expect" && t !== "dying" && t !== "unconfirmed") return problem(`unknown type \`${t}'`);
      table = t;
    } else if (ch === "p") {
      const p = PROTOS[v ?? ""];
      if (!p && !UNTRACKED_PROTOS.has(v ?? "")) return problem(`\`${v ?? ""}' unsupported protocol`);
      given.add("p");
      proto = p;
      filters.push((e) => e.proto === p);
      if (p === "icmp") longopts = [...LONG, ...ICMP_LONG];
      else
        longopts = [
          ...LONG,
          ...PROTO_LONG,
          ...(p === "tcp" ? [{ name: "state", hasArg: 1 as const, val: STATE }] : []),
        ];
    } else if (ch === "s" || ch === "d" || ch === "r" || ch === "q") {
      const test = addressTest(ch, v ?? "");
      if (typeof test === "string") return problem(test);
      given.add(ch);
      const get = {
        s: (e: ConntrackEntry) => e.orig.src,
        d: (e: ConntrackEntry) => e.orig.dst,
        r: (e: ConntrackEntry) => e.reply.src,
        q: (e: ConntrackEntry) => e.reply.dst,
      }[ch];
      filters.push((e) => test(get(e)));
    } else if (c >= PORT_SRC && c <= REPLY_PORT_DST) {
      // The protocol modules read a port with atoi() into 16 bits: no error, `99999` is 34463.
      const port = (Number(/^\s*[+-]?\d+/.exec(v ?? "")?.[0] ?? 0) & 0xffff) >>> 0;
      given.add(String(c));
      const get = [
        (e: ConntrackEntry) => e.orig.sport,
        (e: ConntrackEntry) => e.orig.dport,
        (e: ConntrackEntry) => e.reply.sport,
        (e: ConntrackEntry) => e.reply.dport,
      ][c - PORT_SRC]!;
      filters.push((e) => get(e) === port);
    } else if (c >= ICMP_TYPE && c <= ICMP_ID) {
      const n = Number(/^\s*\d+/.exec(v ?? "")?.[0] ?? 0);
      given.add(String(c));
      const field = c === ICMP_TYPE ? "type" : c === ICMP_CODE ? "code" : "id";
      filters.push((e) => e.orig.icmp?.[field] === n);
    } else if (c === STATE) {
      const st = (v ?? "").toUpperCase();
      if (!TCP_STATES.includes(st)) return problem(`unknown TCP state \`${v ?? ""}'`);
      filters.push((e) => e.tcpState === st);
    } else if (ch === "n" || ch === "g" || ch === "j") {
      const test = natFilter(ch, optional(v));
      if (typeof test === "string") return problem(test);
      filters.push(test);
    } else if (ch === "u") {
      const st = parseStatus(v ?? "");
      warnings += st.warnings;
      if ("error" in st) return problem(st.error);
      status = st;
      filters.push((e) => (statusBits(e) & st.mask) === st.value);
    } else if (ch === "f") {
      // Without -f both families are listed; with it, the one named.
      if (v !== "ipv4" && v !== "ipv6") return problem(`\`${v ?? ""}' unsupported protocol`);
      const six = v === "ipv6";
      filters.push((e) => e.orig.src.includes(":") === six);
    } else if (ch === "m") {
      mark = Number(v);
      if (!Number.isInteger(mark)) return problem(`Bad parameter \`${v ?? ""}'`);
    } else if (ch === "e") {
      for (const kind of (v ?? "").split(",")) {
        const bit = EVENTS[kind];
        if (bit === undefined) return problem(`Bad parameter \`${kind}'`);
        eventMask |= bit;
      }
    } else if (ch === "z") {
      zero = true;
    } else if (ch === "o") {
      for (const kind of (v ?? "").split(",")) {
        if (kind === "extended" || kind === "id" || kind === "xml" || kind === "save" || kind === "timestamp")
          output[kind] = true;
        else if (kind === "labels") output.labels = true;
        else if (!["ktimestamp", "userspace"].includes(kind)) return problem(`Bad parameter \`${kind}'`);
      }
    } else if (ch === "h") {
      return { kind: "help" };
    } else if (ch === "V") {
      return { kind: "version" };
    }
  }
  // conntrack.c checks this pair by hand, before its table of options each command takes.
  if (seen.has("j") && (seen.has("n") || seen.has("g")))
    return problem("cannot specify `--src-nat' or `--dst-nat' with `--any-nat'");
  // commands_v_options: -C and -S take none of these, -F only a family.
  if (cmd === "C" || cmd === "S" || cmd === "F") {
    const illegal = OPTION_NAMES.find(([ch]) => seen.has(ch) && !(cmd === "F" && ch === "f"));
    if (illegal) return problem(`Illegal option \`--${illegal[1]}' with this command`);
  }
  // -m selects entries, except for -U, which sets it on those the other options select.
  if (mark !== undefined && cmd !== "U") {
    const want = mark;
    filters.push((e) => e.mark === want);
  }
  return {
    kind: "args",
    ...(cmd ? { cmd } : {}),
    ...(mark !== undefined ? { mark } : {}),
    table,
    filters,
    ...(proto ? { proto } : {}),
    given,
    output,
    eventMask: eventMask || EVENTS["ALL"]!,
    zero,
    warnings,
    ...(status ? { status } : {}),
  };
}
