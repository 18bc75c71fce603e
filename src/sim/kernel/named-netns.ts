/**
 * Namespaces with names (/run/netns/NAME, which iproute2 bind-mounts): `ip netns add`
 * makes a new one, keyed `netns:NAME` in the world so it never meets a container's id or
 * the lab's two machines; `ip netns attach NAME PID` names one that exists (a container's).
 * `world.netnsNames` is the directory: name → namespace id, oldest first. The programs
 * run in a named namespace are still the host's (same files, same UTS), only the network
 * differs, as with `ip netns exec`.
 */
import { createNetns, getNetns, putNetns, removeNetns } from "./netns.ts";
import type { KernelWorld, Netns } from "./types.ts";

const PREFIX = "netns:";

/** Whether a namespace was made by `ip netns add` (not a container's, not the lab's machines). */
export function isHandMade(id: string): boolean {
  return id.startsWith(PREFIX);
}

function namesOf(world: KernelWorld): Readonly<Record<string, string>> {
  return world.netnsNames ?? {};
}

/** The id of the namespace /run/netns/NAME names, while that namespace exists. */
export function namedNetnsId(world: KernelWorld, name: string): string | undefined {
  const names = namesOf(world);
  const id = Object.hasOwn(names, name) ? names[name] : undefined;
  return id !== undefined && getNetns(world, id) ? id : undefined;
}

export function findNamedNetns(world: KernelWorld, name: string): Netns | undefined {
  const id = namedNetnsId(world, name);
  return id === undefined ? undefined : getNetns(world, id);
}

/** Whether /run/netns/NAME exists (its namespace may have gone with its container). */
export function hasNetnsName(world: KernelWorld, name: string): boolean {
  return Object.hasOwn(namesOf(world), name);
}

/** The names under /run/netns, newest first (as `ip netns list` reads the directory). */
export function namedNetnsNames(world: KernelWorld): string[] {
  return Object.keys(namesOf(world)).reverse();
}

/** The names a namespace goes by, in the directory's order (`ip netns identify`). */
export function namesOfNetns(world: KernelWorld, id: string): string[] {
  return namedNetnsNames(world).filter((n) => namesOf(world)[n] === id);
}

function withName<W extends KernelWorld>(world: W, name: string, id: string): W {
  return { ...world, netnsNames: { ...namesOf(world), [name]: id } };
}

/**
 * A new namespace as the kernel makes one (`ip netns add`, `unshare --net`): only `lo`,
 * down and without its address (the kernel gives lo 127.0.0.1 when it comes up), no
 * routes, its own empty netfilter tables and sysctls at their defaults. `from` is the
 * namespace whose files the programs read (the host's resolv.conf and hosts: ip netns
 * exec bind-mounts /etc/netns/NAME/ only where that exists).
 */
export function bareNetns(id: string, from: Pick<Netns, "hostname" | "nameservers" | "hosts">): Netns {
  const fresh = createNetns(id, from.hostname, { nameservers: from.nameservers, hosts: from.hosts });
  const links = fresh.links.map((l) => (l.kind === "loopback" ? { ...l, up: false, qdiscAttached: false } : l));
  return { ...fresh, links, addrs: [] };
}

/** `ip netns add NAME`: a bare namespace (bareNetns) and its name. */
export function addNamedNetns<W extends KernelWorld>(world: W, name: string, from: Netns): W {
  const fresh = bareNetns(PREFIX + name, from);
  return withName(putNetns(world, fresh), name, fresh.id);
}

/** `ip netns attach NAME PID`: a name for a namespace that exists. */
export function attachNetns<W extends KernelWorld>(world: W, name: string, id: string): W {
  return withName(world, name, id);
}

/**
 * `ip netns del NAME`: the name goes; a namespace nothing else holds goes with it, its
 * veths taking their peers along (a container's stays: its processes hold it).
 */
export function deleteNamedNetns<W extends KernelWorld>(world: W, name: string): W {
  const id = namesOf(world)[name];
  const names = { ...namesOf(world) };
  delete names[name];
  const w = { ...world, netnsNames: names };
  if (id === undefined || !isHandMade(id) || Object.values(names).includes(id)) return w;
  return removeNetns(w, id);
}
