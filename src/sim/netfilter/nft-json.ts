/**
 * `nft -j list …`: the same tables as libnftables' JSON schema 1 words them. A
 * native test is a `match` of a meta key or a payload field; an xt match or target
 * is only its name (nft's JSON has no translation for it); counters are exact.
 */
import { formatRate } from "./ext-values.ts";
import type { NftTable } from "./nft-list.ts";
import { TABLE_HOOKS } from "./state.ts";
import type { Chain, Match, Neg, Rule, TableName } from "./types.ts";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function match(left: Json, value: Json, negated: boolean): Json {
  return { match: { op: negated ? "!=" : "==", left, right: value } };
}

const meta = (key: string): Json => ({ meta: { key } });
const payload = (protocol: string, field: string): Json => ({ payload: { protocol, field } });

function addr(cidr: string): Json {
  const [a = "", len = "32"] = cidr.split("/");
  const full = a.includes(":") ? "128" : "32";
  return len === full ? a : { prefix: { addr: a, len: Number(len) } };
}

const ports = (r: { from: number; to: number }): Json => (r.from === r.to ? r.from : { range: [r.from, r.to] });

function iface(name: string): string {
  return name.endsWith("+") ? name.slice(0, -1) + "*" : name;
}

const FLAG_NAMES = ["fin", "syn", "rst", "psh", "ack", "urg"];

function flagList(names: readonly string[]): Json {
  const set = new Set(names.map((n) => n.toLowerCase()));
  const on = FLAG_NAMES.filter((n) => set.has(n) || set.has("all"));
  return on.length === 1 ? on[0]! : on;
}

/** `tcp flags comp / mask` as nft's JSON holds it; no flag at all is its `!` test. */
function flagsMatch(mask: readonly string[], comp: readonly string[], negated: boolean): Json {
  const flags = payload("tcp", "flags");
  if (comp.length === 0 || comp.every((c) => c.toUpperCase() === "NONE"))
    return { match: { op: negated ? "!=" : "!", left: flags, right: flagList(mask) } };
  return { match: { op: negated ? "!=" : "==", left: { "&": [flags, flagList(mask)] }, right: flagList(comp) } };
}

const XT_MATCH_NAME: Readonly<Partial<Record<Match["module"], string>>> = { state: "conntrack" };

function matchJson(m: Match): Json[] {
  switch (m.module) {
    case "tcp":
    case "udp": {
      const out: Json[] = [];
      const port = (field: string, v: Neg<{ from: number; to: number }> | undefined) => {
        if (v) out.push(match(payload(m.module, field), ports(v.value), v.negated));
      };
      port("sport", m.sport);
      port("dport", m.dport);
      if (m.module === "tcp" && m.option) return [{ xt: { type: "match", name: "tcp" } }];
      if (m.module === "tcp") {
        const f = m.syn
          ? { value: { mask: ["FIN", "SYN", "RST", "ACK"], comp: ["SYN"] }, negated: m.syn.negated }
          : m.tcpFlags;
        if (f) out.push(flagsMatch(f.value.mask, f.value.comp, f.negated));
      }
      return out.length > 0 ? out : [{ xt: { type: "match", name: m.module } }];
    }
    case "limit": {
      const [rate = "0", unit = "sec"] = formatRate(m.avg).split("/");
      const per = { sec: "second", min: "minute", hour: "hour", day: "day" }[unit] ?? unit;
      return [{ limit: { rate: Number(rate), burst: m.burst, per } }];
    }
    case "mark":
      return m.mask >>> 0 === 0xffffffff
        ? [match(meta("mark"), m.mark, m.negated)]
        : [match({ "&": [meta("mark"), m.mask] }, m.mark, m.negated)];
    default:
      return [{ xt: { type: "match", name: XT_MATCH_NAME[m.module] ?? m.module } }];
  }
}

function targetJson(rule: Rule): Json[] {
  const t = rule.target;
  if (!t) return [];
  switch (t.kind) {
    case "ACCEPT":
    case "DROP":
    case "RETURN":
      return [{ [t.kind.toLowerCase()]: null }];
    case "jump":
      return [{ [t.goto ? "goto" : "jump"]: { target: t.chain } }];
    case "TRACE":
      return [{ mangle: { key: { meta: { key: "nftrace" } }, value: 1 } }];
    default:
      return [{ xt: { type: "target", name: t.kind } }];
  }
}

function ruleExpr(rule: Rule, family: string): Json[] {
  const out: Json[] = [];
  if (rule.inIface) out.push(match(meta("iifname"), iface(rule.inIface.value), rule.inIface.negated));
  if (rule.outIface) out.push(match(meta("oifname"), iface(rule.outIface.value), rule.outIface.negated));
  const proto = rule.proto;
  const nativePorts = rule.matches.some(
    (m) =>
      m.module === proto?.value &&
      (m.module === "tcp" || m.module === "udp") &&
      (m.sport || m.dport || (m.module === "tcp" && (m.tcpFlags || m.syn) && !m.option)),
  );
  if (proto && (proto.negated || !nativePorts)) out.push(match(meta("l4proto"), proto.value, proto.negated));
  if (rule.src) out.push(match(payload(family, "saddr"), addr(rule.src.value), rule.src.negated));
  if (rule.dst) out.push(match(payload(family, "daddr"), addr(rule.dst.value), rule.dst.negated));
  if (rule.fragment) out.push(match({ "&": [payload("ip", "frag-off"), 8191] }, 0, !rule.fragment.negated));
  for (const m of rule.matches) out.push(...matchJson(m));
  if (!rule.noCounter) out.push({ counter: { packets: rule.counters.packets, bytes: rule.counters.bytes } });
  out.push(...targetJson(rule));
  return out;
}

const PRIO: Readonly<Record<TableName, number>> = { raw: -300, mangle: -150, nat: 0, filter: 0 };

function chainJson(t: NftTable, c: Chain): Json {
  const base: { [k: string]: Json } = { family: t.family, table: t.name, name: c.name, handle: c.handle ?? 0 };
  if (c.policy === undefined || !(TABLE_HOOKS[t.name] as readonly string[]).includes(c.name)) return { chain: base };
  const nat = t.name === "nat";
  const prio = nat ? (c.name === "PREROUTING" || c.name === "OUTPUT" ? -100 : 100) : PRIO[t.name];
  const type = nat ? "nat" : t.name === "mangle" && c.name === "OUTPUT" ? "route" : "filter";
  return { chain: { ...base, type, hook: c.name.toLowerCase(), prio, policy: c.policy.toLowerCase() } };
}

/** Python's json.dumps spacing, which jansson's output matches here: `, ` and `: `. */
function stringify(v: Json): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stringify).join(", ")}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${JSON.stringify(k)}: ${stringify(x)}`)
    .join(", ")}}`;
}

/** The listing as one JSON line; `only` narrows every table to one chain (`list chain`). */
export function nftJson(tables: readonly NftTable[], only?: string): string {
  const items: Json[] = [{ metainfo: { version: "1.0.6", release_name: "Lester Gooch #5", json_schema_version: 1 } }];
  for (const t of tables) {
    const chains = only === undefined ? t.chains : t.chains.filter((c) => c.name === only);
    if (only === undefined) items.push({ table: { family: t.family, name: t.name, handle: t.handle } });
    for (const c of chains) items.push(chainJson(t, c));
    for (const c of chains)
      for (const r of c.rules)
        items.push({
          rule: { family: t.family, table: t.name, chain: c.name, handle: r.handle ?? 0, expr: ruleExpr(r, t.family) },
        });
  }
  return stringify({ nftables: items }) + "\n";
}
