/**
 * `iptables-legacy`, `iptables-legacy-save`, `iptables-legacy-restore` and
 * `ip6tables-legacy`: the x_tables side of a host whose iptables is iptables-nft.
 * Its tables are empty until written; the kernel loads a table the first time any
 * command names it (even a listing), and `-save` prints the loaded ones, newest
 * first. What is written there is kept and shown, but the lab's packets pass
 * nf_tables' tables only (README: Fidelity).
 */
import { getNetns, updateNetns } from "../../../kernel/netns.ts";
import { runIptables } from "../../../netfilter/iptables-cli.ts";
import { runIptablesRestore, saveTable } from "../../../netfilter/iptables-save.ts";
import { createNetfilter } from "../../../netfilter/state.ts";
import type { NetfilterState, TableName } from "../../../netfilter/types.ts";
import type { Command, CommandContext, CommandResult } from "../../command.ts";
import { notFoundText } from "../../machine.ts";
import { LEGACY_HELP, LEGACY_RESTORE_HELP } from "./texts.ts";

const TABLES: readonly TableName[] = ["raw", "mangle", "nat", "filter"];

function legacyWords(text: string): string {
  return text
    .replace(
      /^iptables v1\.8\.9 \(nf_tables\): chain `[^']*' in table `[^']*' is incompatible, use 'nft' tool\.\n/m,
      "iptables: No chain/target/match by that name.\n",
    )
    .replace(/v1\.8\.9 \(nf_tables\)/g, "v1.8.9 (legacy)")
    .replace(
      /table '([^']*)' does not exist\n/,
      "can't initialize iptables table `$1': Table does not exist (do you need to insmod?)\n",
    );
}

/** The table a command line names (`-t nat`, `--table=nat`, `-tnat`), filter when none. */
function tableOf(argv: readonly string[]): string {
  let t = "filter";
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if ((a === "-t" || a === "--table") && argv[i + 1] !== undefined) t = argv[++i]!;
    else if (a.startsWith("--table=")) t = a.slice(8);
    else if (/^-t./.test(a)) t = a.slice(2);
  }
  return t;
}

/** Marks a table loaded (its `handle` is the order of loading). */
function load(nf: NetfilterState, name: string): NetfilterState {
  if (!(TABLES as readonly string[]).includes(name)) return nf;
  const t = nf[name as TableName];
  if (t.inUse && t.handle !== undefined) return nf;
  const seq = 1 + Math.max(0, ...TABLES.map((n) => nf[n].handle ?? 0));
  return { ...nf, [name]: { ...t, inUse: true, handle: seq } };
}

function withLegacy(
  ctx: CommandContext,
  name: string,
  fn: (nf: NetfilterState) => { nf?: NetfilterState; stdout: string; stderr: string; exitCode: number },
  field: "legacyNetfilter" | "legacyNetfilter6" = "legacyNetfilter",
): CommandResult {
  const ns = getNetns(ctx.world, ctx.session.machine);
  if (!ns)
    return { world: ctx.world, stdout: "", stderr: notFoundText(ctx.session.shell ?? "bash", name), exitCode: 127 };
  const before = ns[field] ?? createNetfilter();
  const r = fn(before);
  const next = r.nf ?? before;
  const unchanged = next === ns[field] || (r.nf === undefined && ns[field] === undefined);
  const world = unchanged ? ctx.world : updateNetns(ctx.world, ns.id, (n) => ({ ...n, [field]: next }));
  return { world, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

export const iptablesLegacy: Command = (argv, ctx) =>
  withLegacy(ctx, argv[0] ?? "iptables-legacy", (nf) => {
    const args = argv.slice(1);
    if (args.includes("-h") || args.includes("--help")) return { stdout: LEGACY_HELP, stderr: "", exitCode: 0 };
    const r = runIptables(nf, args);
    // Any command that reached the kernel has loaded its table, listing included (not -V).
    const version = args.some((a) => a === "-V" || a === "--version");
    const reached = !version && (r.exitCode === 0 || r.exitCode === 1);
    return {
      nf: reached ? load(r.nf, tableOf(args)) : r.nf,
      stdout: legacyWords(r.stdout),
      stderr: legacyWords(r.stderr),
      exitCode: r.exitCode,
    };
  });

/** `iptables-legacy-save`, and `ip6tables-legacy-save` over the IPv6 tables (which only a listing loads here). */
function legacySave(argv: readonly string[], ctx: CommandContext, six: boolean): CommandResult {
  const prog = six ? "ip6tables-save" : "iptables-save";
  return withLegacy(
    ctx,
    argv[0] ?? `${six ? "ip6" : "ip"}tables-legacy-save`,
    (nf) => {
      const args = argv.slice(1);
      const counters = args.includes("-c") || args.includes("--counters");
      const only = args.some((a) => a === "-t" || a === "--table" || a.startsWith("--table="))
        ? tableOf(args)
        : undefined;
      if (only !== undefined && !(TABLES as readonly string[]).includes(only))
        return {
          stdout: "",
          stderr: `${prog} v1.8.9 (legacy): Cannot initialize: Table does not exist (do you need to insmod?)\n`,
          exitCode: 1,
        };
      const loaded = only !== undefined ? load(nf, only) : nf;
      const tables = TABLES.filter((t) => loaded[t].inUse && (only === undefined || t === only)).sort(
        (a, b) => (loaded[b].handle ?? 0) - (loaded[a].handle ?? 0),
      );
      const saved = tables.map((t) => saveTable(loaded, t, ctx.world.clock, counters)).join("");
      const stdout = six ? saved.replace(/^# (Generated by) iptables-save/gm, "# $1 ip6tables-save") : saved;
      return { nf: loaded, stdout, stderr: "", exitCode: 0 };
    },
    six ? "legacyNetfilter6" : "legacyNetfilter",
  );
}

export const iptablesLegacySave: Command = (argv, ctx) => legacySave(argv, ctx, false);

export const ip6tablesLegacySave: Command = (argv, ctx) => legacySave(argv, ctx, true);

export const iptablesLegacyRestore: Command = (argv, ctx) =>
  withLegacy(ctx, argv[0] ?? "iptables-legacy-restore", (nf) => {
    const args = argv.slice(1);
    if (args.includes("-h") || args.includes("--help")) return { stdout: LEGACY_RESTORE_HELP, stderr: "", exitCode: 0 };
    const r = runIptablesRestore(nf, args, ctx.stdin, () => undefined);
    let out = r.nf;
    if (r.exitCode === 0) for (const t of TABLES) if (r.nf[t] !== nf[t] || r.nf[t].inUse) out = load(out, t);
    return { nf: out, stdout: legacyWords(r.stdout), stderr: legacyWords(r.stderr), exitCode: r.exitCode };
  });

/** ip6tables-legacy: the lab is IPv4 only, so its tables stay empty; naming one loads it all the same. */
export const ip6tablesLegacy: Command = (argv, ctx) => {
  const args = argv.slice(1);
  const r = runIptables(createNetfilter(), args);
  const six = (s: string) => legacyWords(s).replace(/\biptables\b/g, "ip6tables");
  const ns = getNetns(ctx.world, ctx.session.machine);
  const version = args.some((a) => a === "-V" || a === "--version");
  const reached = !version && (r.exitCode === 0 || r.exitCode === 1);
  const world =
    ns && reached
      ? updateNetns(ctx.world, ns.id, (n) => ({
          ...n,
          legacyNetfilter6: load(n.legacyNetfilter6 ?? createNetfilter(), tableOf(args)),
        }))
      : ctx.world;
  return { world, stdout: six(r.stdout), stderr: six(r.stderr), exitCode: r.exitCode };
};
