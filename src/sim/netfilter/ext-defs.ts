/**
 * The extensions the lab loads, as libxtables knows them: each one's long
 * options (name, whether it takes an argument, its id) in the order the .so
 * declares them, since getopt_long resolves a prefix against this order; and,
 * for the "guided" (x6) ones, the per-option flags xtables_option_parse checks
 * before the extension sees the value (once only, `!` allowed, mandatory,
 * mutually exclusive).
 */

export interface ExtOptionDef {
  readonly name: string;
  readonly hasArg: 0 | 1;
  readonly id: number;
  readonly invert?: boolean;
  readonly mand?: boolean;
  /** Ids (as a bitmask) this option cannot be used together with. */
  readonly excl?: number;
}

export interface ExtDef {
  readonly name: string;
  readonly kind: "match" | "target";
  /** x6 options: libxtables checks once/invert/mandatory/exclusion; old-style (tcp) checks nothing itself. */
  readonly guided: boolean;
  readonly opts: readonly ExtOptionDef[];
}

const o = (name: string, id: number, extra: Partial<ExtOptionDef> = {}): ExtOptionDef => ({
  name,
  hasArg: 1,
  id,
  ...extra,
});
const flag = (name: string, id: number, extra: Partial<ExtOptionDef> = {}): ExtOptionDef => ({
  name,
  hasArg: 0,
  id,
  ...extra,
});
const INV = { invert: true } as const;
const C = (c: string) => c.charCodeAt(0);

const match = (name: string, opts: ExtOptionDef[], guided = true): ExtDef => ({ name, kind: "match", guided, opts });
const target = (name: string, opts: ExtOptionDef[]): ExtDef => ({ name, kind: "target", guided: true, opts });

const MULTIPORT_ANY = 0b111;
const MARK_ANY = 0b11111;
/** CONNMARK's operations: set, save, restore, and, or, xor, set-xmark. */
const CONNMARK_OPS = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 8);
const CONNMARK_MASKS = (1 << 9) | (1 << 10);

/** hashlimit's ids (libxt_hashlimit's enum): upto, above, mode, srcmask, dstmask, name, burst, the htable knobs. */
const HL_UPTO = 1 << 0;
const HL_ABOVE = 1 << 1;
const RECENT_OPS = 0b1111;
const TTL_ANY = 0b111;

/** The matches hardening guides use (ext-parse-rate.ts reads them). */
const RATE_MATCHES: Readonly<Record<string, ExtDef>> = {
  hashlimit: match("hashlimit", [
    o("hashlimit-upto", 0, { excl: HL_ABOVE }),
    o("hashlimit-above", 1, { excl: HL_UPTO }),
    o("hashlimit", 0, { excl: HL_ABOVE }),
    o("hashlimit-srcmask", 3),
    o("hashlimit-dstmask", 4),
    o("hashlimit-burst", 6),
    o("hashlimit-htable-size", 7),
    o("hashlimit-htable-max", 8),
    o("hashlimit-htable-gcinterval", 9),
    o("hashlimit-htable-expire", 10),
    o("hashlimit-mode", 2),
    o("hashlimit-name", 5, { mand: true }),
  ]),
  recent: match("recent", [
    flag("set", 0, { invert: true, excl: RECENT_OPS }),
    flag("rcheck", 1, { invert: true, excl: RECENT_OPS }),
    flag("update", 2, { invert: true, excl: RECENT_OPS }),
    flag("remove", 3, { invert: true, excl: RECENT_OPS }),
    o("seconds", 4),
    flag("reap", 5),
    o("hitcount", 6),
    flag("rttl", 7, { excl: (1 << 0) | (1 << 3) }),
    o("name", 8),
    flag("rsource", 9),
    flag("rdest", 10),
    o("mask", 11),
  ]),
  connlimit: match("connlimit", [
    o("connlimit-upto", 0, { excl: 1 << 1 }),
    o("connlimit-above", 1, { excl: 1 << 0 }),
    o("connlimit-mask", 2),
    flag("connlimit-saddr", 3, { excl: 1 << 4 }),
    flag("connlimit-daddr", 4, { excl: 1 << 3 }),
  ]),
  ttl: match("ttl", [
    o("ttl-lt", 1, { excl: TTL_ANY }),
    o("ttl-gt", 2, { excl: TTL_ANY }),
    o("ttl-eq", 0, { invert: true, excl: TTL_ANY }),
    o("ttl", 0, { excl: TTL_ANY }),
  ]),
  length: match("length", [o("length", 0, { invert: true, mand: true })]),
  string: match("string", [
    o("from", 0),
    o("to", 1),
    o("algo", 2, { mand: true }),
    o("string", 3, { invert: true, excl: 1 << 4 }),
    o("hex-string", 4, { invert: true, excl: 1 << 3 }),
    flag("icase", 5),
  ]),
  statistic: match("statistic", [
    o("mode", 0, { mand: true }),
    o("probability", 1, { invert: true, excl: (1 << 2) | (1 << 3) }),
    o("every", 2, { invert: true, excl: 1 << 1 }),
    o("packet", 3, { excl: 1 << 1 }),
  ]),
  time: match("time", [
    o("datestart", 0),
    o("datestop", 1),
    o("timestart", 2),
    o("timestop", 3),
    o("weekdays", 4, INV),
    o("monthdays", 5, INV),
    flag("localtz", 6, { excl: 1 << 7 }),
    flag("kerneltz", 6, { excl: 1 << 7 }),
    flag("utc", 7, { excl: 1 << 6 }),
    flag("contiguous", 8),
  ]),
  /** libxt_set is an old-style parser: its own checks, its own words. */
  set: match("set", [o("set", 1), o("match-set", 2), flag("return-nomatch", 3)], false),
};

/** Targets of the mangle table (ext-parse-target.ts reads them). */
const MANGLE_TARGETS: Readonly<Record<string, ExtDef>> = {
  TTL: target("TTL", [
    o("ttl-set", 0, { excl: TTL_ANY }),
    o("ttl-dec", 2, { excl: TTL_ANY }),
    o("ttl-inc", 1, { excl: TTL_ANY }),
  ]),
  DSCP: target("DSCP", [o("set-dscp", 0, { excl: 1 << 1 }), o("set-dscp-class", 1, { excl: 1 << 0 })]),
  TOS: target("TOS", [
    o("set-tos", 0, { excl: 0b1111 }),
    o("and-tos", 1, { excl: 0b1111 }),
    o("or-tos", 2, { excl: 0b1111 }),
    o("xor-tos", 3, { excl: 0b1111 }),
  ]),
  TCPMSS: target("TCPMSS", [o("set-mss", 0, { excl: 1 << 1 }), flag("clamp-mss-to-pmtu", 1, { excl: 1 << 0 })]),
};

export const MATCHES: Readonly<Record<string, ExtDef>> = {
  tcp: match(
    "tcp",
    [
      o("source-port", C("1")),
      o("sport", C("1")),
      o("destination-port", C("2")),
      o("dport", C("2")),
      flag("syn", C("3")),
      o("tcp-flags", C("4")),
      o("tcp-option", C("5")),
    ],
    false,
  ),
  udp: match("udp", [o("source-port", 0, INV), o("sport", 0, INV), o("destination-port", 1, INV), o("dport", 1, INV)]),
  icmp: match("icmp", [o("icmp-type", 0, { invert: true, mand: true })]),
  icmp6: match("icmp6", [o("icmpv6-type", 0, { invert: true, mand: true })]),
  addrtype: match("addrtype", [
    o("src-type", 0, INV),
    o("dst-type", 1, INV),
    flag("limit-iface-in", 2, { excl: 1 << 3 }),
    flag("limit-iface-out", 3, { excl: 1 << 2 }),
  ]),
  conntrack: match(
    "conntrack",
    [
      "ctstate", "ctproto", "ctorigsrc", "ctorigdst", "ctreplsrc", "ctrepldst", "ctstatus", "ctexpire",
      "ctorigsrcport", "ctorigdstport", "ctreplsrcport", "ctrepldstport",
    ].map((n, i) => o(n, [0, 1, 2, 3, 4, 5, 10, 11, 6, 7, 8, 9][i]!, INV)).concat([o("ctdir", 12)]), // prettier-ignore
  ),
  state: match("state", [o("state", 0, { invert: true, mand: true })]),
  comment: match("comment", [o("comment", 0, { mand: true })]),
  multiport: match("multiport", [
    o("source-ports", 0, { invert: true, excl: MULTIPORT_ANY }),
    o("sports", 0, { invert: true, excl: MULTIPORT_ANY }),
    o("destination-ports", 1, { invert: true, excl: MULTIPORT_ANY }),
    o("dports", 1, { invert: true, excl: MULTIPORT_ANY }),
    o("ports", 2, { invert: true, excl: MULTIPORT_ANY }),
  ]),
  iprange: match("iprange", [o("src-range", 0, INV), o("dst-range", 1, INV)]),
  limit: match("limit", [o("limit", 0), o("limit-burst", 1)]),
  mark: match("mark", [o("mark", 0, { invert: true, mand: true })]),
  connmark: match("connmark", [o("mark", 0, { invert: true, mand: true })]),
  owner: match("owner", [
    o("uid-owner", 0, INV),
    o("gid-owner", 1, INV),
    flag("socket-exists", 2, INV),
    flag("suppl-groups", 6),
  ]),
  mac: match("mac", [o("mac-source", 0, { invert: true, mand: true })]),
  ...RATE_MATCHES,
};

export const TARGETS: Readonly<Record<string, ExtDef>> = {
  REJECT: target("REJECT", [o("reject-with", 0)]),
  LOG: target("LOG", [
    o("log-level", 6),
    o("log-prefix", 7),
    flag("log-tcp-sequence", 0),
    flag("log-tcp-options", 1),
    flag("log-ip-options", 2),
    flag("log-uid", 3),
    flag("log-macdecode", 5),
  ]),
  DNAT: target("DNAT", [o("to-destination", 0, { mand: true }), flag("random", 3), flag("persistent", 5)]),
  SNAT: target("SNAT", [
    o("to-source", 1, { mand: true }),
    flag("random", 3),
    flag("random-fully", 4),
    flag("persistent", 5),
  ]),
  MASQUERADE: target("MASQUERADE", [o("to-ports", 2), flag("random", 3), flag("random-fully", 4)]),
  REDIRECT: target("REDIRECT", [o("to-ports", 2), flag("random", 3)]),
  NETMAP: target("NETMAP", [o("to", 0, { mand: true })]),
  MARK: target("MARK", [
    o("set-xmark", 4, { excl: MARK_ANY }),
    o("set-mark", 0, { excl: MARK_ANY }),
    o("and-mark", 1, { excl: MARK_ANY }),
    o("or-mark", 2, { excl: MARK_ANY }),
    o("xor-mark", 3, { excl: MARK_ANY }),
  ]),
  CONNMARK: target("CONNMARK", [
    o("set-xmark", 8, { excl: CONNMARK_OPS }),
    o("set-mark", 0, { excl: CONNMARK_OPS }),
    o("and-mark", 3, { excl: CONNMARK_OPS }),
    o("or-mark", 4, { excl: CONNMARK_OPS }),
    o("xor-mark", 5, { excl: CONNMARK_OPS }),
    flag("save-mark", 1, { excl: CONNMARK_OPS }),
    flag("restore-mark", 2, { excl: CONNMARK_OPS }),
    o("left-shift-mark", 6),
    o("right-shift-mark", 7),
    o("ctmask", 9, { excl: 1 << 11 }),
    o("nfmask", 10, { excl: 1 << 11 }),
    o("mask", 11, { excl: CONNMARK_MASKS }),
  ]),
  CT: target("CT", [
    flag("notrack", 0),
    o("helper", 1),
    o("timeout", 2),
    o("ctevents", 3),
    o("expevents", 4),
    o("zone-orig", 6),
    o("zone-reply", 7),
    o("zone", 5),
  ]),
  ...MANGLE_TARGETS,
};

/** Targets with no options of their own (a `-j` to them merges nothing). */
export const PLAIN_TARGETS: ReadonlySet<string> = new Set(["ACCEPT", "DROP", "RETURN", "TRACE", "NOTRACK"]);

/** The first option of `def` with this id: libxtables names an option by it in its messages. */
export function optionById(def: ExtDef, id: number): ExtOptionDef | undefined {
  return def.opts.find((x) => x.id === id);
}
