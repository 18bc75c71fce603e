/**
 * Docker's embedded DNS server (127.0.0.11 in every container that has been on a
 * user-defined network): it answers the names of containers sharing a user network
 * with the asker (name, aliases, short id, hostname; without regard to case, and
 * `NAME.NETWORK` on that network alone), with their address on that shared network,
 * and forwards every other name to the daemon's external servers (ExtServers).
 * The default bridge has no embedded DNS.
 */
import { dnsNamesOf } from "../docker/embedded-resolver.ts";
import { userDefined, type DockerWorld } from "../docker/types.ts";

export const EMBEDDED_DNS = "127.0.0.11";

export type EmbeddedAnswer =
  /**
   * `address6`: its address on an `--ipv6` network too (the AAAA answer); `all`: every
   * container that answers to the name there (an alias shared), `address` first.
   */
  | {
      readonly kind: "address";
      readonly address: string;
      readonly address6?: string;
      readonly all?: readonly string[];
    }
  /** Not a container name: dockerd asks these servers, from the asker's namespace. */
  | { readonly kind: "forward"; readonly servers: readonly string[] }
  /** No running container owns that namespace. */
  | { readonly kind: "none" };

/** What dockerd answers to `name` asked from the container whose netns id is `netns`. */
export function embeddedDnsLookup(world: DockerWorld, netns: string, name: string): EmbeddedAnswer {
  const asker = world.docker.containers.find((c) => c.id === netns && c.status === "running");
  if (!asker) return { kind: "none" };
  const userNets = asker.endpoints.filter((ep) => {
    const n = world.docker.networks.find((x) => x.id === ep.networkId);
    return n !== undefined && userDefined(n);
  });
  const wanted = name.replace(/\.$/, "").toLowerCase();
  for (const ep of userNets) {
    const netName = world.docker.networks.find((x) => x.id === ep.networkId)?.name.toLowerCase() ?? "";
    const suffix = `.${netName}`;
    const onThis = wanted.endsWith(suffix) ? wanted.slice(0, -suffix.length) : undefined;
    // The first network where the name is known answers, with every container that has it.
    const found: { address: string; address6?: string }[] = [];
    for (const c of world.docker.containers) {
      if (c.status !== "running") continue;
      const peer = c.endpoints.find((e) => e.networkId === ep.networkId);
      if (!peer || !peer.ipAddress) continue;
      const names = dnsNamesOf(c, c.endpointConfig?.[ep.networkId]?.aliases ?? []).map((n) => n.toLowerCase());
      if (names.includes(wanted) || (onThis !== undefined && names.includes(onThis)))
        found.push({ address: peer.ipAddress, ...(peer.ipv6 ? { address6: peer.ipv6.address } : {}) });
    }
    const [first] = found;
    if (first) return { kind: "address", ...first, ...(found.length > 1 ? { all: found.map((f) => f.address) } : {}) };
  }
  // On internal networks only, dockerd does not forward: outside names do not resolve.
  const onlyInternal =
    userNets.length > 0 &&
    userNets.every((ep) => world.docker.networks.find((x) => x.id === ep.networkId)?.internal === true);
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
