/**
 * The file tree a session's commands see, put together from what each part of
 * the lab holds: the machine's disk (machines/disk.ts), the files commands wrote
 * (`world.files`), the kernel's views (/etc/hosts, /etc/resolv.conf,
 * /etc/hostname, /proc/sys, /proc/net, /sys/class/net) and the process table
 * (/proc/<pid>). `ls`, `cd`, `cat`, `head` and pathname expansion read it through
 * `lookup`; nothing here is stored: it is derived from the world each time.
 */
import { metaOf, metasOf } from "../../kernel/file-meta.ts";
import { readFile } from "../../kernel/files.ts";
import { mountsOf } from "../../kernel/mounts.ts";
import type { Session } from "../command.ts";
import { debianDisk, SMALL_IMAGE_DISK, type DiskSpec } from "../../machines/disk.ts";
import { machineOf, type Machine } from "../machine.ts";
import { normalizePath, resolvePath } from "../vars.ts";
import { BOOT_MS } from "./procs.ts";
import { dirNode, fileNode, join, linkNode, sorted, type FsView, type VNode } from "./vfs-node.ts";
import { procRoot } from "./vfs-proc.ts";
import { sysRoot } from "./vfs-sys.ts";

export { processesOf } from "./vfs-proc.ts";
export { viewOf, type FsView, type NodeType, type ReadResult, type VNode, type VStat } from "./vfs-node.ts";

function diskOf(m: Machine): DiskSpec {
  return m.spec.disk ?? (m.kind === "container" ? SMALL_IMAGE_DISK : debianDisk(false));
}

function storedFiles(view: FsView): Readonly<Record<string, string>> {
  const f = view.world.files;
  return Object.hasOwn(f, view.fsKey) ? f[view.fsKey]! : {};
}

/** Files the kernel shows on every machine's disk. */
const KERNEL_ETC = ["/etc/hosts", "/etc/hostname", "/etc/resolv.conf"];

function parentOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

function baseOf(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** A node of the machine's disk (and the files written on it), with the mode a chmod gave it. */
function diskNode(view: FsView, path: string): VNode | undefined {
  const node = plainDiskNode(view, path);
  const meta = metaOf(view.world, view.fsKey, path);
  if (!node || !meta || node.stat.type === "link") return node;
  const mode = meta.mode === undefined ? node.stat.mode : (node.stat.mode & ~0o7777) | meta.mode;
  // A directory mkdir made counts its own subdirectories' ".." links, as ext4 does.
  const nlink =
    meta.kind === "dir"
      ? 2 + (node.list?.() ?? []).filter((n) => diskNode(view, join(path, n))?.stat.type === "dir").length
      : node.stat.nlink;
  return { ...node, stat: { ...node.stat, mode, nlink } };
}

/** The names `ip netns add`/`attach` bind-mounted under the host's /run/netns. */
function boundNetns(view: FsView): string[] {
  return view.fsKey === "host" ? Object.keys(view.world.netnsNames ?? {}) : [];
}

/** Where `ip netns exec` bind-mounted a file of /etc/netns/NAME over /etc's own of that name. */
function etcBound(view: FsView, path: string): string | undefined {
  const dir = view.session.etc;
  if (dir === undefined || parentOf(path) !== "/etc") return undefined;
  const from = dir + "/" + baseOf(path);
  return Object.hasOwn(storedFiles(view), from) ? from : undefined;
}

function plainDiskNode(view: FsView, at: string): VNode | undefined {
  const path = etcBound(view, at) ?? at;
  if (path === "/proc") return procRoot(view);
  if (path === "/sys") return sysRoot(view);
  // Each bind mount is an nsfs file: empty, read-only, and not for reading.
  if (parentOf(path) === "/run/netns" && boundNetns(view).includes(baseOf(path)))
    return fileNode("tmpfs", 0o444, view.world.clock, () => ({ errno: "EINVAL" }), 0);
  const disk = diskOf(view.machine);
  const stored = storedFiles(view);
  const mtime = BOOT_MS;
  const meta = metaOf(view.world, view.fsKey, path);
  if (meta?.kind === "link") return linkNode("disk", meta.target ?? "", view.world.clock);
  if (meta?.kind === "gone") return undefined;
  const metas = metasOf(view.world, view.fsKey);
  const spec = Object.hasOwn(disk.entries, path) ? disk.entries[path] : undefined;
  if (Object.hasOwn(stored, path) || (KERNEL_ETC.includes(path) && !spec)) {
    const text = () => readFile(view.world, view.fsKey, path) ?? "";
    if (Object.hasOwn(stored, path) || readFile(view.world, view.fsKey, path) !== undefined)
      return fileNode("disk", 0o644, view.world.clock, () => ({ text: text() }));
  }
  const under = path === "/" ? "/" : path + "/";
  const impliedDir =
    meta?.kind === "dir" ||
    (path === "/run/netns" && boundNetns(view).length > 0) ||
    Object.keys(stored).some((p) => p.startsWith(under)) ||
    Object.entries(metas).some(([p, m]) => m.kind !== "gone" && p.startsWith(under));
  if (!spec && !impliedDir) return undefined;
  if (spec?.startsWith("l:")) return linkNode("disk", spec.slice(2), mtime);
  if (spec?.startsWith("c")) {
    const [mode, dev] = spec.slice(1).split(":");
    const [maj, min] = dev!.split(",").map(Number);
    return {
      stat: { type: "chr", mode: parseInt(mode!, 8), nlink: 1, size: 0, mtime, fs: "tmpfs", dev: [maj!, min!] },
    };
  }
  if (spec?.startsWith("s"))
    return { stat: { type: "sock", mode: parseInt(spec.slice(1), 8), nlink: 1, size: 0, mtime, fs: "disk" } };
  if (spec?.startsWith("f")) {
    const content = Object.hasOwn(disk.content, path) ? disk.content[path]! : "";
    const text = KERNEL_ETC.includes(path) ? (readFile(view.world, view.fsKey, path) ?? content) : content;
    return fileNode("disk", parseInt(spec.slice(1), 8), mtime, () => ({ text }));
  }
  const mode = spec ? parseInt(spec.slice(1), 8) : 0o755;
  const list = () => {
    const prefix = path === "/" ? "/" : path + "/";
    const names: string[] = [];
    const removed = (p: string) => Object.hasOwn(metas, p) && metas[p]!.kind === "gone";
    for (const p of Object.keys(disk.entries))
      if (p !== "/" && parentOf(p) === path && !removed(p)) names.push(baseOf(p));
    for (const p of Object.keys(stored))
      if (p.startsWith(prefix) && p !== prefix) names.push(p.slice(prefix.length).split("/")[0]!);
    for (const [p, m] of Object.entries(metas))
      if (m.kind !== "gone" && p.startsWith(prefix)) names.push(p.slice(prefix.length).split("/")[0]!);
    if (path === "/run/netns") names.push(...boundNetns(view));
    if (path === "/etc")
      for (const p of KERNEL_ETC) if (readFile(view.world, view.fsKey, p) !== undefined) names.push(baseOf(p));
    // A mount's target exists in the tree it is mounted on (Docker makes it there).
    for (const m of mountsOf(view.world, view.fsKey))
      if (m.target !== "/" && parentOf(m.target) === path) names.push(baseOf(m.target));
    return sorted(names);
  };
  return dirNode("disk", mode, mtime, list, (n) => mountedNode(view, join(path, n)) ?? diskNode(view, join(path, n)));
}

export type Lookup =
  { readonly node: VNode; readonly path: string } | { readonly error: "ENOENT" | "ENOTDIR" | "ELOOP" };

/**
 * What a bind mount shows at `path` of the view's machine: the source's directory, read
 * through a view of the source machine, so what lies below is found there too.
 */
function mountedNode(view: FsView, path: string): VNode | undefined {
  if (view.world.mounts === undefined) return undefined;
  const m = mountsOf(view.world, view.fsKey).find((x) => x.target === path);
  if (m === undefined) return undefined;
  const { mounts: _entered, ...own } = view.session;
  const session: Session = { ...own, machine: m.sourceFs };
  const machine = machineOf(view.world, session);
  return diskNode({ ...view, session, machine, fsKey: m.sourceFs, sysNetns: m.sourceFs }, m.source);
}

/** The node at an absolute path; symbolic links are followed on the way, and at the end unless `nofollow`. */
export function lookup(view: FsView, path: string, nofollow = false, hops = 0): Lookup {
  if (hops > 8) return { error: "ELOOP" };
  if (path === "") return { error: "ENOENT" };
  const parts = normalizePath("/", path).split("/").filter(Boolean);
  let node = diskNode(view, "/")!;
  let at = "/";
  for (let i = 0; i < parts.length; i++) {
    if (node.stat.type !== "dir" || !node.child) return { error: "ENOTDIR" };
    const here = join(at, parts[i]!);
    const next = node.child(parts[i]!);
    if (!next) return { error: "ENOENT" };
    const last = i === parts.length - 1;
    if (next.stat.type === "link" && (!last || !nofollow)) {
      const target = next.stat.target!;
      const rest = parts.slice(i + 1).join("/");
      const resolved = normalizePath(at, target) + (rest ? "/" + rest : "");
      return lookup(view, resolved, nofollow, hops + 1);
    }
    node = next;
    at = here;
  }
  return { node, path: at };
}

/** A path as the session's commands name it, made absolute. */
export function absolutePath(view: FsView, path: string): string {
  return resolvePath(view.world, view.session, path);
}

export type FileRead = { readonly text: string } | { readonly error: string };

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: "No such file or directory",
  ENOTDIR: "Not a directory",
  ELOOP: "Too many levels of symbolic links",
  EISDIR: "Is a directory",
  EIO: "Input/output error",
  EACCES: "Permission denied",
  EINVAL: "Invalid argument",
};

export function errnoText(errno: string): string {
  return ERRNO_TEXT[errno] ?? errno;
}

/** A regular file's content, or why it cannot be read (errno names: ENOENT, EISDIR, EIO, ...). */
export function readPath(view: FsView, path: string): { text: string } | { errno: string } {
  const r = lookup(view, absolutePath(view, path));
  if ("error" in r) return { errno: r.error };
  const n = r.node;
  if (n.stat.type === "dir") return { errno: "EISDIR" };
  if (n.stat.type === "chr") {
    const name = baseOf(r.path);
    return { text: name === "zero" || name === "null" || name === "full" ? "" : "" };
  }
  if (!n.read) return { text: "" };
  const out = n.read();
  return "text" in out ? out : { errno: out.errno };
}

export function globRegex(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end < 0) re += "\\[";
      else {
        const body = pattern
          .slice(i + 1, end)
          .replace(/^!/, "^")
          .replace(/\\/g, "\\\\");
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/**
 * Pathname expansion: the paths a pattern matches, sorted; a leading dot is matched only by a
 * dot unless `dots` (bash's dotglob, which still never matches `.` and `..`).
 */
export function glob(view: FsView, pattern: string, limit: number, dots = false): string[] {
  const absolute = pattern.startsWith("/");
  const parts = pattern.split("/").filter((p, i) => p !== "" || i === 0);
  let found: string[] = [absolute ? "/" : ""];
  for (const part of parts.slice(absolute ? 1 : 0)) {
    const next: string[] = [];
    for (const base of found) {
      const dir = base === "" ? "." : base;
      if (!/[*?[]/.test(part)) {
        const candidate = base === "" ? part : base === "/" ? `/${part}` : `${base}/${part}`;
        if (!("error" in lookup(view, absolutePath(view, candidate)))) next.push(candidate);
        continue;
      }
      const r = lookup(view, absolutePath(view, dir));
      if ("error" in r || !r.node.list) continue;
      const re = globRegex(part);
      for (const name of r.node.list()) {
        if (name.startsWith(".") && !part.startsWith(".") && (!dots || name === "." || name === "..")) continue;
        if (re.test(name)) next.push(base === "" ? name : base === "/" ? `/${name}` : `${base}/${name}`);
        if (next.length > limit) return [];
      }
    }
    found = next;
    if (found.length === 0) return [];
  }
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
