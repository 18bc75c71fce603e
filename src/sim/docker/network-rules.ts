/**
 * The iptables rules dockerd writes for a bridge network, as its engine profile words
 * them: the network's view for the rules (IPv4 and IPv6 sides), and their programming
 * when the network comes up, loopback hairpinning included when the proxy is off.
 */
import { updateNetns } from "../kernel/netns.ts";
import type { BridgeRules, FirewallOp } from "./engine/profile-firewall.ts";
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
