/**
 * dockerd's firewall programming, run against the host's tables through the
 * netfilter module's own `runIptables`, exactly as dockerd shells out to iptables.
 * Which rules, in which order, is the engine profile's (engine/v26.ts). Rules are
 * ensured (`-C` first) so that a daemon restart never duplicates them.
 */
import { getNetns, updateNetns } from "../kernel/netns.ts";
import { runIptables } from "../netfilter/iptables-cli.ts";
import type { FirewallOp, IptablesCall } from "./engine/profile.ts";
import type { DockerWorld } from "./types.ts";

/** `-t T -A|-I CHAIN spec…` → `-t T -C CHAIN spec…`. */
function checkOf(call: IptablesCall): IptablesCall {
  return call.map((a, i) => (i === 2 && (a === "-A" || a === "-I") ? "-C" : a));
}

function deleteOf(call: IptablesCall): IptablesCall {
  return call.map((a, i) => (i === 2 && (a === "-A" || a === "-I") ? "-D" : a));
}

function run<W extends DockerWorld>(world: W, argv: IptablesCall): [W, number] {
  const ns = getNetns(world, "host");
  if (!ns) return [world, 1];
  const r = runIptables(ns.netfilter, argv);
  if (r.exitCode !== 0) return [world, r.exitCode];
  return [updateNetns(world, "host", (n) => ({ ...n, netfilter: r.nf })), 0];
}

/** Adds each rule that is not there yet (`-N` only when the chain is missing). */
export function ensureRules<W extends DockerWorld>(world: W, calls: readonly IptablesCall[]): W {
  let w = world;
  for (const call of calls) {
    if (call[2] === "-N" || call[2] === "-P" || call[2] === "-F" || call[2] === "-X") {
      [w] = run(w, call);
      continue;
    }
    const [, exists] = run(w, checkOf(call));
    if (exists !== 0) [w] = run(w, call);
  }
  return w;
}

/** Deletes each rule that is there (a missing one is not an error, as dockerd ignores it). */
export function deleteRules<W extends DockerWorld>(world: W, calls: readonly IptablesCall[]): W {
  let w = world;
  for (const call of calls) [w] = run(w, deleteOf(call));
  return w;
}

/** Re-inserts a jump at the top of `from` (iptables.EnsureJumpRule). */
export function ensureJumpFirst<W extends DockerWorld>(world: W, chain: string, from = "FORWARD"): W {
  let w = world;
  let guard = 0;
  for (;;) {
    const [next, code] = run(w, ["-t", "filter", "-D", from, "-j", chain]);
    if (code !== 0 || ++guard > 8) break;
    w = next;
  }
  return run(w, ["-t", "filter", "-I", from, "-j", chain])[0];
}

/** Runs a profile's firewall steps in order. */
export function applyFirewall<W extends DockerWorld>(world: W, ops: readonly FirewallOp[]): W {
  let w = world;
  for (const o of ops) {
    if (o.op === "ensure") w = ensureRules(w, o.calls);
    else if (o.op === "delete") w = deleteRules(w, o.calls);
    else w = ensureJumpFirst(w, o.chain, o.from);
  }
  return w;
}
