/**
 * `iptables -L` and `iptables -S` over one table: every chain or one (with an
 * optional rule number), in iptables-nft's order, with reference counts; a chain
 * that is not there is reported as nf_tables' "incompatible" one, as 1.8.9 does.
 */
import { formatChainHeader, formatRuleLine, formatRuleSpec, type ListFormat } from "./rule-format.ts";
import { IPTABLES_VERSION } from "./rule-values.ts";
import { countReferences } from "./table-ops.ts";
import type { NetfilterState, Rule, TableName } from "./types.ts";

/** What a listing prints, or the failure it ends in. */
export interface ListFailure {
  readonly stdout: "";
  readonly stderr: string;
  readonly exitCode: number;
}

function incompatible(table: TableName, chain: string): ListFailure {
  return {
    stdout: "",
    stderr: `iptables ${IPTABLES_VERSION}: chain \`${chain}' in table \`${table}' is incompatible, use 'nft' tool.\n`,
    exitCode: 1,
  };
}

/** `iptables -L [CHAIN [N]]`. */
export function listChains(
  nf: NetfilterState,
  table: TableName,
  chain: string | undefined,
  num: number | undefined,
  fmt: ListFormat,
): string | ListFailure {
  const chains = chain ? nf[table].chains.filter((c) => c.name === chain) : nf[table].chains;
  if (chain && chains.length === 0) return incompatible(table, chain);
  if (num !== undefined) {
    const r = chains[0]!.rules[num - 1];
    return r ? formatRuleLine(r, num, fmt) : "";
  }
  return chains
    .map(
      (c) =>
        formatChainHeader(c, countReferences(nf, table, c.name), fmt) +
        c.rules.map((r, i) => formatRuleLine(r, i + 1, fmt)).join(""),
    )
    .join("\n");
}

/** `iptables -S [CHAIN [N]]`; with -v each line carries `-c PACKETS BYTES`. */
export function listRules(
  nf: NetfilterState,
  table: TableName,
  chain: string | undefined,
  num: number | undefined,
  verbose: boolean,
): string | ListFailure {
  const chains = chain ? nf[table].chains.filter((c) => c.name === chain) : nf[table].chains;
  if (chain && chains.length === 0) return incompatible(table, chain);
  const rule = (name: string, r: Rule) => `${[`-A ${name}`, formatRuleSpec(r, verbose)].filter(Boolean).join(" ")}\n`;
  if (num !== undefined) {
    const r = chains[0]!.rules[num - 1];
    return r ? rule(chains[0]!.name, r) : "";
  }
  let out = "";
  for (const c of chains) {
    if (c.policy) {
      const counts = verbose ? ` -c ${c.policyCounters.packets} ${c.policyCounters.bytes}` : "";
      out += `-P ${c.name} ${c.policy}${counts}\n`;
    }
  }
  for (const c of chains) if (!c.policy) out += `-N ${c.name}\n`;
  for (const c of chains) for (const r of c.rules) out += rule(c.name, r);
  return out;
}
