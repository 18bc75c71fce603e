/**
 * dockerd's firewall programming, run against the host's tables through the
 * netfilter module's own `runIptables`, exactly as dockerd shells out to iptables.
 * Which rules, in which order, is the engine profile's (engine/v26.ts). Rules are
 * ensured (`-C` first) so that a daemon restart never duplicates them.
 */
import { getNetns, updateNetns } from "../kernel/netns.ts";
import { runIptablesCall } from "../netfilter/iptables-cli.ts";
import { createNetfilter } from "../netfilter/state.ts";
import type { NetfilterState, Table } from "../netfilter/types.ts";
import { IP6_LOOPBACK_MARK, type FirewallOp, type IptablesCall } from "./engine/profile-firewall.ts";
import type { DockerState, DockerWorld } from "./types.ts";
import { profileOf } from "./engine/index.ts";

/** `-t T -A|-I CHAIN spec…` → `-t T -C CHAIN spec…`. */
function checkOf(call: IptablesCall): IptablesCall {
  return call.map((a, i) => (i === 2 && (a === "-A" || a === "-I") ? "-C" : a));
}

function deleteOf(call: IptablesCall): IptablesCall {
  return call.map((a, i) => (i === 2 && (a === "-A" || a === "-I") ? "-D" : a));
}

function run(nf: NetfilterState, argv: IptablesCall, prog?: string): [NetfilterState, number] {
  const r = runIptablesCall(nf, argv, prog);
  return r.exitCode === 0 ? [r.nf, 0] : [nf, r.exitCode];
}

/** Adds each rule that is not there yet (`-N` only when the chain is missing). */
function ensureRules(nf: NetfilterState, calls: readonly IptablesCall[], prog?: string): NetfilterState {
  let n = nf;
  for (const call of calls) {
    if (call[2] === "-N" || call[2] === "-P" || call[2] === "-F" || call[2] === "-X") {
      [n] = run(n, call, prog);
      continue;
    }
    const [, exists] = run(n, checkOf(call), prog);
    if (exists !== 0) [n] = run(n, call, prog);
  }
  return n;
}

/** Deletes each rule that is there (a missing one is not an error, as dockerd ignores it). */
function deleteRules(nf: NetfilterState, calls: readonly IptablesCall[], prog?: string): NetfilterState {
  let n = nf;
  for (const call of calls) [n] = run(n, deleteOf(call), prog);
  return n;
}

/** Re-inserts a jump at the top of `from` (iptables.EnsureJumpRule). */
function ensureJumpFirst(nf: NetfilterState, chain: string, from = "FORWARD"): NetfilterState {
  let n = nf;
  let guard = 0;
  for (;;) {
    const [next, code] = run(n, ["-t", "filter", "-D", from, "-j", chain]);
    if (code !== 0 || ++guard > 8) break;
    n = next;
  }
  return run(n, ["-t", "filter", "-I", from, "-j", chain])[0];
}

/** Runs a profile's firewall steps in order on a netfilter state (the host's). */
export function applyFirewallTo(nf: NetfilterState, ops: readonly FirewallOp[], prog?: string): NetfilterState {
  let n = nf;
  for (const o of ops) {
    if (o.op === "ensure") n = ensureRules(n, o.calls, prog);
    else if (o.op === "delete") n = deleteRules(n, o.calls, prog);
    else n = ensureJumpFirst(n, o.chain, o.from);
  }
  return n;
}

/** Runs a profile's firewall steps in order on the host's tables. */
export function applyFirewall<W extends DockerWorld>(world: W, ops: readonly FirewallOp[]): W {
  const host = getNetns(world, "host");
  if (!host || ops.length === 0) return world;
  const nf = applyFirewallTo(host.netfilter, ops);
  return nf === host.netfilter ? world : updateNetns(world, "host", (ns) => ({ ...ns, netfilter: nf }));
}

/**
 * The daemon's IPv6 tables (ip6tables, Docker 27+), made once: their chains and jumps
 * as ip6tables writes them, `::1` where the calls held its IPv4 stand-in. nf_tables
 * numbers them after the IPv4 tables the daemon made first, so the next IPv4 table
 * (raw, at the first container) is numbered after them.
 */
export function applyIp6Firewall<W extends DockerWorld>(world: W, ops: readonly FirewallOp[]): W {
  const host = getNetns(world, "host");
  if (!host || ops.length === 0 || host.netfilter6?.nat.chains.some((c) => c.name === "DOCKER")) return world;
  const six = applyFirewallTo(createNetfilter(), ops);
  const swap = (t: Table): Table => ({
    ...t,
    chains: t.chains.map((c) => ({
      ...c,
      rules: c.rules.map((r) =>
        r.dst?.value === IP6_LOOPBACK_MARK ? { ...r, dst: { value: "::1/128", negated: r.dst.negated } } : r,
      ),
    })),
  });
  const ip = host.netfilter;
  const floor = Math.max(0, ...Object.values(ip).map((t: Table) => Math.max(t.handle ?? 0, t.handleFloor ?? 0)));
  let next = floor;
  const tables = { ...six };
  for (const name of ["nat", "filter", "mangle", "raw"] as const) {
    const t = six[name];
    if (t.handle !== undefined) tables[name] = swap({ ...t, handle: ++next });
  }
  const raised = Object.fromEntries(
    Object.entries(ip).map(([n, t]: [string, Table]) => [n, { ...t, handleFloor: next }]),
  ) as unknown as NetfilterState;
  return updateNetns(world, "host", (ns) => ({ ...ns, netfilter: raised, netfilter6: tables }));
}

/**
 * The rules an engine that writes IPv6 rules (28) makes for an `--ipv6` network's IPv6
 * side: the profile's IPv4 calls for the IPv6 subnet and address, spelt as ip6tables
 * takes them (`/128` hosts, `[addr]:port`), and a DNAT that leaves link-local sources alone.
 */
export function ip6Ops(ops: readonly FirewallOp[], ip6?: string, linkLocalGuard = true): FirewallOp[] {
  const spell = (call: IptablesCall): IptablesCall => {
    const out = call.map((a, i) => {
      if (ip6 !== undefined && a === `${ip6}/32`) return `${ip6}/128`;
      // The OUTPUT jump's loopback exception (26 ensures it with each network).
      if (a === "127.0.0.0/8") return "::1/128";
      if (ip6 !== undefined && call[i - 1] === "--to-destination" && a.startsWith(`${ip6}:`))
        return `[${ip6}]:${a.slice(ip6.length + 1)}`;
      return a;
    });
    return linkLocalGuard && out.includes("DNAT") ? [...out.slice(0, 4), "!", "-s", "fe80::/10", ...out.slice(4)] : out;
  };
  return ops.map((o) => (o.op === "jumpFirst" ? o : { ...o, calls: o.calls.map(spell) }));
}

/** Runs firewall steps on the host's IPv6 tables (made at the daemon's start), as ip6tables. */
export function applyFirewall6<W extends DockerWorld>(world: W, ops: readonly FirewallOp[]): W {
  const host = getNetns(world, "host");
  if (!host?.netfilter6 || ops.length === 0) return world;
  const nf = applyFirewallTo(host.netfilter6, ops, "ip6tables");
  return updateNetns(world, "host", (ns) => ({ ...ns, netfilter6: nf }));
}

/**
 * Whether dockerd writes the ip6 tables: 28 unless daemon.json turns `ip6tables` off; 26
 * only with `ip6tables` and `experimental` both on (the oracle: bk04).
 */
export function writesIp6(docker: DockerState): boolean {
  return profileOf(docker).firewall.ip6Rules
    ? docker.config.ip6tables !== false
    : docker.config.ip6tables === true && docker.config.experimental === true;
}
