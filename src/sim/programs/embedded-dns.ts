/**
 * Docker's embedded DNS server (127.0.0.11 in every container on a user-defined
 * network): it answers the names of containers sharing a user network with the
 * asker (name, short id, aliases), with their address on that shared network,
 * and forwards every other name to the daemon's external servers (ExtServers).
 * The default bridge has no embedded DNS.
 */
import { userDefined, type DockerWorld } from "../docker/types.ts";

export const EMBEDDED_DNS = "127.0.0.11";

export type EmbeddedAnswer =
  /** `address6`: its address on an `--ipv6` network too (the AAAA answer). */
  | { readonly kind: "address"; readonly address: string; readonly address6?: string }
  /** Not a container name: dockerd asks these servers, from the host's namespace. */
  | { readonly kind: "forward"; readonly servers: readonly string[] }
  /** The asker is not on a user-defined network: nothing listens on 127.0.0.11. */
  | { readonly kind: "none" };

/** What dockerd answers to `name` asked from the container whose netns id is `netns`. */
export function embeddedDnsLookup(world: DockerWorld, netns: string, name: string): EmbeddedAnswer {
  const asker = world.docker.containers.find((c) => c.id === netns && c.status === "running");
  if (!asker) return { kind: "none" };
  const userNets = asker.endpoints.filter((ep) => {
    const n = world.docker.networks.find((x) => x.id === ep.networkId);
    return n !== undefined && userDefined(n);
  });
  if (userNets.length === 0) return { kind: "none" };
  const wanted = name.replace(/\.$/, "");
  for (const ep of userNets) {
    for (const c of world.docker.containers) {
      if (c.status !== "running") continue;
      const peer = c.endpoints.find((e) => e.networkId === ep.networkId);
      if (!peer || !peer.ipAddress) continue;
      if (c.name === wanted || c.id.slice(0, 12) === wanted || peer.aliases.includes(wanted)) {
        return { kind: "address", address: peer.ipAddress, ...(peer.ipv6 ? { address6: peer.ipv6.address } : {}) };
      }
    }
  }
  // On internal networks only, dockerd does not forward: outside names do not resolve.
  const onlyInternal = userNets.every(
    (ep) => world.docker.networks.find((x) => x.id === ep.networkId)?.internal === true,
  );
  if (onlyInternal) return { kind: "forward", servers: [] };
  return { kind: "forward", servers: asker.dns.length > 0 ? asker.dns : world.docker.config.dns };
}

/**
 * The embedded DNS's answer to a reverse (PTR) question from `netns`: `NAME.NETWORK` for a
 * container on a user network the asker shares, as `arp -a` in such a container prints it.
 */
export function embeddedDnsReverse(world: DockerWorld, netns: string, address: string): string | undefined {
  const asker = world.docker.containers.find((c) => c.id === netns && c.status === "running");
  if (!asker) return undefined;
  for (const ep of asker.endpoints) {
    const net = world.docker.networks.find((x) => x.id === ep.networkId);
    if (!net || !userDefined(net)) continue;
    for (const c of world.docker.containers) {
      if (c.status !== "running") continue;
      if (c.endpoints.some((e) => e.networkId === ep.networkId && e.ipAddress === address))
        return `${c.name}.${net.name}`;
    }
  }
  return undefined;
}
