/**
 * ss's filter words after the options: `state S` / `exclude S` (which TCP states it
 * dumps) and an expression over ports and addresses (`sport = :2024`, `( dport = :80 or
 * sport = :80 )`, `dst 10.88.0.1`), as iproute2 6.1's ssfilter grammar reads them.
 * The lab's sockets are its listeners, so a listener's peer is `*` (port 0, address any).
 */
import { parseCidr, parseIpv4, maskOf } from "../../../ipv4.ts";
import { serviceToPort } from "../../../netfilter/names.ts";

/** The kernel's TCP states, as ss names them in `state`. */
export const SS_STATES = [
  "established", "syn-sent", "syn-recv", "fin-wait-1", "fin-wait-2", "time-wait", "closed", "close-wait",
  "last-ack", "listening", "closing",
] as const; // prettier-ignore
export type SsState = (typeof SS_STATES)[number];

const GROUPS: Readonly<Record<string, readonly SsState[]>> = {
  all: SS_STATES,
  connected: SS_STATES.filter((s) => s !== "listening" && s !== "closed"),
  synchronized: SS_STATES.filter((s) => !["listening", "closed", "syn-sent"].includes(s)),
  bucket: ["syn-recv", "time-wait"],
  big: SS_STATES.filter((s) => !["syn-recv", "time-wait"].includes(s)),
};

export interface SockView {
  readonly state: SsState;
  readonly laddr: string;
  readonly lport: number;
  readonly raddr: string;
  readonly rport: number;
}

type Node =
  | { readonly op: "and"; readonly a: Node; readonly b: Node }
  | { readonly op: "or"; readonly a: Node; readonly b: Node }
  | { readonly op: "not"; readonly a: Node }
  | {
      readonly op: "cmp";
      readonly field: "sport" | "dport" | "src" | "dst";
      readonly rel: string;
      readonly value: string;
    };

export type ParsedFilter =
  | { readonly ok: true; readonly states?: ReadonlySet<SsState>; readonly expr?: Node }
  | { readonly ok: false; readonly error: string; readonly exitCode?: number };

const RELS: Readonly<Record<string, string>> = {
  "=": "eq", "==": "eq", eq: "eq", "!=": "ne", ne: "ne", ">": "gt", gt: "gt", "<": "lt", lt: "lt",
  ">=": "ge", ge: "ge", "<=": "le", le: "le",
}; // prettier-ignore

/** Reads `state`/`exclude` words and then the expression; `defaults` are the states the options chose. */
export function parseSsFilter(words: readonly string[], defaults: ReadonlySet<SsState>): ParsedFilter {
  let i = 0;
  let states: Set<SsState> | undefined;
  while (words[i] === "state" || words[i] === "exclude" || words[i] === "excl") {
    const kw = words[i]!;
    const name = words[i + 1];
    if (name === undefined) return { ok: false, error: `Error: argument "${kw}" is wrong: Missing argument\n` };
    const picked = GROUPS[name] ?? (SS_STATES.includes(name as SsState) ? [name as SsState] : undefined);
    if (!picked) return { ok: false, error: `ss: wrong state name: ${name}\n`, exitCode: 255 };
    if (kw === "state") {
      states ??= new Set();
      for (const s of picked) states.add(s);
    } else {
      states ??= new Set(SS_STATES);
      for (const s of picked) states.delete(s);
    }
    i += 2;
  }
  const rest = words
    .slice(i)
    .flatMap((w) => w.split(/([()])|\s+/))
    .filter((x): x is string => x !== undefined && x !== "");
  let pos = 0;
  // A port that is neither a number nor a service name stops the parse (iproute2's parse_hostcond).
  let badPort: string | undefined;
  const bad = () => ({ ok: false as const, error: "ss: bad filter expression\n" });
  const primary = (): Node | undefined => {
    const w = rest[pos];
    if (w === undefined) return undefined;
    if (w === "(") {
      pos++;
      const n = orExpr();
      if (!n || rest[pos] !== ")") return undefined;
      pos++;
      return n;
    }
    if (w === "!" || w === "not") {
      pos++;
      const a = primary();
      return a && { op: "not", a };
    }
    const field = ({ sport: "sport", dport: "dport", src: "src", dst: "dst" } as const)[w as "sport"];
    if (!field) return undefined;
    pos++;
    let rel = "eq";
    if (rest[pos] !== undefined && RELS[rest[pos]!]) rel = RELS[rest[pos++]!]!;
    const value = rest[pos++];
    if (value === undefined) return undefined;
    if (field === "sport" || field === "dport") {
      const port = value.slice(value.lastIndexOf(":") + 1);
      if (port !== "*" && !/^\d+$/.test(port) && serviceToPort(port) === undefined) {
        badPort = port;
        return undefined;
      }
    }
    return { op: "cmp", field, rel, value };
  };
  const andExpr = (): Node | undefined => {
    let a = primary();
    while (
      a &&
      pos < rest.length &&
      rest[pos] !== ")" &&
      rest[pos] !== "or" &&
      rest[pos] !== "|" &&
      rest[pos] !== "||"
    ) {
      if (rest[pos] === "and" || rest[pos] === "&" || rest[pos] === "&&") pos++;
      const b = primary();
      if (!b) return undefined;
      a = { op: "and", a, b };
    }
    return a;
  };
  const orExpr = (): Node | undefined => {
    let a = andExpr();
    while (a && (rest[pos] === "or" || rest[pos] === "|" || rest[pos] === "||")) {
      pos++;
      const b = andExpr();
      if (!b) return undefined;
      a = { op: "or", a, b };
    }
    return a;
  };
  let expr: Node | undefined;
  if (rest.length > 0) {
    expr = orExpr();
    if (badPort !== undefined)
      return { ok: false, error: `Error: "${badPort}" does not look like a port.\nCannot parse dst/src address.\n` };
    if (!expr || pos !== rest.length) return bad();
  }
  return { ok: true, states: states ?? defaults, ...(expr ? { expr } : {}) };
}

/** ss resolves a name with getservbyname, so any /etc/services name works (`:http-alt`). */
function portOf(v: string, services: Readonly<Record<string, number>>): number | undefined {
  const p = v.replace(/^.*:/, "");
  if (/^\d+$/.test(p)) return Number(p);
  return services[p] ?? serviceToPort(p);
}

function cmp(rel: string, x: number, y: number): boolean {
  return rel === "eq"
    ? x === y
    : rel === "ne"
      ? x !== y
      : rel === "gt"
        ? x > y
        : rel === "lt"
          ? x < y
          : rel === "ge"
            ? x >= y
            : x <= y;
}

/** Whether a socket passes the expression. */
export function ssMatches(n: Node | undefined, s: SockView, services: Readonly<Record<string, number>> = {}): boolean {
  if (!n) return true;
  if (n.op === "and" || n.op === "or") {
    const a = ssMatches(n.a, s, services);
    return n.op === "and" ? a && ssMatches(n.b, s, services) : a || ssMatches(n.b, s, services);
  }
  if (n.op === "not") return !ssMatches(n.a, s, services);
  if (n.field === "sport" || n.field === "dport") {
    const want = portOf(n.value, services);
    if (want === undefined) return false;
    return cmp(n.rel, n.field === "sport" ? s.lport : s.rport, want);
  }
  // src/dst ADDR[/LEN][:PORT]; `*` or an empty address matches any.
  const addr = n.field === "src" ? s.laddr : s.raddr;
  const port = n.field === "src" ? s.lport : s.rport;
  const m = /^\[?([^\]]*?)\]?(?::(\d+|\*))?$/.exec(n.value);
  if (!m) return false;
  const [, a = "", p] = m;
  if (p !== undefined && p !== "*" && Number(p) !== port) return n.rel === "ne";
  if (a === "" || a === "*") return n.rel !== "ne";
  const c = parseCidr(a);
  const x = parseIpv4(addr);
  const hit = c !== null && x !== null && (x & maskOf(c.prefixLen)) >>> 0 === c.network;
  return n.rel === "ne" ? !hit : hit;
}
