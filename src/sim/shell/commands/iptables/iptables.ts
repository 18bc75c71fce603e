/**
 * The shell's iptables family: `iptables`, `iptables-save`, `iptables-restore`
 * (and their `-nft` names), plus `ip6tables*` on the namespace's IPv6 tables.
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
  fn: (nf: NetfilterState) => {
    nf?: NetfilterState;
    stdout: string;
    stderr: string;
    exitCode: number;
    output?: CommandResult["output"];
  },
  six = false,
): CommandResult {
  const ns = getNetns(ctx.world, ctx.session.machine);
  if (!ns) return notFound(ctx, argv[0] ?? "iptables");
  const before = six ? (ns.netfilter6 ?? createNetfilter()) : ns.netfilter;
  const r = fn(before);
  const key = six ? "netfilter6" : "netfilter";
  const world = r.nf && r.nf !== before ? updateNetns(ctx.world, ns.id, (n) => ({ ...n, [key]: r.nf! })) : ctx.world;
  return { world, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, ...(r.output ? { output: r.output } : {}) };
}

/** Whether iptables-legacy (ip6tables-legacy) has loaded any x_tables table here: iptables-nft then warns. */
function legacyPresent(ctx: CommandContext, six = false): boolean {
  const ns = getNetns(ctx.world, ctx.session.machine);
  const legacy = six ? ns?.legacyNetfilter6 : ns?.legacyNetfilter;
  return !!legacy && Object.values(legacy).some((t) => t.inUse);
}

/** The warning first, then what the listing printed (iptables-nft says it before it reads the tables). */
function warnFirst<R extends { stdout: string; stderr: string }>(
  r: R,
  warning: string,
): R & { output: CommandResult["output"] } {
  return {
    ...r,
    stderr: warning + r.stderr,
    output: [
      { stream: "stderr" as const, text: warning },
      { stream: "stdout" as const, text: r.stdout },
      ...(r.stderr ? [{ stream: "stderr" as const, text: r.stderr }] : []),
    ],
  };
}

function isListing(args: readonly string[]): boolean {
  return args.some((a) => LISTING.has(a) || /^-[a-zA-Z]*[LS]/.test(a));
}

const LISTING = new Set(["-L", "--list", "-S", "--list-rules"]);

export const iptables: Command = (argv, ctx) =>
  withNetfilter(argv, ctx, (nf) => {
    const ns = getNetns(ctx.world, ctx.session.machine);
    const resolve = (name: string) => (ns && Object.hasOwn(ns.hosts, name) ? ns.hosts[name] : undefined);
    const r = runIptables(nf, argv.slice(1), { resolve });
    if (r.exitCode !== 0 || !isListing(argv.slice(1)) || !legacyPresent(ctx)) return r;
    return warnFirst(r, "# Warning: iptables-legacy tables present, use iptables-legacy to see them\n");
  });

export const iptablesSave: Command = (argv, ctx) => {
  const ns = getNetns(ctx.world, ctx.session.machine);
  if (!ns) return notFound(ctx, argv[0] ?? "iptables-save");
  const saved = runIptablesSave(ns.netfilter, argv.slice(1), ctx.world.clock);
  const warning = "# Warning: iptables-legacy tables present, use iptables-legacy-save to see them\n";
  const warn = saved.exitCode === 0 && legacyPresent(ctx);
  const r = warn ? { ...saved, stderr: warning + saved.stderr } : saved;
  // -f FILE: the same text, written where the user asked.
  const world = r.file ? writeFile(ctx.world, ns.id, absolute(r.file.path), r.file.content) : ctx.world;
  const output = warn
    ? {
        output: [
          { stream: "stderr" as const, text: warning },
          { stream: "stdout" as const, text: r.stdout },
        ],
      }
    : {};
  return { world, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, ...output };
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
 * The lab moves IPv4 only: the IPv6 tables hold what dockerd wrote there (28's chains,
 * nothing on 26) and what the user adds, and filter nothing. The shared parser reads
 * IPv6 addresses and ip6tables' own extensions for `ip6tables`; listings print IPv6's
 * any-address.
 */
function ip6(text: string): string {
  return (
    text
      .replace(/\biptables\b/g, "ip6tables")
      .replace(/0\.0\.0\.0\/0( *)/g, (_m, pad: string) => "::/0" + pad + " ".repeat(pad.length > 0 ? 5 : 0))
      // -L prints a host address without its prefix, as IPv4's /32 (-S rules keep it).
      .replace(/^(?!-).*$/gm, (line) =>
        line.replace(/([0-9a-f:]*:[0-9a-f:]*)\/128( +)/g, (_m, a: string, pad: string) => a + pad + "    "),
      )
  );
}

export const ip6tables: Command = (argv, ctx) =>
  withNetfilter(
    argv,
    ctx,
    (nf6) => {
      const r = runIptables(nf6, argv.slice(1), { prog: "ip6tables" });
      const shown = { nf: r.nf, stdout: ip6(r.stdout), stderr: ip6(r.stderr), exitCode: r.exitCode };
      if (r.exitCode !== 0 || !isListing(argv.slice(1)) || !legacyPresent(ctx, true)) return shown;
      return warnFirst(shown, "# Warning: ip6tables-legacy tables present, use ip6tables-legacy to see them\n");
    },
    true,
  );

export const ip6tablesSave: Command = (argv, ctx) => {
  const ns = getNetns(ctx.world, ctx.session.machine);
  if (!ns) return notFound(ctx, argv[0] ?? "ip6tables-save");
  const r = runIptablesSave(ns.netfilter6 ?? createNetfilter(), argv.slice(1), ctx.world.clock);
  // -f FILE: the same text, written where the user asked.
  const world = r.file ? writeFile(ctx.world, ns.id, absolute(r.file.path), ip6(r.file.content)) : ctx.world;
  return { world, stdout: ip6(r.stdout), stderr: ip6(r.stderr), exitCode: r.exitCode };
};

export const ip6tablesRestore: Command = (argv, ctx) =>
  withNetfilter(
    argv,
    ctx,
    (nf6) => {
      const read = (path: string) => readFile(ctx.world, ctx.session.machine, absolute(path));
      const r = runIptablesRestore(nf6, argv.slice(1), ctx.stdin, read, "ip6tables-restore");
      return { nf: r.nf, stdout: ip6(r.stdout), stderr: ip6(r.stderr), exitCode: r.exitCode };
    },
    true,
  );
