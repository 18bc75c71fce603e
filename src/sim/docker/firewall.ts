/**
 * The iptables rules dockerd 26 writes, as the argv it passes to iptables, in the
 * order it passes them (libnetwork/drivers/bridge/setup_ip_tables_linux.go,
 * libnetwork/iptables). They are applied to the host's tables through the
 * netfilter module's own `runIptables`, exactly as dockerd shells out to iptables.
 * Rules are ensured (`-C` first) so that a daemon restart never duplicates them.
 */
import { getNetns, updateNetns } from "../kernel/netns.ts";
import { runIptables } from "../netfilter/iptables-cli.ts";
import type { DockerWorld, PortBinding } from "./types.ts";

export type IptablesCall = readonly string[];

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
    if (call[2] === "-N" || call[2] === "-P" || call[2] === "-F") {
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

/** Re-inserts a jump at the top of FORWARD (iptables.EnsureJumpRule). */
export function ensureJumpFirst<W extends DockerWorld>(world: W, chain: string): W {
  let w = world;
  let guard = 0;
  for (;;) {
    const [next, code] = run(w, ["-t", "filter", "-D", "FORWARD", "-j", chain]);
    if (code !== 0 || ++guard > 8) break;
    w = next;
  }
  return run(w, ["-t", "filter", "-I", "FORWARD", "-j", chain])[0];
}

/** The chains and jumps dockerd sets up once, before any network. */
export function globalChains(hairpin: boolean): IptablesCall[] {
  const output = hairpin
    ? ["-t", "nat", "-A", "OUTPUT", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "DOCKER"]
    : ["-t", "nat", "-A", "OUTPUT", "!", "-d", "127.0.0.0/8", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "DOCKER"];
  return [
    ["-t", "nat", "-N", "DOCKER"],
    ["-t", "filter", "-N", "DOCKER"],
    ["-t", "filter", "-N", "DOCKER-ISOLATION-STAGE-1"],
    ["-t", "filter", "-N", "DOCKER-ISOLATION-STAGE-2"],
    ["-t", "nat", "-A", "PREROUTING", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "DOCKER"],
    output,
    ["-t", "filter", "-A", "DOCKER-ISOLATION-STAGE-1", "-j", "RETURN"],
    ["-t", "filter", "-A", "DOCKER-ISOLATION-STAGE-2", "-j", "RETURN"],
  ];
}

/** The OUTPUT jump of the other proxy mode, which a restart with a changed setting removes. */
export function staleOutputJump(hairpin: boolean): IptablesCall {
  return globalChains(!hairpin)[5]!;
}

/** An internal network (setupInternalNetworkRules): traffic may not leave its subnet; icc stays on. */
export function internalNetworkRules(bridge: string, subnet: string): IptablesCall[] {
  return [
    ["-t", "filter", "-I", "DOCKER-ISOLATION-STAGE-1", "-i", bridge, "!", "-d", subnet, "-j", "DROP"],
    ["-t", "filter", "-I", "DOCKER-ISOLATION-STAGE-1", "-o", bridge, "!", "-s", subnet, "-j", "DROP"],
    ["-t", "filter", "-I", "FORWARD", "-i", bridge, "-o", bridge, "-j", "ACCEPT"],
  ];
}

/** Per bridge network, inserted so that the newest network's rules come first. */
export function networkRules(bridge: string, subnet: string, hairpin: boolean): IptablesCall[] {
  const calls: IptablesCall[] = [
    ["-t", "nat", "-I", "POSTROUTING", "-s", subnet, "!", "-o", bridge, "-j", "MASQUERADE"],
  ];
  if (hairpin) {
    calls.push([
      "-t",
      "nat",
      "-I",
      "POSTROUTING",
      "-o",
      bridge,
      "-m",
      "addrtype",
      "--src-type",
      "LOCAL",
      "-j",
      "MASQUERADE",
    ]);
  } else {
    calls.push(["-t", "nat", "-I", "DOCKER", "-i", bridge, "-j", "RETURN"]);
  }
  calls.push(
    ["-t", "filter", "-I", "FORWARD", "-i", bridge, "-o", bridge, "-j", "ACCEPT"],
    ["-t", "filter", "-I", "FORWARD", "-i", bridge, "!", "-o", bridge, "-j", "ACCEPT"],
    ["-t", "filter", "-I", "FORWARD", "-o", bridge, "-j", "DOCKER"],
    [
      "-t",
      "filter",
      "-I",
      "FORWARD",
      "-o",
      bridge,
      "-m",
      "conntrack",
      "--ctstate",
      "RELATED,ESTABLISHED",
      "-j",
      "ACCEPT",
    ],
    [
      "-t",
      "filter",
      "-I",
      "DOCKER-ISOLATION-STAGE-1",
      "-i",
      bridge,
      "!",
      "-o",
      bridge,
      "-j",
      "DOCKER-ISOLATION-STAGE-2",
    ],
    ["-t", "filter", "-I", "DOCKER-ISOLATION-STAGE-2", "-o", bridge, "-j", "DROP"],
  );
  return calls;
}

/** The DOCKER-USER chain, added after the networks and kept first in FORWARD. */
export function userChain(): IptablesCall[] {
  return [
    ["-t", "filter", "-N", "DOCKER-USER"],
    ["-t", "filter", "-A", "DOCKER-USER", "-j", "RETURN"],
  ];
}

/** One published IPv4 binding: DNAT, the filter ACCEPT and the per-port MASQUERADE. */
export function portRules(bridge: string, containerIp: string, b: PortBinding, hairpin: boolean): IptablesCall[] {
  const p = b.proto;
  const dst = b.hostIp === "0.0.0.0" ? [] : ["-d", `${b.hostIp}/32`];
  const notIn = hairpin ? [] : ["!", "-i", bridge];
  return [
    [
      "-t",
      "nat",
      "-A",
      "DOCKER",
      ...dst,
      ...notIn,
      "-p",
      p,
      "-m",
      p,
      "--dport",
      String(b.hostPort),
      "-j",
      "DNAT",
      "--to-destination",
      `${containerIp}:${b.containerPort}`,
    ],
    [
      "-t",
      "filter",
      "-A",
      "DOCKER",
      "-d",
      `${containerIp}/32`,
      "!",
      "-i",
      bridge,
      "-o",
      bridge,
      "-p",
      p,
      "-m",
      p,
      "--dport",
      String(b.containerPort),
      "-j",
      "ACCEPT",
    ],
    [
      "-t",
      "nat",
      "-A",
      "POSTROUTING",
      "-s",
      `${containerIp}/32`,
      "-d",
      `${containerIp}/32`,
      "-p",
      p,
      "-m",
      p,
      "--dport",
      String(b.containerPort),
      "-j",
      "MASQUERADE",
    ],
  ];
}

/** Whether a binding gets iptables rules: IPv4 only, since ip6tables is off in Docker 26. */
export function hasIpv4Rules(b: PortBinding): boolean {
  return !b.hostIp.includes(":");
}
