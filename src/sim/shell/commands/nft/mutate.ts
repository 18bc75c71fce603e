/**
 * The nft commands that change iptables-nft's tables which the lab models:
 * `add|insert rule` with nft's basic native statements, `delete rule … handle N`,
 * `add chain` (a user chain), `flush ruleset|table|chain` and `delete table`.
 * A missing table or chain is nft's ENOENT, with its "did you mean" guess (the
 * nearest name by edit distance, first one on a tie, as misspell.c picks it).
 */
import { nftTables, type NftTable } from "../../../netfilter/nft-list.ts";
import { createNetfilter } from "../../../netfilter/state.ts";
import { appendRule, flushChain, insertRule, newChain, notCreated } from "../../../netfilter/table-ops.ts";
import type { Match, Neg, NetfilterState, Rule, Target } from "../../../netfilter/types.ts";

export class NftError {
  constructor(
    readonly message: string,
    readonly at: number,
    readonly len: number,
  ) {}
}

export interface Token {
  readonly text: string;
  readonly at: number;
}

export interface Parsed {
  readonly verb: string;
  readonly what: string;
  readonly family?: string;
  readonly table?: Token;
  readonly chain?: Token;
  /** What follows the chain (a rule's statements, `handle N`). */
  readonly rest: readonly Token[];
}

const noSuch = (t: Token, more = "") => new NftError(`No such file or directory${more}`, t.at, t.text.length);

function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}

function nearest<T>(name: string, items: readonly T[], key: (t: T) => string): T | undefined {
  let best: T | undefined;
  let min = Infinity;
  for (const it of items) {
    const dist = distance(name, key(it));
    if (dist < min) [best, min] = [it, dist];
  }
  return best;
}

/** The table and chain a rule command names, or nft's error with its guess. */
function locate(tables: readonly NftTable[], p: Parsed): { t: NftTable } | NftError {
  const family = p.family ?? "ip";
  const inFamily = tables.filter((t) => t.family === family);
  if (inFamily.length === 0)
    return new NftError("Could not process rule: No such file or directory", p.table!.at, p.table!.text.length);
  const t = inFamily.find((x) => x.name === p.table!.text);
  if (!t) {
    const guess = nearest(p.table!.text, inFamily, (x) => x.name)!;
    return noSuch(p.table!, `; did you mean table ‘${guess.name}’ in family ${family}?`);
  }
  if (p.chain && !t.chains.some((c) => c.name === p.chain!.text)) {
    const all = inFamily.flatMap((x) => x.chains.map((c) => ({ t: x, c })));
    const guess = nearest(p.chain.text, all, (x) => x.c.name);
    return noSuch(p.chain, guess ? `; did you mean chain ‘${guess.c.name}’ in table ${family} ‘${guess.t.name}’?` : "");
  }
  return { t };
}

const unexpected = (t: Token) => new NftError("syntax error, unexpected string", t.at, t.text.length);

/** nft's basic native statements, as the rule iptables-nft reads back from them. */
function parseRule(rest: readonly Token[], end: number): Rule | NftError {
  const rule: { -readonly [K in keyof Rule]: Rule[K] } = {
    matches: [],
    counters: { packets: 0, bytes: 0 },
    noCounter: true,
  };
  const matches: Match[] = [];
  let i = 0;
  const next = () => rest[i++];
  const value = (): { v: Token; negated: boolean } | NftError => {
    let t = next();
    let negated = false;
    if (t?.text === "!=") {
      negated = true;
      t = next();
    }
    return t ? { v: t, negated } : new NftError("syntax error, unexpected newline", end, 1);
  };
  const neg = <T>(value: T, negated: boolean): Neg<T> => ({ value, negated });
  while (i < rest.length) {
    const t = next()!;
    const w = t.text;
    if (w === "counter") {
      delete rule.noCounter;
      continue;
    }
    if (w === "iifname" || w === "oifname") {
      const v = value();
      if (v instanceof NftError) return v;
      const name = v.v.text.replace(/^"|"$/g, "").replace(/\*$/, "+");
      if (w === "iifname") rule.inIface = neg(name, v.negated);
      else rule.outIface = neg(name, v.negated);
      continue;
    }
    if (w === "ip" || w === "meta") {
      const field = next();
      if (!field) return new NftError("syntax error, unexpected newline", end, 1);
      const v = value();
      if (v instanceof NftError) return v;
      if (w === "ip" && (field.text === "saddr" || field.text === "daddr")) {
        if (!/^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(v.v.text)) return unexpected(v.v);
        const cidr = v.v.text.includes("/") ? v.v.text : `${v.v.text}/32`;
        if (field.text === "saddr") rule.src = neg(cidr, v.negated);
        else rule.dst = neg(cidr, v.negated);
        continue;
      }
      if ((w === "ip" && field.text === "protocol") || (w === "meta" && field.text === "l4proto")) {
        if (!["tcp", "udp", "icmp"].includes(v.v.text)) return unexpected(v.v);
        rule.proto = neg(v.v.text, v.negated);
        continue;
      }
      return unexpected(field);
    }
    if (w === "tcp" || w === "udp") {
      const field = next();
      if (!field || (field.text !== "dport" && field.text !== "sport"))
        return field ? unexpected(field) : new NftError("syntax error, unexpected newline", end, 1);
      const v = value();
      if (v instanceof NftError) return v;
      const m = /^(\d+)(?:-(\d+))?$/.exec(v.v.text);
      if (!m) return unexpected(v.v);
      const range = { from: Number(m[1]), to: Number(m[2] ?? m[1]) };
      rule.proto = neg(w, false);
      matches.push({ module: w, [field.text]: neg(range, v.negated) });
      continue;
    }
    const verdicts: Record<string, Target> = {
      accept: { kind: "ACCEPT" },
      drop: { kind: "DROP" },
      return: { kind: "RETURN" },
    };
    if (Object.hasOwn(verdicts, w)) {
      rule.target = verdicts[w]!;
      continue;
    }
    if (w === "jump" || w === "goto") {
      const c = next();
      if (!c) return new NftError("syntax error, unexpected newline, expecting string", end, 1);
      rule.target = { kind: "jump", chain: c.text, ...(w === "goto" ? { goto: true } : {}) };
      continue;
    }
    return unexpected(t);
  }
  return { ...rule, matches };
}

export interface NftState {
  readonly nf: NetfilterState;
  readonly nf6?: NetfilterState;
}

/** Applies a mutating command; undefined when the lab does not model it. */
export function mutate(st: NftState, p: Parsed, line: string): NftState | NftError | undefined {
  const fresh = createNetfilter();
  const family = p.family ?? "ip";
  const all = nftTables(st.nf, st.nf6);
  if (p.verb === "flush" && p.what === "ruleset") {
    if (p.family === undefined) return { nf: fresh };
    if (p.family === "ip") return { ...st, nf: fresh };
    return p.family === "ip6" ? { nf: st.nf } : st;
  }
  if (family !== "ip" && family !== "ip6") {
    const found = locate(all, p);
    return found instanceof NftError ? found : undefined;
  }
  const nf = family === "ip" ? st.nf : (st.nf6 ?? fresh);
  const done = (next: NetfilterState): NftState => (family === "ip" ? { ...st, nf: next } : { ...st, nf6: next });
  const r = mutateFamily(nf, all, p, line);
  return r === undefined || r instanceof NftError ? r : done(r);
}

function mutateFamily(
  nf: NetfilterState,
  all: readonly NftTable[],
  p: Parsed,
  line: string,
): NetfilterState | NftError | undefined {
  const fresh = createNetfilter();
  const family = p.family ?? "ip";
  if ((p.verb === "flush" || p.verb === "delete") && p.what === "table") {
    const t = all.find((x) => x.family === family && x.name === p.table!.text);
    if (!t) return noSuch(p.table!);
    if (p.verb === "delete") return { ...nf, [t.name]: fresh[t.name] };
    let out = nf;
    for (const c of nf[t.name].chains) {
      const r = flushChain(out, t.name, c.name);
      if (r.ok && !notCreated(c)) out = r.nf;
    }
    return out;
  }
  if (p.what === "chain" && (p.verb === "flush" || p.verb === "add" || p.verb === "create")) {
    if (p.verb !== "flush") {
      const t = all.find((x) => x.family === family && x.name === p.table!.text);
      if (!t) return locate(all, { ...p, chain: undefined }) as NftError;
      if (p.rest.length > 0) return undefined;
      if (t.chains.some((c) => c.name === p.chain!.text))
        return p.verb === "create" ? new NftError("Could not process rule: File exists", 0, line.length) : nf;
      const r = newChain(nf, t.name, p.chain!.text);
      return r.ok ? r.nf : nf;
    }
    const found = locate(all, p);
    if (found instanceof NftError) return found;
    const r = flushChain(nf, found.t.name, p.chain!.text);
    return r.ok ? r.nf : nf;
  }
  if (p.what === "rule" && (p.verb === "add" || p.verb === "insert")) {
    const found = locate(all, p);
    if (found instanceof NftError) return found;
    const rule = parseRule(p.rest, line.length);
    if (rule instanceof NftError) return rule;
    const table = found.t.name;
    const r =
      p.verb === "add" ? appendRule(nf, table, p.chain!.text, rule) : insertRule(nf, table, p.chain!.text, rule, 1);
    return r.ok
      ? r.nf
      : new NftError(`Could not process rule: ${r.message.replace(/^.*\((.*)\).*$/, "$1")}`, 0, line.length);
  }
  if (p.what === "rule" && p.verb === "delete") {
    const found = locate(all, p);
    if (found instanceof NftError) return found;
    const [kw, num] = p.rest;
    if (kw?.text !== "handle" || !num || !/^\d+$/.test(num.text))
      return kw ? unexpected(kw) : new NftError("syntax error, unexpected newline, expecting handle", line.length, 1);
    const chain = nf[found.t.name].chains.find((c) => c.name === p.chain!.text)!;
    const idx = chain.rules.findIndex((r) => r.handle === Number(num.text));
    if (idx < 0) return new NftError("Could not process rule: No such file or directory", num.at, num.text.length);
    const chains = nf[found.t.name].chains.map((c) =>
      c === chain ? { ...c, rules: c.rules.filter((_, i) => i !== idx) } : c,
    );
    return { ...nf, [found.t.name]: { ...nf[found.t.name], chains } };
  }
  return undefined;
}
