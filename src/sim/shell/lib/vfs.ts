/**
 * The file tree a session's commands see, put together from what each part of
 * the lab holds: the machine's disk (machines/disk.ts), the files commands wrote
 * (`world.files`), the kernel's views (/etc/hosts, /etc/resolv.conf,
 * /etc/hostname, /proc/sys, /proc/net, /sys/class/net) and the process table
 * (/proc/<pid>). `ls`, `cd`, `cat`, `head` and pathname expansion read it through
 * `lookup`; nothing here is stored: it is derived from the world each time.
 */
import { readFile } from "../../kernel/files.ts";
import { PROC_NET_DIRS, PROC_NET_NAMES, procNetFile } from "../../kernel/procnet.ts";
import { sysctlChildren, sysctlFile } from "../../kernel/sysctl.ts";
import { sysLinkEntries, sysLinkRead, sysLinkSubdir, type SysEntry } from "../../kernel/sysfs.ts";
import type { Link, Netns } from "../../kernel/types.ts";
import { debianDisk, SMALL_IMAGE_DISK, type DiskSpec } from "../../machines/disk.ts";
import type { World } from "../../world.ts";
import type { Session } from "../command.ts";
import { machineOf, type Machine } from "../machine.ts";
import { cwdOf, normalizePath } from "../vars.ts";
import { BOOT_MS, containerProcesses, hostProcesses, HOST_SHELL_PID, internetProcesses, type Proc } from "./procs.ts";

export type NodeType = "dir" | "file" | "link" | "chr" | "sock";

export interface VStat {
  readonly type: NodeType;
  /** Permission bits (0o755), sticky bit included. */
  readonly mode: number;
  readonly nlink: number;
  readonly size: number;
  readonly mtime: number;
  /** Which file system: /proc and /sys files are 0 or 4096 bytes whatever they hold. */
  readonly fs: "disk" | "proc" | "sys" | "tmpfs";
  readonly target?: string;
  readonly dev?: readonly [number, number];
}

export type ReadResult = { readonly text: string } | { readonly errno: "EIO" | "EACCES" | "EINVAL" };

export interface VNode {
  readonly stat: VStat;
  /** A directory's names, sorted. */
  readonly list?: () => readonly string[];
  readonly child?: (name: string) => VNode | undefined;
  readonly read?: () => ReadResult;
}

/** Who sees the tree: the files of `fsKey`'s machine, /proc/net of `netns`, /sys of `sysNetns`. */
export interface FsView {
  readonly world: World;
  readonly session: Session;
  readonly machine: Machine;
  readonly fsKey: string;
  readonly netns: string;
  readonly sysNetns: string;
}

export function viewOf(world: World, session: Session): FsView {
  const machine = machineOf(world, session);
  const fsKey = session.mounts ?? session.machine;
  return { world, session, machine, fsKey, netns: session.machine, sysNetns: fsKey };
}

const sorted = (names: Iterable<string>): string[] => [...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function dirNode(
  fs: VStat["fs"],
  mode: number,
  mtime: number,
  list: () => readonly string[],
  child: (n: string) => VNode | undefined,
  size = fs === "disk" ? 4096 : 0,
): VNode {
  return { stat: { type: "dir", mode, nlink: fs === "proc" ? 1 : 2, size, mtime, fs }, list, child };
}

function fileNode(fs: VStat["fs"], mode: number, mtime: number, read: () => ReadResult, size?: number): VNode {
  const s = size ?? (fs === "sys" ? 4096 : fs === "proc" ? 0 : undefined);
  return {
    stat: { type: "file", mode, nlink: 1, size: s ?? textOf(read()).length, mtime, fs },
    read,
  };
}

function linkNode(fs: VStat["fs"], target: string, mtime: number): VNode {
  // sysfs and procfs report their links as 0 bytes.
  const size = fs === "disk" ? target.length : 0;
  return { stat: { type: "link", mode: 0o777, nlink: 1, size, mtime, fs, target } };
}

function textOf(r: ReadResult): string {
  return "text" in r ? r.text : "";
}

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

function join(dir: string, name: string): string {
  return dir === "/" ? `/${name}` : `${dir}/${name}`;
}

/** A node of the machine's disk (and the files written on it). */
function diskNode(view: FsView, path: string): VNode | undefined {
  if (path === "/proc") return procRoot(view);
  if (path === "/sys") return sysRoot(view);
  const disk = diskOf(view.machine);
  const stored = storedFiles(view);
  const mtime = BOOT_MS;
  const spec = Object.hasOwn(disk.entries, path) ? disk.entries[path] : undefined;
  if (Object.hasOwn(stored, path) || (KERNEL_ETC.includes(path) && !spec)) {
    const text = () => readFile(view.world, view.fsKey, path) ?? "";
    if (Object.hasOwn(stored, path) || readFile(view.world, view.fsKey, path) !== undefined)
      return fileNode("disk", 0o644, view.world.clock, () => ({ text: text() }));
  }
  const impliedDir = Object.keys(stored).some((p) => p.startsWith(path === "/" ? "/" : path + "/"));
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
    for (const p of Object.keys(disk.entries)) if (p !== "/" && parentOf(p) === path) names.push(baseOf(p));
    for (const p of Object.keys(stored)) if (p.startsWith(prefix)) names.push(p.slice(prefix.length).split("/")[0]!);
    if (path === "/etc")
      for (const p of KERNEL_ETC) if (readFile(view.world, view.fsKey, p) !== undefined) names.push(baseOf(p));
    return sorted(names);
  };
  return dirNode("disk", mode, mtime, list, (n) => diskNode(view, join(path, n)));
}

/** The processes of the view's PID namespace. */
export function processesOf(view: FsView): Proc[] {
  const m = view.machine;
  if (m.kind === "container" && m.container) return containerProcesses(m.container);
  if (m.kind === "internet") return internetProcesses(view.world);
  return hostProcesses(view.world);
}

const PROC_NAMES = `acpi buddyinfo bus cgroups cmdline config.gz consoles cpuinfo crypto devices diskstats dma driver
execdomains filesystems fs interrupts iomem ioports irq kallsyms key-users keys kmsg kpagecgroup kpagecount kpageflags
loadavg locks meminfo misc modules mounts mtrr net pagetypeinfo partitions pressure schedstat self slabinfo softirqs stat
swaps sys sysvipc thread-self timer_list tty uptime version vmallocinfo vmstat zoneinfo`.split(/\s+/);

const PROC_DIRS = new Set(["acpi", "bus", "driver", "fs", "irq", "pressure", "sys", "sysvipc", "tty"]);

const PID_NAMES =
  `arch_status attr autogroup auxv cgroup clear_refs cmdline comm coredump_filter cpuset cwd environ exe fd
fdinfo gid_map io limits loginuid map_files maps mem mountinfo mounts mountstats net ns numa_maps oom_adj oom_score
oom_score_adj pagemap personality projid_map root sched schedstat sessionid setgroups smaps smaps_rollup stack stat
statm status syscall task timens_offsets timers timerslack_ns uid_map wchan`.split(/\s+/);

function selfPid(view: FsView): number {
  return view.machine.kind === "container" ? (view.session.exec?.pid ?? 1) : HOST_SHELL_PID;
}

function procRoot(view: FsView): VNode {
  const now = view.world.clock;
  const procs = () => processesOf(view);
  return dirNode(
    "proc",
    0o555,
    BOOT_MS,
    () => [...procs().map((p) => String(p.pid)), ...PROC_NAMES],
    (n) => {
      if (/^\d+$/.test(n)) {
        const p = procs().find((x) => String(x.pid) === n);
        if (p) return pidDir(view, p);
        // The process reading /proc is there too (the exec'd shell, or the command it became).
        const exec = view.session.exec;
        if (exec && String(exec.pid) === n)
          return pidDir(view, {
            ...procs()[0]!,
            pid: exec.pid,
            ppid: 0,
            comm: exec.args.split(" ")[0]!,
            args: exec.args,
          });
        return undefined;
      }
      if (n === "self" || n === "thread-self")
        return linkNode("proc", n === "self" ? String(selfPid(view)) : `${selfPid(view)}/task/${selfPid(view)}`, now);
      if (n === "net") return linkNode("proc", "self/net", now);
      if (n === "sys") return sysctlDir(view, "");
      if (!PROC_NAMES.includes(n)) return undefined;
      if (PROC_DIRS.has(n))
        return dirNode(
          "proc",
          0o555,
          now,
          () => [],
          () => undefined,
        );
      if (n === "mounts") return linkNode("proc", "self/mounts", now);
      return fileNode("proc", n === "kmsg" || n === "kallsyms" ? 0o400 : 0o444, now, () => ({ text: procText(n) }));
    },
  );
}

function procText(name: string): string {
  if (name === "version") return "Linux version 6.18.44-fc-v595 (root@build) #1 SMP PREEMPT_DYNAMIC\n";
  return "";
}

function pidDir(view: FsView, p: Proc): VNode {
  const now = view.world.clock;
  return dirNode(
    "proc",
    0o555,
    p.start,
    () => PID_NAMES,
    (n) => {
      if (!PID_NAMES.includes(n)) return undefined;
      if (n === "net") return procNetDir(view);
      if (n === "cwd" || n === "root") return linkNode("proc", "/", now);
      if (n === "exe") return linkNode("proc", p.args.split(" ")[0] ?? "", now);
      if (["attr", "fd", "fdinfo", "map_files", "ns", "task"].includes(n))
        return dirNode(
          "proc",
          0o555,
          now,
          () => [],
          () => undefined,
        );
      const text =
        n === "cmdline"
          ? // nginx writes its title over its arguments: one string.
            (p.args.startsWith("nginx: ") ? [p.args] : p.args.split(" ")).map((a) => a + "\0").join("")
          : n === "comm"
            ? p.comm + "\n"
            : n === "status"
              ? `Name:\t${p.comm}\nState:\t${p.stat[0] === "R" ? "R (running)" : "S (sleeping)"}\nPid:\t${p.pid}\nPPid:\t${p.ppid}\nUid:\t${p.uid}\t${p.uid}\t${p.uid}\t${p.uid}\n`
              : "";
      return fileNode("proc", 0o444, now, () => ({ text }));
    },
  );
}

function netnsOf(view: FsView, id: string): Netns | undefined {
  return view.world.netns[id];
}

function procNetDir(view: FsView): VNode {
  const now = view.world.clock;
  return dirNode(
    "proc",
    0o555,
    now,
    () => PROC_NET_NAMES,
    (n) => {
      if (!PROC_NET_NAMES.includes(n)) return undefined;
      if (PROC_NET_DIRS.includes(n))
        return dirNode(
          "proc",
          0o555,
          now,
          () => [],
          () => undefined,
        );
      return fileNode("proc", 0o444, now, () => {
        const ns = netnsOf(view, view.netns);
        return { text: ns ? (procNetFile(view.world, ns, n) ?? "") : "" };
      });
    },
  );
}

/** /proc/sys and below, from the kernel's sysctl table of the view's namespace. */
function sysctlDir(view: FsView, key: string): VNode {
  const now = view.world.clock;
  const ns = netnsOf(view, view.netns);
  const top = ["abi", "debug", "dev", "fs", "kernel", "net", "user", "vm"];
  return dirNode(
    "proc",
    0o555,
    now,
    () => (key === "" ? top : ns ? (sysctlChildren(ns, key) ?? []) : []),
    (n) => {
      if (!ns) return undefined;
      const k = key === "" ? n : `${key}.${n}`;
      const f = sysctlFile(ns, k);
      if (f) {
        const mode = parseInt(f.mode, 8);
        return fileNode("proc", mode, now, () =>
          f.value === "!EIO"
            ? { errno: "EIO" }
            : f.value === "!EACCES"
              ? { errno: "EACCES" }
              : { text: f.value + "\n" },
        );
      }
      if (sysctlChildren(ns, k) || (key === "" && top.includes(n))) return sysctlDir(view, k);
      return undefined;
    },
  );
}

const SYS_TOP = [
  "block",
  "bus",
  "class",
  "dev",
  "devices",
  "firmware",
  "fs",
  "hypervisor",
  "kernel",
  "module",
  "power",
];

function emptyDir(fs: VStat["fs"], now: number, names: readonly string[] = []): VNode {
  return dirNode(
    fs,
    0o755,
    now,
    () => names,
    () => undefined,
  );
}

function sysRoot(view: FsView): VNode {
  const now = view.world.clock;
  const ns = () => netnsOf(view, view.sysNetns);
  const links = (): readonly Link[] => ns()?.links ?? [];
  const netDev = (name: string): VNode | undefined => {
    const n = ns();
    const l = links().find((x) => x.name === name);
    return n && l ? sysLinkDir(view, n, l) : undefined;
  };
  const classNet = dirNode(
    "sys",
    0o755,
    now,
    () => sorted(links().map((l) => l.name)),
    (n) => (links().some((l) => l.name === n) ? linkNode("sys", `../../devices/virtual/net/${n}`, now) : undefined),
  );
  const virtualNet = dirNode("sys", 0o755, now, () => sorted(links().map((l) => l.name)), netDev);
  const devices = dirNode(
    "sys",
    0o755,
    now,
    () => ["system", "virtual"],
    (n) =>
      n === "virtual"
        ? dirNode(
            "sys",
            0o755,
            now,
            () => ["net"],
            (m) => (m === "net" ? virtualNet : undefined),
          )
        : n === "system"
          ? emptyDir("sys", now)
          : undefined,
  );
  const classDir = dirNode(
    "sys",
    0o755,
    now,
    () => ["net"],
    (n) => (n === "net" ? classNet : undefined),
  );
  return dirNode(
    "sys",
    0o555,
    BOOT_MS,
    () => SYS_TOP,
    (n) =>
      n === "class" ? classDir : n === "devices" ? devices : SYS_TOP.includes(n) ? emptyDir("sys", now) : undefined,
  );
}

function sysEntryNode(view: FsView, ns: Netns, l: Link, name: string, e: SysEntry, dir?: string): VNode {
  const now = view.world.clock;
  if (e.kind === "link") return linkNode("sys", e.target, now);
  if (e.kind === "dir") {
    const entries = () => sysLinkSubdir(ns, l, name) ?? [];
    return dirNode(
      "sys",
      0o755,
      now,
      () => entries().map(([n]) => n),
      (n) => {
        const sub = entries().find(([x]) => x === n);
        return sub ? sysEntryNode(view, ns, l, n, sub[1], name) : undefined;
      },
    );
  }
  return fileNode("sys", parseInt(e.mode, 8), now, () => {
    const r = sysLinkRead(view.world, ns, l, name, dir);
    return "text" in r ? r : { errno: r.errno };
  });
}

function sysLinkDir(view: FsView, ns: Netns, l: Link): VNode {
  const now = view.world.clock;
  const entries = () => sysLinkEntries(ns, l);
  return dirNode(
    "sys",
    0o755,
    now,
    () => entries().map(([n]) => n),
    (n) => {
      const e = entries().find(([x]) => x === n);
      return e ? sysEntryNode(view, ns, l, n, e[1]) : undefined;
    },
  );
}

export type Lookup =
  { readonly node: VNode; readonly path: string } | { readonly error: "ENOENT" | "ENOTDIR" | "ELOOP" };

/** The node at an absolute path; symbolic links are followed on the way, and at the end unless `nofollow`. */
export function lookup(view: FsView, path: string, nofollow = false, hops = 0): Lookup {
  if (hops > 8) return { error: "ELOOP" };
  const parts = normalizePath("/", path).split("/").filter(Boolean);
  let node = diskNode(view, "/")!;
  let at = "/";
  for (let i = 0; i < parts.length; i++) {
    if (node.stat.type !== "dir" || !node.child) return { error: "ENOTDIR" };
    const next = node.child(parts[i]!);
    if (!next) return { error: "ENOENT" };
    const here = join(at, parts[i]!);
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
  return normalizePath(cwdOf(view.world, view.session), path);
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

function globRegex(pattern: string): RegExp {
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

/** Pathname expansion: the paths a pattern matches, sorted; a leading dot is matched only by a dot. */
export function glob(view: FsView, pattern: string, limit: number): string[] {
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
        if (name.startsWith(".") && !part.startsWith(".")) continue;
        if (re.test(name)) next.push(base === "" ? name : base === "/" ? `/${name}` : `${base}/${name}`);
        if (next.length > limit) return [];
      }
    }
    found = next;
    if (found.length === 0) return [];
  }
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
