/**
 * `iptables-restore-translate -f FILE` (iptables 1.8.9): an iptables-save file as
 * the nft commands that would load it, table by table in the file's order: the
 * table, its built-in chains with their hooks and numeric priorities, its user
 * chains, then every rule as iptables-translate words it.
 */
import { parseArgs } from "./iptables-args.ts";
import { ctime, splitRestoreLine } from "./iptables-save.ts";
import { translateRuleBody } from "./nft-expr.ts";
import { IPTABLES_VERSION } from "./rule-values.ts";
import { TABLE_HOOKS } from "./state.ts";
import type { TableName } from "./types.ts";

export interface RestoreTranslateResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

const VERSION = IPTABLES_VERSION.split(" ")[0]!.slice(1);

const USAGE = `iptables-restore-translate ${VERSION} (c) 2014 by Pablo Neira Ayuso <pablo@netfilter.org>
Usage: iptables-restore-translate [-h] [-f <FILE>] [-V]
\t[ --help ]
\t[ --file=<FILE> ]
\t[ --version ]
`;

const PRIORITY: Readonly<Record<TableName, number>> = { raw: -300, mangle: -150, nat: 0, filter: 0 };

function baseChain(table: TableName, chain: string, policy: string): string {
  const nat = table === "nat";
  const prio = nat ? (chain === "PREROUTING" || chain === "OUTPUT" ? -100 : 100) : PRIORITY[table];
  const type = nat ? "nat" : table === "mangle" && chain === "OUTPUT" ? "route" : "filter";
  return `{ type ${type} hook ${chain.toLowerCase()} priority ${prio}; policy ${policy.toLowerCase()}; }`;
}

export function runRestoreTranslate(
  argv: readonly string[],
  readFile: (path: string) => string | undefined,
  clock: number,
): RestoreTranslateResult {
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-V" || a === "--version")
      return { stdout: `iptables-restore-translate ${IPTABLES_VERSION}\n`, stderr: "", exitCode: 0 };
    if (a === "-h" || a === "--help") return { stdout: USAGE, stderr: "", exitCode: 0 };
    if (a === "-f" || a === "--file") file = argv[++i];
    else if (a.startsWith("--file=")) file = a.slice(7);
  }
  if (file === undefined) return { stdout: "", stderr: `ERROR: missing file name\n${USAGE}`, exitCode: 1 };
  const text = readFile(file);
  if (text === undefined) return { stdout: "", stderr: `Can't open ${file}: No such file or directory\n`, exitCode: 1 };
  const date = ctime(clock);
  const out: string[] = [`# Translated by iptables-restore-translate v${VERSION} on ${date}`];
  let table: TableName | undefined;
  for (const raw of text.split("\n").slice(0, 100_000)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line === "COMMIT") continue;
    if (line.startsWith("*")) {
      const name = line.slice(1);
      if (!(name in TABLE_HOOKS)) {
        table = undefined;
        continue;
      }
      table = name as TableName;
      out.push(`add table ip ${table}`);
      continue;
    }
    if (!table) continue;
    if (line.startsWith(":")) {
      const [name = "", policy = "-"] = line.slice(1).split(/\s+/);
      const builtin = (TABLE_HOOKS[table] as readonly string[]).includes(name) && policy !== "-";
      out.push(`add chain ip ${table} ${name}${builtin ? " " + baseChain(table, name, policy) : ""}`);
      continue;
    }
    const words = splitRestoreLine(raw + "\n").filter((w) => !/^\[\d+:\d+\]$/.test(w));
    const p = parseArgs(["-t", table, ...words], { prog: "iptables-restore-translate" });
    if ("ok" in p || (p.cmd !== "A" && p.cmd !== "I")) continue;
    const r = p.parser.finish({ ...(p.chain !== undefined ? { chain: p.chain } : {}), table });
    if (!r.ok) continue;
    for (const rule of r.rules) {
      const body = translateRuleBody(rule);
      out.push(
        body === undefined
          ? `# ${words.join(" ")}`
          : `${p.cmd === "A" ? "add" : "insert"} rule ip ${table} ${p.chain} ${body}`,
      );
    }
  }
  out.push(`# Completed on ${date}`);
  return { stdout: out.map((l) => l + "\n").join(""), stderr: "", exitCode: 0 };
}
