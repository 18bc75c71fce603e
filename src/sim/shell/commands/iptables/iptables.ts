/**
 * The shell's iptables family: `iptables`, `iptables-save`, `iptables-restore`
 * (and their `-nft` names), plus `ip6tables*` answering for empty IPv6 tables.
 * Each acts on the netns the terminal is attached to (which machines have iptables
 * installed is machines/ data: containers do not).
 */
import { readFile, writeFile } from "../../../kernel/files.ts";
import { getNetns, updateNetns } from "../../../kernel/netns.ts";
import { runIptables } from "../../../netfilter/iptables-cli.ts";
import { runIptablesRestore, runIptablesSave } from "../../../netfilter/iptables-save.ts";
import { createNetfilter } from "../../../netfilter/state.ts";
import type { NetfilterState } from "../../../netfilter/types.ts";
import type { Command, CommandContext, CommandResult } from "../../command.ts";
import { notFoundText } from "../../machine.ts";

/** A terminal on a machine that has no namespace left (a container gone) finds nothing. */
function notFound(ctx: CommandContext, name: string): CommandResult {
  return { world: ctx.world, stdout: "", stderr: notFoundText(ctx.session.shell ?? "bash", name), exitCode: 127 };
}

function withNetfilter(
  argv: readonly string[],
  ctx: CommandContext,
  fn: (nf: NetfilterState) => { nf?: NetfilterState; stdout: string; stderr: string; exitCode: number },
): CommandResult {
  const ns = getNetns(ctx.world, ctx.session.machine);
  if (!ns) return notFound(ctx, argv[0] ?? "iptables");
  const r = fn(ns.netfilter);
  const world =
    r.nf && r.nf !== ns.netfilter ? updateNetns(ctx.world, ns.id, (n) => ({ ...n, netfilter: r.nf! })) : ctx.world;
  return { world, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}

/** Whether iptables-legacy has loaded any x_tables table in this namespace (iptables-nft then warns). */
function legacyPresent(ctx: CommandContext): boolean {
  const legacy = getNetns(ctx.world, ctx.session.machine)?.legacyNetfilter;
  return !!legacy && Object.values(legacy).some((t) => t.inUse);
}

const LISTING = new Set(["-L", "--list", "-S", "--list-rules"]);

export const iptables: Command = (argv, ctx) =>
  withNetfilter(argv, ctx, (nf) => {
    const ns = getNetns(ctx.world, ctx.session.machine);
    const resolve = (name: string) => (ns && Object.hasOwn(ns.hosts, name) ? ns.hosts[name] : undefined);
    const r = runIptables(nf, argv.slice(1), { resolve });
    if (r.exitCode !== 0 || !argv.slice(1).some((a) => LISTING.has(a) || /^-[a-zA-Z]*[LS]/.test(a)) || !legacyPresent(ctx))
      return r;
    return { ...r, stderr: "# Warning: iptables-legacy tables present, use iptables-legacy to see them\n" + r.stderr };
  });

export const iptablesSave: Command = (argv, ctx) => {
  const ns = getNetns(ctx.world, ctx.session.machine);
  if (!ns) return notFound(ctx, argv[0] ?? "iptables-save");
  const saved = runIptablesSave(ns.netfilter, argv.slice(1), ctx.world.clock);
  const r =
    saved.exitCode === 0 && legacyPresent(ctx)
      ? { ...saved, stderr: "# Warning: iptables-legacy tables present, use iptables-legacy-save to see them\n" + saved.stderr }
      : saved;
  // -f FILE: the same text, written where the user asked.
  const world = r.file ? writeFile(ctx.world, ns.id, absolute(r.file.path), r.file.content) : ctx.world;
  return { world, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
};

/** Paths are relative to root's home, where every lab terminal starts. */
function absolute(path: string): string {
  return path.startsWith("/") ? path : `/root/${path}`;
}

export const iptablesRestore: Command = (argv, ctx) =>
  withNetfilter(argv, ctx, (nf) =>
    runIptablesRestore(nf, argv.slice(1), ctx.stdin, (path) =>
      readFile(ctx.world, ctx.session.machine, absolute(path)),
    ),
  );

/**
 * The lab is IPv4 only and Docker 26 leaves ip6tables alone, so IPv6 tables are
 * always empty: listings show the built-in chains; writes are accepted but not kept.
 */
function ip6(text: string): string {
  return text.replace(/\biptables\b/g, "ip6tables");
}

export const ip6tables: Command = (argv, ctx) =>
  withNetfilter(argv, ctx, () => {
    const r = runIptables(createNetfilter(), argv.slice(1));
    return { stdout: ip6(r.stdout), stderr: ip6(r.stderr), exitCode: r.exitCode };
  });

export const ip6tablesSave: Command = (argv, ctx) =>
  withNetfilter(argv, ctx, () => {
    const r = runIptablesSave(createNetfilter(), argv.slice(1), ctx.world.clock);
    return { stdout: ip6(r.stdout), stderr: ip6(r.stderr), exitCode: r.exitCode };
  });

/** Reads and discards its input: the IPv6 tables stay empty. */
export const ip6tablesRestore: Command = (argv, ctx) =>
  withNetfilter(argv, ctx, () => ({ stdout: "", stderr: "", exitCode: 0 }));
