/**
 * /run/netns as iproute2 reads it: the names `ip netns add`/`attach` bind-mounted
 * (kernel/named-netns.ts) and the symbolic links a person made there by hand
 * (`ln -s /proc/PID/ns/net /run/netns/NAME`, the other way tutorials name a container's
 * namespace). iproute2 opens each entry, following a link, so both name a namespace
 * for `exec`, `-n`, `identify` and `list` alike.
 */
import { netnsOfContainer } from "../../docker/shared-netns.ts";
import { dropMetaTree, metasOf } from "../../kernel/file-meta.ts";
import { parseHosts, parseResolvConf, readFile } from "../../kernel/files.ts";
import { updateNetns } from "../../kernel/netns.ts";
import type { Netns } from "../../kernel/types.ts";
import { deleteNamedNetns, hasNetnsName, namedNetnsId, namedNetnsNames } from "../../kernel/named-netns.ts";
import type { World } from "../../world.ts";
import { normalizePath } from "../vars.ts";
import { hostProcesses } from "./procs.ts";

const DIR = "/run/netns/";

/** The namespace a PID lives in: a running container's (its init or a worker), else the host's. */
export function netnsOfPid(world: World, pid: number): string | undefined {
  if (!hostProcesses(world).some((p) => p.pid === pid)) return undefined;
  const owner = world.docker.containers.find((c) => c.status === "running" && c.pid === pid);
  return owner && owner.networkMode !== "host" ? netnsOfContainer(owner) : "host";
}

/** The links in /run/netns, oldest first: name → target as typed. */
function linksIn(world: World): [string, string][] {
  const out: [string, string][] = [];
  for (const [p, m] of Object.entries(metasOf(world, "host"))) {
    if (m.kind !== "link" || !p.startsWith(DIR)) continue;
    const name = p.slice(DIR.length);
    if (name !== "" && !name.includes("/")) out.push([name, m.target ?? ""]);
  }
  return out;
}

function linkTarget(world: World, name: string): string | undefined {
  return linksIn(world).find(([n]) => n === name)?.[1];
}

/** What a link leads to: only a process's own namespace file names one. */
function netnsOfTarget(world: World, target: string): string | undefined {
  const m = /^\/proc\/(\d+)\/ns\/net$/.exec(normalizePath("/", target));
  return m ? netnsOfPid(world, Number(m[1])) : undefined;
}

/** The namespace /run/netns/NAME opens, while it exists. */
export function netnsIdNamed(world: World, name: string): string | undefined {
  const id = namedNetnsId(world, name);
  if (id !== undefined) return id;
  const target = linkTarget(world, name);
  return target === undefined ? undefined : netnsOfTarget(world, target);
}

/** Whether /run/netns/NAME exists (a dangling link counts, as a stale bind mount does). */
export function hasNetnsEntry(world: World, name: string): boolean {
  return hasNetnsName(world, name) || linkTarget(world, name) !== undefined;
}

/** The entries, newest first (tmpfs's readdir order); hand-made links are taken as the newest. */
export function netnsEntries(world: World): string[] {
  const links = linksIn(world)
    .map(([n]) => n)
    .filter((n) => !hasNetnsName(world, n))
    .reverse();
  return [...links, ...namedNetnsNames(world)];
}

/** The names a namespace goes by, in the directory's order (`ip netns identify`). */
export function netnsNamesOf(world: World, id: string): string[] {
  return netnsEntries(world).filter((n) => netnsIdNamed(world, n) === id);
}

/** `ip netns del NAME`: a bind mount is unmounted and removed; a link is only unlinked. */
export function deleteNetnsEntry(world: World, name: string): World {
  if (hasNetnsName(world, name)) return deleteNamedNetns(world, name);
  return dropMetaTree(world, "host", DIR + name);
}

/** /etc/netns/NAME when it holds files: `ip netns exec NAME` bind-mounts each over /etc's own. */
export function etcOverlayOf(world: World, name: string): string | undefined {
  const dir = `/etc/netns/${name}/`;
  const files = Object.hasOwn(world.files, "host") ? world.files["host"]! : {};
  return Object.keys(files).some((p) => p.startsWith(dir)) ? dir.slice(0, -1) : undefined;
}

type Resolver = Pick<Netns, "nameservers" | "hosts">;

/**
 * What a program run by `ip netns exec` resolves names with: the host's resolv.conf and
 * hosts (its mount namespace is the host's, whatever namespace it joins), or the files
 * bound over them. `restore` puts the namespace's own settings back afterwards.
 */
export function execResolver(
  world: World,
  nsId: string,
  etc: string | undefined,
): { world: World; restore: (w: World) => World } {
  const own = world.netns[nsId];
  // The host's own namespace already resolves with these files (and a command may rewrite them).
  if (!own || nsId === "host") return { world, restore: (w) => w };
  const file = (base: string) =>
    (etc !== undefined ? readFile(world, "host", `${etc}/${base}`) : undefined) ??
    readFile(world, "host", `/etc/${base}`) ??
    "";
  const use: Resolver = { nameservers: parseResolvConf(file("resolv.conf")), hosts: parseHosts(file("hosts")) };
  const put = (w: World, r: Resolver) => updateNetns(w, nsId, (ns) => ({ ...ns, ...r }));
  return { world: put(world, use), restore: (w) => put(w, { nameservers: own.nameservers, hosts: own.hosts }) };
}
