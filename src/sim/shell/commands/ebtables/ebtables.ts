/**
 * `ebtables` and `arptables` (the nf_tables builds of Debian 12's iptables package):
 * the lab's host has no bridge or ARP filtering rules, so both list their tables'
 * built-in chains, empty, with policy ACCEPT. Writing rules is not modelled: those
 * command lines get the tool's own usage error.
 */
import { ARPTABLES_HELP, EBTABLES_HELP } from "../iptables-legacy/texts.ts";
import type { Command, CommandResult } from "../../command.ts";

const EB_TABLES: Readonly<Record<string, readonly string[]>> = {
  filter: ["INPUT", "FORWARD", "OUTPUT"],
  nat: ["PREROUTING", "OUTPUT", "POSTROUTING"],
};

const EB_VERSION = "v1.8.9 (nf_tables)";

export const ebtables: Command = (argv, ctx) => {
  const res = (stdout: string, stderr = "", exitCode = 0): CommandResult => ({
    world: ctx.world,
    stdout,
    stderr,
    exitCode,
  });
  const usage = (what: string) =>
    res("", `ebtables ${EB_VERSION}: ${what}\nTry \`ebtables -h' or 'ebtables --help' for more information.\n`, 2);
  const args = argv.slice(1);
  if (args.length === 0 || args.includes("-h") || args.includes("--help")) return res(EBTABLES_HELP);
  if (args.includes("-V") || args.includes("--version")) return res(`ebtables 1.8.9 (nf_tables)\n`);
  let table = "filter";
  let list = false;
  let chain: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-t" || a === "--table") table = args[++i] ?? "";
    else if (a === "-L" || a === "--list") {
      list = true;
      if (args[i + 1] !== undefined && !args[i + 1]!.startsWith("-")) chain = args[++i];
    } else if (["--Lc", "--Ln", "--Lx", "--Lmac2"].includes(a)) continue;
    else return usage(`Unknown argument: '${a.startsWith("-") ? "(null)" : a}'`);
  }
  const chains = EB_TABLES[table];
  if (!chains)
    return res(
      "",
      `ebtables ${EB_VERSION}: table '${table}' does not exist\nPerhaps ebtables or your kernel needs to be upgraded.\n`,
      3,
    );
  if (!list) return usage("Unknown argument: '(null)'");
  const shown = chain === undefined ? chains : chains.filter((c) => c === chain);
  if (shown.length === 0) return res("", `ebtables ${EB_VERSION}: Chain '${chain}' doesn't exist.\n`, 1);
  return res(
    `Bridge table: ${table}\n${shown.map((c) => `\nBridge chain: ${c}, entries: 0, policy: ACCEPT\n`).join("")}`,
  );
};

export const arptables: Command = (argv, ctx) => {
  const res = (stdout: string, stderr = "", exitCode = 0): CommandResult => ({
    world: ctx.world,
    stdout,
    stderr,
    exitCode,
  });
  const args = argv.slice(1);
  if (args.includes("-h") || args.includes("--help")) return res(ARPTABLES_HELP);
  if (args.includes("-V") || args.includes("--version")) return res(`arptables ${EB_VERSION}\n`);
  const verbose = args.includes("-v") || args.includes("--verbose");
  const li = args.findIndex((a) => a === "-L" || a === "--list");
  if (args.includes("-S") || args.includes("--list-rules")) return res("-P INPUT ACCEPT\n-P OUTPUT ACCEPT\n");
  if (li < 0)
    return res(
      "",
      `arptables ${EB_VERSION}: no command specified\nTry \`arptables -h' or 'arptables --help' for more information.\n`,
      2,
    );
  const next = args[li + 1];
  const chain = next !== undefined && !next.startsWith("-") ? next : undefined;
  const all = ["INPUT", "OUTPUT"];
  const shown = chain === undefined ? all : all.filter((c) => c === chain);
  if (shown.length === 0) return res("", "arptables: No chain/target/match by that name.\n", 1);
  const policy = verbose ? "policy ACCEPT 0 packets, 0 bytes" : "policy ACCEPT";
  return res(shown.map((c) => `Chain ${c} (${policy})\n`).join("\n"));
};
