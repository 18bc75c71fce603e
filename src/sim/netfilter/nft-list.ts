/**
 * `nft list …` of the tables iptables-nft keeps: what nftables 1.0.6 prints for
 * them. Tables and chains come in the order the kernel created them (their
 * handles); a built-in chain iptables-nft never wrote to does not exist in
 * nf_tables, and a table nothing was written to is not there at all.
 */
import { ruleText, type NftPrintOptions } from "./nft-expr.ts";
import { TABLE_HOOKS } from "./state.ts";
import { notCreated } from "./table-ops.ts";
import type { Chain, NetfilterState, TableName } from "./types.ts";

export interface NftListOptions extends NftPrintOptions {
  /** `-a`: each table, chain and rule with its handle. */
  readonly handles?: boolean;
}

/** One nf_tables table of the `ip` family, as the listing walks it. */
export interface NftTable {
  readonly family: "ip" | "ip6";
  readonly name: TableName;
  readonly handle: number;
  readonly chains: readonly Chain[];
}

const TABLE_NAMES: readonly TableName[] = ["raw", "mangle", "nat", "filter"];

/** The tables nf_tables holds (IPv4's, then IPv6's when given), in creation order. */
export function nftTables(nf: NetfilterState, nf6?: NetfilterState): NftTable[] {
  const out: { t: NftTable; i: number }[] = [];
  const families: ["ip" | "ip6", NetfilterState][] = nf6
    ? [
        ["ip", nf],
        ["ip6", nf6],
      ]
    : [["ip", nf]];
  for (const [family, state] of families) addTables(out, family, state);
  return out.sort((a, b) => (a.t.handle || Infinity) - (b.t.handle || Infinity) || a.i - b.i).map(({ t }) => t);
}

function addTables(out: { t: NftTable; i: number }[], family: "ip" | "ip6", nf: NetfilterState): void {
  const base = out.length;
  TABLE_NAMES.forEach((name, i) => {
    const t = nf[name];
    const chains = t.chains
      .map((c, j) => ({ c, j }))
      .filter(({ c }) => !notCreated(c))
      .sort((a, b) => (a.c.handle ?? Infinity) - (b.c.handle ?? Infinity) || a.j - b.j)
      .map(({ c }) => c);
    if (!t.inUse && chains.length === 0) return;
    out.push({ t: { family, name, handle: t.handle ?? 0, chains }, i: base + i });
  });
}

/** iptables-nft's base chain types and priorities (nft_chain_builtin_init). */
const PRIORITY: Readonly<Record<TableName, number>> = { raw: -300, mangle: -150, nat: 0, filter: 0 };

function chainPriority(table: TableName, hook: string, numeric: boolean): string {
  if (table === "nat") {
    const prio = hook === "PREROUTING" || hook === "OUTPUT" ? -100 : 100;
    if (numeric) return String(prio);
    // nft names dstnat and srcnat only at the hooks they belong to.
    if (hook === "PREROUTING") return "dstnat";
    if (hook === "POSTROUTING") return "srcnat";
    return String(prio);
  }
  return numeric ? String(PRIORITY[table]) : table;
}

function chainType(table: TableName, hook: string): string {
  if (table === "nat") return "nat";
  if (table === "mangle" && hook === "OUTPUT") return "route";
  return "filter";
}

function baseLine(table: TableName, c: Chain, o: NftListOptions): string | undefined {
  if (c.policy === undefined || !(TABLE_HOOKS[table] as readonly string[]).includes(c.name)) return undefined;
  const prio = chainPriority(table, c.name, !!o.numeric);
  return `\t\ttype ${chainType(table, c.name)} hook ${c.name.toLowerCase()} priority ${prio}; policy ${c.policy.toLowerCase()};`;
}

const handle = (o: NftListOptions, h: number | undefined) => (o.handles ? ` # handle ${h ?? 0}` : "");

/** A chain's block; `rules` false for `list chains`, which prints only its head. */
function chainLines(t: NftTable, c: Chain, o: NftListOptions, rules: boolean): { lines: string[]; xt: boolean } {
  const lines = [`\tchain ${c.name} {${handle(o, c.handle)}`];
  const base = baseLine(t.name, c, o);
  if (base) lines.push(base);
  let xt = false;
  if (rules)
    for (const r of c.rules) {
      const p = ruleText(r, { ...o, family: t.family });
      xt ||= p.xt;
      lines.push(`\t\t${p.text}${handle(o, r.handle)}`);
    }
  lines.push("\t}");
  return { lines, xt };
}

export interface NftBlock {
  /** The "managed by iptables-nft" line, for stderr, when the block prints an xt statement. */
  readonly warning: string;
  readonly text: string;
}

/**
 * One table's block. `only` narrows it to one chain (`list chain`); `rules` false
 * prints chain heads only, with no blank line between chains (`list chains`).
 */
export function tableBlock(t: NftTable, o: NftListOptions, only?: string, rules = true): NftBlock {
  const chains = only === undefined ? t.chains : t.chains.filter((c) => c.name === only);
  const body: string[] = [];
  let xt = false;
  chains.forEach((c, i) => {
    const b = chainLines(t, c, o, rules);
    xt ||= b.xt;
    if (i > 0 && rules) body.push("");
    body.push(...b.lines);
  });
  // nft says so on stderr, table by table (it flushes stdout after each print).
  const warning = xt ? `# Warning: table ${t.family} ${t.name} is managed by iptables-nft, do not touch!\n` : "";
  // Only a whole table's listing says the table's own handle.
  const head = `table ${t.family} ${t.name} {${only === undefined && rules ? handle(o, t.handle) : ""}\n`;
  return { warning, text: `${head}${body.map((l) => l + "\n").join("")}}\n` };
}
