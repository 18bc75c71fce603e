/**
 * The iptables rules dockerd writes for a bridge network, as its engine profile words
 * them: the network's view for the rules (IPv4 and IPv6 sides), and their programming
 * when the network comes up, loopback hairpinning included when the proxy is off.
 */
import { getNetns, updateNetns } from "../kernel/netns.ts";
import type { BridgeRules, FirewallOp, IptablesCall } from "./engine/profile-firewall.ts";
import { runIptablesCall } from "../netfilter/iptables-cli.ts";
import { profileOf } from "./engine/index.ts";
import { bridgeOptionsOf } from "./bridge-options.ts";
import { applyFirewall, applyFirewall6, ip6Ops, writesIp6 } from "./firewall.ts";
import type { DockerNetwork, DockerState, DockerWorld } from "./types.ts";

export function hairpinMode(docker: DockerState): boolean {
  return !docker.config.userlandProxy;
}

/** The network's iptables rules, then the jumps dockerd keeps first in FORWARD. */
export function programNetwork<W extends DockerWorld>(world: W, net: DockerNetwork, isolation6 = true): W {
  if (!world.docker.config.iptables || net.driver !== "bridge" || !net.bridge) return world;
  let w = world;
  if (hairpinMode(w.docker)) {
    // Without the proxy, 127.0.0.1:PORT is DNATed to the bridge: the kernel must route loopback sources there.
    const key = `net.ipv4.conf.${net.bridge}.route_localnet`;
    w = updateNetns(w, "host", (ns) => ({ ...ns, sysctl: { ...ns.sysctl, [key]: "1" } }));
  }
  const firewall = profileOf(w.docker).firewall;
  const rules = bridgeRulesOf(net, w.docker);
  if (rules) w = applyFirewall(w, firewall.networkAdded(rules, hairpinMode(w.docker)));
  const six = bridgeRules6Of(net, w.docker);
  if (!writesIp6(w.docker)) return w;
  if (!six) return isolation6 ? isolateNetwork6(w, net) : w;
  // Turning IPv6 forwarding on, dockerd sets ip6tables' FORWARD policy to DROP (and leaves it).
  const drop: FirewallOp = { op: "ensure", calls: [["-t", "filter", "-P", "FORWARD", "DROP"]] };
  return applyFirewall6(w, [drop, ...ip6Ops(firewall.networkAdded(six, hairpinMode(w.docker)))]);
}

/**
 * How dockerd words the failure of a network rule it cannot do without, or undefined for
 * one whose failure the lab lets pass. setupIPTablesInternal names its rule and wraps
 * RawCombinedOutput's error; ProgramChain (26's jump to DOCKER) hands on Raw's, without
 * the table it never names.
 */
function ruleFailure(call: IptablesCall, stderr: string, code: number): string | undefined {
  const [, table, , chain, ...rest] = call;
  const raw = (args: readonly string[]) =>
    `iptables failed: iptables --wait ${args.join(" ")}: ${stderr} (exit status ${code})`;
  const setup = (what: string) => `Failed to Setup IP tables: Unable to enable ${what} rule:  (${raw(call)})`;
  const tail = rest.join(" ");
  if (table === "nat" && chain === "DOCKER" && /^-i \S+ -j RETURN$/.test(tail)) return setup("SKIP DNAT");
  if (table === "filter" && chain === "DOCKER-FORWARD" && /^-i \S+ -j ACCEPT$/.test(tail))
    return setup("ACCEPT OUTGOING");
  if (table === "filter" && chain === "FORWARD" && /^-o \S+ -j DOCKER$/.test(tail))
    return `Failed to program FILTER chain: ${raw(call.slice(2))}`;
  return undefined;
}

/**
 * dockerd stops at the first network rule it cannot write. With Docker's chains gone (a
 * learner's restore, or `-F`/`-X` by hand), a new network fails there: what it wrote
 * before stays (26 and 28 differ in their order), and the network is not made (oracle:
 * dd06, dd12 on 26 and 28).
 */
export function networkSetupFailure<W extends DockerWorld>(
  world: W,
  net: DockerNetwork,
): { readonly world: W; readonly error: string } | undefined {
  const host = getNetns(world, "host");
  if (!world.docker.config.iptables || net.driver !== "bridge" || !host) return undefined;
  const rules = bridgeRulesOf(net, world.docker);
  if (!rules) return undefined;
  const ops = profileOf(world.docker).firewall.networkAdded(rules, hairpinMode(world.docker));
  const calls = ops.flatMap((o) => (o.op === "ensure" ? o.calls : []));
  let nf = host.netfilter;
  for (const call of calls) {
    if (call[2] !== "-A" && call[2] !== "-I") continue;
    const check = runIptablesCall(
      nf,
      call.map((a, i) => (i === 2 ? "-C" : a)),
    );
    if (check.exitCode === 0) continue;
    const r = runIptablesCall(nf, call);
    if (r.exitCode === 0) {
      nf = r.nf;
      continue;
    }
    const error = ruleFailure(call, r.stderr, r.exitCode);
    if (error === undefined) continue;
    return { world: updateNetns(world, "host", (ns) => ({ ...ns, netfilter: nf })), error };
  }
  return undefined;
}

/** 26 with ip6tables on isolates every bridge in the ip6 tables too, an IPv4-only one included. */
export function isolateNetwork6<W extends DockerWorld>(w: W, net: DockerNetwork): W {
  const firewall = profileOf(w.docker).firewall;
  const rules = bridgeRulesOf(net, w.docker);
  if (net.ipv6 || !rules || !firewall.isolation6 || !w.docker.config.iptables || !writesIp6(w.docker)) return w;
  return applyFirewall6(w, firewall.isolation6(rules));
}

/** An `--ipv6` network's IPv6 side as the ip6 tables' rules see it. */
export function bridgeRules6Of(net: DockerNetwork, docker: DockerState): BridgeRules | undefined {
  if (!net.ipv6) return undefined;
  // An IPv6-only network has its IPv6 side's rules alone.
  const rules = bridgeRulesOf(net.subnet ? net : { ...net, subnet: net.ipv6.subnet }, docker);
  return rules && { ...rules, subnet: net.ipv6.subnet };
}

/** The API's EnableIPv4: off for an IPv6-only bridge network (28's `--ipv4=false --ipv6`) alone. */
export function ipv4Enabled(net: DockerNetwork): boolean {
  return !(net.driver === "bridge" && net.subnet === undefined && net.ipv6 !== undefined);
}

/** A bridge network as its engine's firewall rules see it (undefined for host and none). */
export function bridgeRulesOf(net: DockerNetwork, docker: DockerState): BridgeRules | undefined {
  if (!net.bridge || !net.subnet) return undefined;
  const o = bridgeOptionsOf(net, profileOf(docker).driver.gatewayModes);
  return {
    bridge: net.bridge,
    subnet: net.subnet,
    internal: net.internal === true,
    masquerade: o.masquerade,
    icc: o.icc,
    gatewayMode: o.gatewayMode,
    trusted: o.trustedInterfaces,
    directRouting: docker.config.allowDirectRouting === true,
  };
}
