/**
 * daemon.json's `live-restore: true`: dockerd stops without stopping its containers, and the
 * next dockerd takes them back still running, with their addresses, proxies and rules (the
 * oracle: aw05). Without it on the way up, the new dockerd stops what it finds running (exit 0
 * for nginx's SIGTERM) and then applies the restart policies, as after an ordinary shutdown.
 */
import { applyFirewall } from "./firewall.ts";
import { profileOf } from "./engine/index.ts";
import { bridgeOptionsOf } from "./bridge-options.ts";
import { bridgeRulesOf, hairpinMode } from "./network-rules.ts";
import { gatewayEndpoint } from "./sandbox.ts";
import type { FirewallOp } from "./engine/profile-firewall.ts";
import type { Container, DockerWorld } from "./types.ts";

/** The containers a live-restoring daemon left running. */
export function keptRunning(world: DockerWorld): readonly Container[] {
  return world.docker.containers.filter((c) => c.status === "running");
}

/**
 * The rules of containers a restart kept running, ensured again after the daemon rebuilt its
 * chains: each endpoint's own (28's direct-access guard) and the gateway endpoint's ports.
 */
export function reprogramKept<W extends DockerWorld>(world: W, kept: readonly Container[]): W {
  if (!world.docker.config.iptables) return world;
  const profile = profileOf(world.docker);
  const hairpin = hairpinMode(world.docker);
  const ops: FirewallOp[] = [];
  for (const c of kept) {
    const gw = gatewayEndpoint(world.docker, c.endpoints);
    for (const ep of c.endpoints) {
      const net = world.docker.networks.find((n) => n.id === ep.networkId);
      const rules = net ? bridgeRulesOf(net, world.docker) : undefined;
      if (!net?.bridge || !rules || !ep.ipAddress) continue;
      ops.push(...profile.firewall.endpointAdded(rules, ep.ipAddress));
      if (ep !== gw) continue;
      const mode = bridgeOptionsOf(net, profile.driver.gatewayModes).gatewayMode;
      for (const b of c.ports)
        if (profile.firewall.hasRules(b))
          ops.push(...profile.firewall.portPublished(net.bridge, ep.ipAddress, b, hairpin, mode));
    }
  }
  return applyFirewall(world, ops);
}
