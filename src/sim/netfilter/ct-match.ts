/**
 * The conntrack match beyond --ctstate (libxt_conntrack v3): the connection's original
 * and reply tuples (--ctorigsrc, --ctorigdstport, ...), --ctproto, --ctstatus, --ctexpire
 * and --ctdir. Docker's documentation sends learners here: in DOCKER-USER the packet is
 * already DNATed, and `--ctorigdstport 2024` is how a rule sees the port they published.
 */
import { maskOf, parseIpv4, formatIpv4 } from "../ipv4.ts";
import type { CtDirection } from "./conntrack.ts";
import type { ConntrackEntry } from "./conntrack-types.ts";
import { protoNumber, serviceToPort } from "./names.ts";
import type { CtFields, CtNet as Net, CtRange as Range, Neg } from "./types.ts";

const ADDRS = ["ctorigsrc", "ctorigdst", "ctreplsrc", "ctrepldst"] as const;
const PORTS = ["ctorigsrcport", "ctorigdstport", "ctreplsrcport", "ctrepldstport"] as const;
/** IPS_* bits in order: --ctstatus prints them so. */
const STATUS = ["EXPECTED", "SEEN_REPLY", "ASSURED", "CONFIRMED"] as const;

/** ext-defs.ts numbers the options; these are the ids past ctstate (0). */
const BY_ID: Readonly<Record<number, keyof CtFields>> = {
  1: "ctproto", 2: "ctorigsrc", 3: "ctorigdst", 4: "ctreplsrc", 5: "ctrepldst", 6: "ctorigsrcport",
  7: "ctorigdstport", 8: "ctreplsrcport", 9: "ctrepldstport", 10: "ctstatus", 11: "ctexpire", 12: "ctdir",
}; // prettier-ignore

/** An error as iptables words it: `bare` ones are printed without the module's name. */
export type CtParse =
  | { readonly ok: true; readonly key: keyof CtFields; readonly value: unknown }
  | { readonly ok: false; readonly error: string };

function range(text: string, max: number, port: boolean): Range | undefined {
  const [a = "", b] = text.split(/:(.*)/s);
  const one = (s: string) => {
    if (/^\d+$/.test(s)) return Number(s) <= max ? Number(s) : port ? Number(s) & 0xffff : undefined;
    return port ? serviceToPort(s) : undefined;
  };
  const from = one(a);
  const to = b === undefined ? from : one(b);
  return from === undefined || to === undefined ? undefined : { from, to };
}

function net(text: string): Net | undefined {
  const [a = "", m] = text.split("/");
  const ip = parseIpv4(a);
  const bits = m === undefined ? 32 : /^\d+$/.test(m) && Number(m) <= 32 ? Number(m) : undefined;
  if (ip === null || bits === undefined) return undefined;
  return { addr: formatIpv4((ip & maskOf(bits)) >>> 0), bits };
}

/** Parses one option of the conntrack match other than --ctstate. */
export function parseCtOption(id: number, arg: string, invert: boolean): CtParse {
  const key = BY_ID[id];
  if (key === undefined) return { ok: false, error: `conntrack: unknown option` };
  const neg = <T>(value: T) => ({ ok: true as const, key, value: { value, negated: invert } });
  switch (key) {
    case "ctproto": {
      const n = /^\d+$/.test(arg) ? Number(arg) : protoNumber(arg);
      return n === undefined || n > 255 ? { ok: false, error: `unknown protocol "${arg}" specified` } : neg(n);
    }
    case "ctorigsrc":
    case "ctorigdst":
    case "ctreplsrc":
    case "ctrepldst": {
      const n = net(arg);
      return n ? neg(n) : { ok: false, error: `host/network \`${arg}' not found` };
    }
    case "ctstatus": {
      const names = arg.split(",");
      const bad = names.find((s) => !(STATUS as readonly string[]).includes(s) && s !== "NONE");
      if (bad !== undefined) return { ok: false, error: `Bad ctstatus "${bad}"` };
      return neg(STATUS.filter((s) => names.includes(s)));
    }
    case "ctexpire": {
      const r = range(arg, 0xffffffff, false);
      return r
        ? neg(r)
        : {
            ok: false,
            error: `conntrack: bad value for option "--ctexpire" near "${arg}", or out of range (0-4294967295).\n`,
          };
    }
    case "ctdir":
      if (arg !== "ORIGINAL" && arg !== "REPLY")
        return { ok: false, error: `conntrack: Bad value for "--ctdir" option: "${arg}"` };
      return { ok: true, key, value: arg };
    default: {
      const r = range(arg, 65535, true);
      return r ? neg(r) : { ok: false, error: `conntrack: Bad value for "--${key}" option: "${arg}"` };
    }
  }
}

const rangeText = (r: Range) => (r.from === r.to ? String(r.from) : `${r.from}:${r.to}`);
const netText = (n: Net) => (n.bits === 32 ? n.addr : `${n.addr}/${n.bits}`);

/** Each field as `[negated, name, value]`, in libxt_conntrack's order (after ctstate). */
function parts(m: CtFields): [boolean, string, string][] {
  const out: [boolean, string, string][] = [];
  if (m.ctproto) out.push([m.ctproto.negated, "ctproto", String(m.ctproto.value)]);
  for (const k of ADDRS) {
    const v = m[k];
    if (v) out.push([v.negated, k, netText(v.value)]);
  }
  for (const k of PORTS) {
    const v = m[k];
    if (v) out.push([v.negated, k, rangeText(v.value)]);
  }
  if (m.ctstatus) out.push([m.ctstatus.negated, "ctstatus", m.ctstatus.value.join(",")]);
  if (m.ctexpire) out.push([m.ctexpire.negated, "ctexpire", rangeText(m.ctexpire.value)]);
  if (m.ctdir) out.push([false, "ctdir", m.ctdir]);
  return out;
}

/** `-S`/iptables-save: ` ! --ctorigdstport 2024`. */
export function saveCtFields(m: CtFields): string[] {
  return parts(m).map(([n, k, v]) => `${n ? "! " : ""}--${k} ${v}`);
}

/** `-L`: ` ! ctorigdstport 2024`. */
export function listCtFields(m: CtFields): string {
  return parts(m)
    .map(([n, k, v]) => `${n ? " !" : ""} ${k} ${v}`)
    .join("");
}

/** The connection a packet belongs to, as the match reads it. */
export interface CtView {
  readonly entry: ConntrackEntry;
  readonly dir: CtDirection;
  /** The world's clock (ms), for --ctexpire. */
  readonly now: number;
  /** The entry is in the table already (not this connection's first packet). */
  readonly confirmed: boolean;
}

const PROTOS: Readonly<Record<string, number>> = { tcp: 6, udp: 17, icmp: 1, igmp: 2 };
const inNet = (a: string, n: Net) => {
  const ip = parseIpv4(a);
  return ip !== null && (ip & maskOf(n.bits)) >>> 0 === parseIpv4(n.addr);
};
const inRange = (p: number | undefined, r: Range) => p !== undefined && p >= r.from && p <= r.to;

/** Whether the connection matches every field given (an untracked packet matches none). */
/** No field but --ctstate: Docker's own `-m conntrack --ctstate RELATED,ESTABLISHED`, met by almost every packet. */
function stateOnly(m: CtFields): boolean {
  return (
    m.ctproto === undefined &&
    m.ctorigsrc === undefined &&
    m.ctorigdst === undefined &&
    m.ctreplsrc === undefined &&
    m.ctrepldst === undefined &&
    m.ctorigsrcport === undefined &&
    m.ctorigdstport === undefined &&
    m.ctreplsrcport === undefined &&
    m.ctrepldstport === undefined &&
    m.ctstatus === undefined &&
    m.ctexpire === undefined &&
    m.ctdir === undefined
  );
}

export function ctFieldsMatch(m: CtFields, ct: CtView | undefined): boolean {
  if (stateOnly(m)) return true;
  const test = <T>(f: Neg<T> | undefined, ok: (v: T) => boolean) => f === undefined || ok(f.value) !== f.negated;
  if (!ct) return false;
  const { orig, reply } = ct.entry;
  const status = new Set<string>([
    ...(ct.entry.seenReply ? ["SEEN_REPLY"] : []),
    ...(ct.entry.assured ? ["ASSURED"] : []),
    ...(ct.confirmed ? ["CONFIRMED"] : []),
  ]);
  const left = Math.max(0, Math.round(ct.entry.timeout - (ct.now - ct.entry.updatedAt) / 1000));
  return (
    test(m.ctproto, (p) => PROTOS[ct.entry.proto] === p) &&
    test(m.ctorigsrc, (n) => inNet(orig.src, n)) &&
    test(m.ctorigdst, (n) => inNet(orig.dst, n)) &&
    test(m.ctreplsrc, (n) => inNet(reply.src, n)) &&
    test(m.ctrepldst, (n) => inNet(reply.dst, n)) &&
    test(m.ctorigsrcport, (r) => inRange(orig.sport, r)) &&
    test(m.ctorigdstport, (r) => inRange(orig.dport, r)) &&
    test(m.ctreplsrcport, (r) => inRange(reply.sport, r)) &&
    test(m.ctrepldstport, (r) => inRange(reply.dport, r)) &&
    test(m.ctstatus, (s) => s.some((x) => status.has(x))) &&
    test(m.ctexpire, (r) => left >= r.from && left <= r.to) &&
    (m.ctdir === undefined || (m.ctdir === "ORIGINAL") === (ct.dir === "original"))
  );
}

/** The fields as iptables-nft translates them to nft (libxt_conntrack's xlate order, after ct state). */
export function xlateCtFields(m: CtFields): string {
  const ne = (n: { negated: boolean }) => (n.negated ? "!= " : "");
  const dash = (r: Range) => (r.from === r.to ? String(r.from) : `${r.from}-${r.to}`);
  const p: string[] = [];
  if (m.ctdir) p.push(`ct direction ${m.ctdir.toLowerCase()}`);
  if (m.ctstatus)
    p.push(
      `ct status ${m.ctstatus.negated ? "! " : ""}${m.ctstatus.value.map((s) => s.toLowerCase().replace("_", "-")).join(",")}`,
    );
  if (m.ctproto) p.push(`ct original protocol ${ne(m.ctproto)}${m.ctproto.value}`);
  if (m.ctexpire) p.push(`ct expiration ${ne(m.ctexpire)}${dash(m.ctexpire.value)}`);
  const names = {
    ctorigsrc: "original saddr",
    ctorigdst: "original daddr",
    ctreplsrc: "reply saddr",
    ctrepldst: "reply daddr",
  };
  for (const k of ADDRS) {
    const v = m[k];
    if (v) p.push(`ct ${names[k]} ${ne(v)}${netText(v.value)}`);
  }
  const ports = {
    ctorigsrcport: "original proto-src",
    ctorigdstport: "original proto-dst",
    ctreplsrcport: "reply proto-src",
    ctrepldstport: "reply proto-dst",
  };
  for (const k of PORTS) {
    const v = m[k];
    if (v) p.push(`ct ${ports[k]} ${ne(v)}${dash(v.value)}`);
  }
  return p.join(" ");
}
