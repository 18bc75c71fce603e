/**
 * Namespaces a person makes by hand (`ip netns add NAME`): iproute2 bind-mounts each at
 * /run/netns/NAME, which is all that names it. In the world they are namespaces like any
 * other, keyed `netns:NAME` so they never meet a container's id or the lab's two
 * machines; the programs run in them are still the host's (same files, same UTS), only
 * the network differs, as with `ip netns exec`.
 */
import { createNetns, getNetns, putNetns, removeNetns } from "./netns.ts";
import type { KernelWorld, Netns } from "./types.ts";

const PREFIX = "netns:";

export function namedNetnsId(name: string): string {
  return PREFIX + name;
}

/** The name a namespace was added under, or undefined for one nobody named. */
export function netnsName(id: string): string | undefined {
  return id.startsWith(PREFIX) ? id.slice(PREFIX.length) : undefined;
}

export function findNamedNetns(world: KernelWorld, name: string): Netns | undefined {
  return getNetns(world, namedNetnsId(name));
}

/** The names under /run/netns, newest first (as `ip netns list` reads the directory). */
export function namedNetnsNames(world: KernelWorld): string[] {
  const names: string[] = [];
  for (const id of Object.keys(world.netns)) {
    const n = netnsName(id);
    if (n !== undefined) names.push(n);
  }
  return names.reverse();
}

/**
 * A new namespace as the kernel makes one for `ip netns add`: only `lo`, down and
 * without its address (the kernel gives lo 127.0.0.1 when it comes up), no routes,
 * its own empty netfilter tables and sysctls at their defaults. `from` is the namespace
 * whose files the programs read (the host's resolv.conf and hosts: ip netns exec
 * bind-mounts /etc/netns/NAME/ only where that exists).
 */
export function addNamedNetns<W extends KernelWorld>(world: W, name: string, from: Netns): W {
  const fresh = createNetns(namedNetnsId(name), from.hostname, { nameservers: from.nameservers, hosts: from.hosts });
  const links = fresh.links.map((l) => (l.kind === "loopback" ? { ...l, up: false, qdiscAttached: false } : l));
  return putNetns(world, { ...fresh, links, addrs: [] });
}

/** `ip netns del NAME`: the namespace goes, and its veths take their peers with them. */
export function deleteNamedNetns<W extends KernelWorld>(world: W, name: string): W {
  return removeNetns(world, namedNetnsId(name));
}
