/**
 * Each machine's small filesystem: the few files the lab's commands read and
 * write. Most are views of kernel state (/proc/sys is the sysctl table,
 * /etc/hostname the namespace's hostname, /etc/resolv.conf and /etc/hosts its
 * resolver settings, rendered when nothing wrote them); the rest, such as
 * /etc/docker/daemon.json, live in `files` of the world, keyed by machine then path.
 */
import { metaOf, metasOf, setMeta } from "./file-meta.ts";
import { resolvePath } from "./mounts.ts";
import { getNetns, updateNetns } from "./netns.ts";
import { isSysctlDirectory, readSysctl } from "./sysctl.ts";
import type { KernelWorld, Netns } from "./types.ts";

export const PROC_SYS = "/proc/sys/";

/** `/proc/sys/net/ipv4/ip_forward` → `net.ipv4.ip_forward` (a dot in an interface name stays a dot in /proc). */
export function sysctlKeyOfPath(path: string): string | undefined {
  if (!path.startsWith(PROC_SYS)) return undefined;
  return path.slice(PROC_SYS.length).split("/").join(".");
}

export function renderResolvConf(ns: Netns): string {
  return ns.nameservers.map((n) => `nameserver ${n}\n`).join("");
}

export function renderHosts(ns: Netns): string {
  return Object.entries(ns.hosts)
    .map(([name, addr]) => `${addr}\t${name}\n`)
    .join("");
}

function storedFile(world: KernelWorld, machine: string, path: string): string | undefined {
  const files = Object.hasOwn(world.files, machine) ? world.files[machine] : undefined;
  return files && Object.hasOwn(files, path) ? files[path] : undefined;
}

/** A regular file's content, or undefined when there is no such file. */
export function readFile(world: KernelWorld, machine: string, path: string): string | undefined {
  const at = resolvePath(world, machine, path);
  if (at.fs !== machine) return readFile(world, at.fs, at.path);
  const ns = getNetns(world, machine);
  const key = sysctlKeyOfPath(path);
  if (key !== undefined) {
    const v = ns && !isSysctlDirectory(ns, key) ? readSysctl(ns, key, world.clock) : undefined;
    return v === undefined ? undefined : v + "\n";
  }
  const stored = storedFile(world, machine, path);
  if (stored !== undefined) return stored;
  if (!ns) return undefined;
  if (path === "/etc/hostname") return ns.hostname + "\n";
  if (path === "/etc/resolv.conf") return renderResolvConf(ns);
  if (path === "/etc/hosts") return renderHosts(ns);
  return undefined;
}

/** Directories that exist on every machine, so that writing a new file in them works. */
const DIRS = ["/", "/etc", "/etc/docker", "/tmp", "/root", "/proc", "/proc/sys", "/var", "/var/log", "/dev"];

export function isDirectory(world: KernelWorld, machine: string, path: string): boolean {
  // An empty name is no directory (every path would otherwise start with its "/").
  if (path === "") return false;
  const p = path.length > 1 ? path.replace(/\/+$/, "") : path;
  const at = resolvePath(world, machine, p);
  if (at.fs !== machine) return isDirectory(world, at.fs, at.path);
  const meta = metaOf(world, machine, p);
  if (meta?.kind) return meta.kind === "dir";
  if (DIRS.includes(p)) return true;
  if (p.startsWith("/proc/sys/")) {
    const ns = getNetns(world, machine);
    return !!ns && isSysctlDirectory(ns, sysctlKeyOfPath(p)!);
  }
  const files = Object.hasOwn(world.files, machine) ? world.files[machine] : undefined;
  if (files && Object.keys(files).some((k) => k.startsWith(p + "/"))) return true;
  return Object.entries(metasOf(world, machine)).some(([k, m]) => m.kind !== "gone" && k.startsWith(p + "/"));
}

export function parentDir(path: string): string {
  // No name has no parent either: what is made there fails as the name does (ENOENT).
  if (path === "") return "";
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

/** Parses `nameserver` lines as the resolver does. */
export function parseResolvConf(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f[0] === "nameserver" && f[1] !== undefined)
    .map((f) => f[1]!);
}

/** Parses /etc/hosts: the first address given for a name wins, as glibc's files lookup does. */
export function parseHosts(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const [addr, ...names] = line.replace(/#.*/, "").trim().split(/\s+/);
    if (!addr || !/^\d+\.\d+\.\d+\.\d+$/.test(addr)) continue;
    for (const n of names) if (!Object.hasOwn(out, n)) out[n] = addr;
  }
  return out;
}

/**
 * Stores a file (the caller has checked the path is writable). Writing /etc/hostname,
 * /etc/resolv.conf or /etc/hosts also updates what the namespace resolves with.
 */
export function writeFile<W extends KernelWorld>(world: W, machine: string, path: string, content: string): W {
  const at = resolvePath(world, machine, path);
  if (at.fs !== machine) return writeFile(world, at.fs, at.path, content);
  const prev = Object.hasOwn(world.files, machine) ? world.files[machine] : {};
  let w: W = { ...world, files: { ...world.files, [machine]: { ...prev, [path]: content } } };
  // A file written where one was removed (or a link replaced) is a regular file again; a chmod's mode stays.
  const meta = metaOf(w, machine, path);
  if (meta?.kind) w = setMeta(w, machine, path, meta.mode === undefined ? undefined : { mode: meta.mode });
  if (path === "/etc/resolv.conf")
    w = updateNetns(w, machine, (ns) => ({ ...ns, nameservers: parseResolvConf(content) }));
  if (path === "/etc/hosts") w = updateNetns(w, machine, (ns) => ({ ...ns, hosts: parseHosts(content) }));
  return w;
}

export function removeFile<W extends KernelWorld>(world: W, machine: string, path: string): W {
  const at = resolvePath(world, machine, path);
  if (at.fs !== machine) return removeFile(world, at.fs, at.path);
  if (storedFile(world, machine, path) === undefined) return world;
  const rest = { ...world.files[machine] };
  delete rest[path];
  return { ...world, files: { ...world.files, [machine]: rest } };
}

/** Drops every file at or under `path` (a removed tree), as dropMetaTree drops their metas. */
export function dropFileTree<W extends KernelWorld>(world: W, machine: string, path: string): W {
  const at = resolvePath(world, machine, path);
  if (at.fs !== machine) return dropFileTree(world, at.fs, at.path);
  const files = Object.hasOwn(world.files, machine) ? world.files[machine]! : {};
  const rest: Record<string, string> = {};
  for (const [p, t] of Object.entries(files)) if (p !== path && !p.startsWith(path + "/")) rest[p] = t;
  return { ...world, files: { ...world.files, [machine]: rest } };
}
