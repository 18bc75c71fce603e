/** /proc as a session sees it: the processes of its PID namespace, /proc/net and /proc/sys of its network namespace. */
import { capEffHex, HOST_CAPS_HEX } from "../../docker/run-settings.ts";
import { workerPidOf } from "../../docker/types.ts";
import { PROC_NET_DIRS, PROC_NET_NAMES, procNetFile } from "../../kernel/procnet.ts";
import { procHashlimit, procRecent, xtTableNames } from "../../kernel/xt-proc.ts";
import { sysctlChildren, sysctlFile } from "../../kernel/sysctl.ts";
import { BOOT_MS, containerProcesses, hostProcesses, HOST_SHELL_PID, internetProcesses, type Proc } from "./procs.ts";
import { dirNode, fileNode, linkNode, netnsOf, type FsView, type VNode } from "./vfs-node.ts";

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

export function procRoot(view: FsView): VNode {
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

/** The command's own descriptors while process substitutions feed it: each pipe reads what its command printed. */
function pipesDir(view: FsView, pipes: Readonly<Record<number, string>>): VNode {
  const now = view.world.clock;
  return dirNode(
    "proc",
    0o500,
    now,
    () => Object.keys(pipes).sort((a, b) => Number(a) - Number(b)),
    (n) => (Object.hasOwn(pipes, n) ? fileNode("proc", 0o600, now, () => ({ text: pipes[Number(n)]! })) : undefined),
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
      if (n === "net") return procNetDir(view, netnsOfProcess(view, p));
      if (n === "cwd" || n === "root") return linkNode("proc", "/", now);
      if (n === "exe") {
        const exe = exeOf(p);
        return exe === undefined ? undefined : linkNode("proc", exe, now);
      }
      if (n === "ns") return nsDir(view, p);
      if (n === "fd" && p.pid === selfPid(view) && view.session.pipes) return pipesDir(view, view.session.pipes);
      if (["attr", "fd", "fdinfo", "map_files", "task"].includes(n))
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
              ? `Name:\t${p.comm}\nState:\t${p.stat[0] === "R" ? "R (running)" : "S (sleeping)"}\nPid:\t${p.pid}\nPPid:\t${p.ppid}\nUid:\t${p.uid}\t${p.uid}\t${p.uid}\t${p.uid}\n${capLines(view, p)}`
              : "";
      return fileNode("proc", 0o444, now, () => ({ text }));
    },
  );
}

/** The capability sets of /proc/PID/status: a container's as Docker left them, root's on the host; none for another user. */
function capLines(view: FsView, p: Proc): string {
  const c = view.world.docker.containers.find(
    (x) =>
      x.status === "running" &&
      (x.id === view.session.container || x.pid === p.pid || (workerPidOf(x) === p.pid && p.comm === "nginx")),
  );
  const bnd = c ? capEffHex(c) : HOST_CAPS_HEX;
  const eff = p.uid === 0 ? bnd : "0000000000000000";
  return `CapInh:\t0000000000000000\nCapPrm:\t${eff}\nCapEff:\t${eff}\nCapBnd:\t${bnd}\nCapAmb:\t0000000000000000\n`;
}

/** The network namespace a process of the view lives in: a container's own, or the view's. */
export function netnsOfProcess(view: FsView, p: Proc): string {
  if (view.machine.kind !== "host") return view.netns;
  const c = view.world.docker.containers.find(
    (x) => x.status === "running" && (x.pid === p.pid || (workerPidOf(x) === p.pid && p.comm === "nginx")),
  );
  // The shell (and what it runs) is where `nsenter -n` put it; the host's daemons stay home.
  if (!c) return p.pid === selfPid(view) ? view.netns : "host";
  return c.networkMode === "host" ? "host" : c.id;
}

/** Where a process's program lives (its /proc/PID/exe), Debian's merged /usr; none for a kernel thread. */
function exeOf(p: Proc): string | undefined {
  if (p.args === "") return undefined;
  const known: Readonly<Record<string, string>> = {
    nginx: "/usr/sbin/nginx",
    bash: "/usr/bin/bash",
    sh: "/usr/bin/busybox",
    sshd: "/usr/sbin/sshd",
    systemd: "/usr/lib/systemd/systemd",
    "(sd-pam)": "/usr/lib/systemd/systemd",
    python3: "/usr/bin/python3.11",
    "containerd-shim": "/usr/bin/containerd-shim-runc-v2",
  };
  if (Object.hasOwn(known, p.comm)) return known[p.comm];
  const argv0 = p.args.split(" ")[0]!;
  return argv0.startsWith("/") ? argv0.replace(/^\/(s?bin|lib)\//, "/usr/$1/") : undefined;
}

/** The namespaces the kernel made at boot have fixed inodes; the ones made later count up from here. */
const INIT_NS: Readonly<Record<string, number>> = {
  cgroup: 4026531835,
  ipc: 4026531839,
  mnt: 4026531841,
  net: 4026531840,
  pid: 4026531836,
  time: 4026531834,
  user: 4026531837,
  uts: 4026531838,
};
const NS_NAMES = ["cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time", "time_for_children", "user", "uts"];

/** A namespace's inode, stable for the container that owns it (its place among the engine's containers). */
function nsInode(view: FsView, kind: string, owner: string): number {
  const base = INIT_NS[kind.replace(/_for_children$/, "")]!;
  if (owner === "host") return base;
  if (owner === "internet") return 4026532180 + Object.keys(INIT_NS).indexOf(kind);
  const at = view.world.docker.containers.findIndex((c) => c.id === owner);
  return 4026532200 + (at < 0 ? 0 : at) * 16 + Object.keys(INIT_NS).indexOf(kind.replace(/_for_children$/, ""));
}

/** The namespace kinds a process has, as lsns names them (the `_for_children` links aside). */
export const NS_KINDS: readonly string[] = Object.keys(INIT_NS);

/** The inode of the namespace of `kind` that process `p` is in; Docker leaves user and time shared. */
export function nsInodeOf(view: FsView, p: Proc, kind: string): number {
  const owner =
    view.machine.kind === "container" && view.machine.container
      ? view.machine.container.id
      : view.machine.kind === "internet"
        ? "internet"
        : netnsOfProcess(view, p);
  const shared = kind === "user" || kind === "time";
  const own = kind === "net" ? netnsOfProcess(view, p) : owner;
  return nsInode(view, kind, shared ? "host" : own);
}

/** /proc/PID/ns: one magic link per namespace kind (`net:[4026531840]`). */
function nsDir(view: FsView, p: Proc): VNode {
  const now = view.world.clock;
  return dirNode(
    "proc",
    0o511,
    now,
    () => NS_NAMES,
    (n) => {
      if (!NS_NAMES.includes(n)) return undefined;
      const kind = n.replace(/_for_children$/, "");
      return linkNode("proc", `${kind}:[${nsInodeOf(view, p, kind)}]`, now);
    },
  );
}

function procNetDir(view: FsView, netns = view.netns): VNode {
  const now = view.world.clock;
  return dirNode(
    "proc",
    0o555,
    now,
    () => PROC_NET_NAMES,
    (n) => {
      if (!PROC_NET_NAMES.includes(n)) return undefined;
      if (n === "ipt_hashlimit" || n === "xt_recent") return xtTablesDir(view, netns, n);
      if (PROC_NET_DIRS.includes(n))
        return dirNode(
          "proc",
          0o555,
          now,
          () => [],
          () => undefined,
        );
      return fileNode("proc", 0o444, now, () => {
        const ns = netnsOf(view, netns);
        return { text: ns ? (procNetFile(view.world, ns, n) ?? "") : "" };
      });
    },
  );
}

/** /proc/net/ipt_hashlimit and /proc/net/xt_recent: a file per named table the rules use (recent's writable). */
function xtTablesDir(view: FsView, netns: string, dir: "ipt_hashlimit" | "xt_recent"): VNode {
  const now = view.world.clock;
  const module = dir === "xt_recent" ? "recent" : "hashlimit";
  const names = () => {
    const ns = netnsOf(view, netns);
    return ns ? xtTableNames(ns, module) : [];
  };
  return dirNode("proc", 0o555, now, names, (n) => {
    const ns = netnsOf(view, netns);
    if (!ns || !names().includes(n)) return undefined;
    const read = () => ({
      text: module === "recent" ? procRecent(view.world, ns, n) : procHashlimit(view.world, ns, n),
    });
    return fileNode("proc", module === "recent" ? 0o644 : 0o444, now, read);
  });
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
      const f = sysctlFile(ns, k, now);
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
