/**
 * The process table, derived from the world as `ps` and /proc see it.
 *
 * The host is a Debian 12 Docker host with systemd: its daemons at fixed, plausible
 * PIDs (containerd, dockerd, sshd, the root login's bash on pts/0), then what
 * Docker started, with the PIDs the engine handed out (`docker inspect`'s
 * `.State.Pid` is the container's first process; `ss -p` shows the same
 * docker-proxy PIDs): one docker-proxy per published address, a containerd-shim
 * per container, and each container's processes. A container sees its own PID
 * namespace: its first process is 1 (nginx's worker 7, as runc's threads took
 * 2..6), and every `docker exec` takes the next PID there, six apart, as the
 * oracle shows (runc's own threads take the ones between); the counter lives in
 * the world (`pidns`), so PIDs are stable and replay identically.
 */
import { containerImage, findImage } from "../../machines/images/index.ts";
import { NGINX_DISK, usersOf, debianDisk } from "../../machines/disk.ts";
import { DOCKERD_PID, SHIM_GAP, workerPidOf, type Container } from "../../docker/types.ts";
import { profileOf } from "../../docker/engine/index.ts";
import { EPOCH_MS } from "../../kernel/clock.ts";
import type { Listener } from "../../kernel/types.ts";
import type { World } from "../../world.ts";
import type { SignalSource } from "../../programs/signals.ts";
import type { Session } from "../command.ts";
import { machineOf } from "../machine.ts";

export interface Proc {
  readonly pid: number;
  readonly ppid: number;
  readonly uid: number;
  /** The kernel's short name (15 characters at most). */
  readonly comm: string;
  /** The command line; "" for a kernel thread (`ps` shows `[comm]`). */
  readonly args: string;
  readonly tty: string;
  readonly stat: string;
  /** KiB. */
  readonly vsz: number;
  readonly rss: number;
  /** When it started (ms since the epoch). */
  readonly start: number;
  /** CPU seconds used. */
  readonly cpu: number;
}

/** The root login's shell on the host (the lab's terminal), the parent of what is typed there. */
export const HOST_SHELL_PID = 873;
/** The machines booted a few minutes before the world's first instant. */
export const BOOT_MS = EPOCH_MS - 6 * 60 * 1000;

function daemon(
  pid: number,
  ppid: number,
  comm: string,
  args: string,
  stat: string,
  vsz: number,
  rss: number,
  boot: number,
  uid = 0,
  tty = "?",
): Proc {
  return { pid, ppid, uid, comm, args, tty, stat, vsz, rss, start: boot, cpu: 0 };
}

/** What systemd started on a Debian 12 machine before anyone logged in. */
function systemProcesses(boot: number, docker: boolean): Proc[] {
  const out = [
    daemon(1, 0, "systemd", "/sbin/init", "Ss", 168_084, 12_544, boot),
    daemon(2, 0, "kthreadd", "", "S", 0, 0, boot),
    daemon(237, 1, "systemd-journal", "/lib/systemd/systemd-journald", "Ss", 48_648, 15_488, boot),
    daemon(266, 1, "systemd-udevd", "/lib/systemd/systemd-udevd", "Ss", 26_092, 6_912, boot),
    daemon(412, 1, "cron", "/usr/sbin/cron -f", "Ss", 6_612, 2_688, boot),
    daemon(
      415,
      1,
      "dbus-daemon",
      "/usr/bin/dbus-daemon --system --address=systemd: --nofork --nopidfile --systemd-activation --syslog-only",
      "Ss",
      9_120,
      4_864,
      boot,
      100,
    ),
    daemon(420, 1, "systemd-logind", "/lib/systemd/systemd-logind", "Ss", 25_412, 8_448, boot),
    daemon(447, 1, "sshd", "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups", "Ss", 15_432, 9_344, boot),
    daemon(452, 1, "agetty", "/sbin/agetty -o -p -- \\u --noclear - linux", "Ss+", 5_876, 1_920, boot, 0, "tty1"),
  ];
  if (docker) {
    out.push(daemon(468, 1, "containerd", "/usr/bin/containerd", "Ssl", 1_801_984, 45_116, boot));
    out.push(
      daemon(
        DOCKERD_PID,
        1,
        "dockerd",
        "/usr/sbin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock",
        "Ssl",
        2_281_760,
        78_420,
        boot,
      ),
    );
  }
  const login = boot + 2 * 60 * 1000;
  out.push(
    daemon(861, 447, "sshd", "sshd: root@pts/0", "Ss", 17_752, 10_880, login),
    daemon(866, 1, "systemd", "/lib/systemd/systemd --user", "Ss", 18_948, 10_240, login),
    daemon(867, 866, "(sd-pam)", "(sd-pam)", "S", 168_904, 5_364, login),
    daemon(HOST_SHELL_PID, 861, "bash", "-bash", "Ss", 8_568, 5_120, login, 0, "pts/0"),
  );
  return out;
}

/** The path Debian's docker.io installs docker-proxy at (/usr/sbin, from the package's file list). */
export const DOCKER_PROXY_PATH = "/usr/sbin/docker-proxy";

/** docker-proxy's command line, as dockerd starts it for one published address. */
export function proxyArgs(l: Listener, extra = ""): string {
  const app = l.app.kind === "docker-proxy" ? l.app : undefined;
  return (
    `${DOCKER_PROXY_PATH} -proto ${l.proto} -host-ip ${l.addr} -host-port ${l.port}` +
    ` -container-ip ${app?.toAddr ?? ""} -container-port ${app?.toPort ?? 0}${extra}`
  );
}

/** Whether the container runs its image's server (nginx), rather than a command given to `docker run`. */
function runsNginx(c: Container): boolean {
  const server = containerImage(c)?.server;
  return !!server && c.cmd[0] === server.process;
}

/** How the container's first process names itself (nginx rewrites its command line). */
function firstProcess(c: Container): { comm: string; args: string } {
  if (runsNginx(c)) return { comm: "nginx", args: `nginx: master process ${c.cmd.join(" ")}` };
  const argv = c.execArgv ?? c.cmd;
  const argv0 = argv[0] ?? "sh";
  return { comm: argv0.replace(/^.*\//, "").slice(0, 15), args: argv.join(" ") };
}

export { SHIM_GAP };

/** Every process of the host, in PID order (the caller's own command added by the caller). */
export function hostProcesses(world: World): Proc[] {
  const bootAt = BOOT_MS;
  const out = systemProcesses(bootAt, world.docker.running);
  if (world.docker.running) {
    const extra = profileOf(world.docker).proxy.extraArgs;
    for (const l of world.netns["host"]?.listeners ?? []) {
      if (l.process === "docker-proxy" && l.pid > 0)
        out.push(daemon(l.pid, DOCKERD_PID, "docker-proxy", proxyArgs(l, extra), "Sl", 1_744_732, 3_968, bootAt));
    }
  }
  for (const c of world.docker.containers) {
    if (c.status !== "running" || c.pid <= 0) continue;
    const shim = c.pid - SHIM_GAP;
    out.push(
      daemon(
        shim,
        1,
        "containerd-shim",
        `/usr/bin/containerd-shim-runc-v2 -namespace moby -id ${c.id} -address /run/containerd/containerd.sock`,
        "Sl",
        1_238_384,
        12_160,
        c.startedAt,
      ),
    );
    const first = firstProcess(c);
    const nginx = runsNginx(c);
    let parent = c.pid;
    if (c.settings?.init) {
      out.push(daemon(c.pid, shim, "docker-init", initArgs(c), "Ss", 1_012, 4, c.startedAt));
      parent = workerPidOf(c);
    }
    out.push({
      ...daemon(
        parent,
        parent === c.pid ? shim : c.pid,
        first.comm,
        first.args,
        nginx ? "Ss" : "Ss+",
        10_260,
        7_552,
        c.startedAt,
      ),
    });
    if (nginx)
      out.push(
        daemon(
          parent === c.pid ? workerPidOf(c) : parent + 1,
          parent,
          "nginx",
          "nginx: worker process",
          "S",
          10_724,
          2_780,
          c.startedAt,
          101,
        ),
      );
  }
  // A tcpdump or conntrack -E left running in the background of the root shell (shell/jobs.ts).
  for (const cap of world.captures ?? []) {
    if (cap.ended || cap.netns !== "host") continue;
    const args = cap.command.replace(/'/g, "");
    out.push({
      ...daemon(
        cap.pid,
        HOST_SHELL_PID,
        cap.ctWatch ? "conntrack" : "tcpdump",
        args,
        "S",
        9_092,
        6_400,
        cap.startedAt ?? world.clock,
        0,
        "pts/0",
      ),
    });
  }
  return out.sort((a, b) => a.pid - b.pid);
}

/** The internet machine: a Debian 12 machine running the lab's web and DNS servers. */
export function internetProcesses(world: World): Proc[] {
  const bootAt = BOOT_MS;
  const out = systemProcesses(bootAt, false);
  for (const l of world.netns["internet"]?.listeners ?? []) {
    const args =
      l.app.kind === "dns"
        ? "/usr/bin/python3 -u /usr/local/bin/wan-dns.py"
        : "/usr/bin/python3 -u -m http.server 80 --bind 0.0.0.0 --directory /srv/www";
    if (!out.some((p) => p.pid === l.pid)) out.push(daemon(l.pid, 1, "python3", args, "Ss", 27_216, 19_712, bootAt));
  }
  return out.sort((a, b) => a.pid - b.pid);
}

/** The PIDs a container's namespace has handed out: its first processes, then one per `docker exec` or fork. */
export interface PidNamespace {
  /** The host PID of the container's first process when the counter started (a restart starts afresh). */
  readonly hostPid: number;
  readonly next: number;
}

function firstFreePid(c: Container): number {
  // runc's threads take 2..6 before the command replaces it as PID 1; nginx forks its worker (7).
  // docker-init's child takes 7 and its worker 8.
  return (runsNginx(c) ? 8 : 7) + (c.settings?.init ? 1 : 0);
}

/** docker-init (tini) as dockerd starts it: the command follows `--`. */
function initArgs(c: Container): string {
  return `/sbin/docker-init -- ${c.cmd.join(" ")}`;
}

export function pidNamespaceOf(world: World, c: Container): PidNamespace {
  const own = world.pidns?.[c.id];
  return own && own.hostPid === c.pid ? own : { hostPid: c.pid, next: firstFreePid(c) };
}

/** Takes `count` PIDs in the container's namespace; returns the first and the world that counted them. */
export function takePids(world: World, c: Container, count: number): [number, World] {
  const ns = pidNamespaceOf(world, c);
  const running = new Set(world.docker.containers.filter((x) => x.status === "running").map((x) => x.id));
  const kept = Object.fromEntries(Object.entries(world.pidns ?? {}).filter(([id]) => running.has(id)));
  return [ns.next, { ...world, pidns: { ...kept, [c.id]: { hostPid: c.pid, next: ns.next + count } } }];
}

/** A `docker exec`: runc's init and its threads take six PIDs; the command keeps the first. */
export const EXEC_PIDS = 6;

/** nginx's worker inside the container: the first one, or the one a reload forked (nginx -s reload). */
function worker(c: Container, first: number, master: number): Proc {
  return daemon(c.nginxWorker ?? first, master, "nginx", "nginx: worker process", "S", 10_724, 2_780, c.startedAt, 101);
}

/** The container's own processes, as seen inside it (the caller adds the running shell and command). */
export function containerProcesses(c: Container): Proc[] {
  const first = firstProcess(c);
  if (c.settings?.init) {
    const out = [daemon(1, 0, "docker-init", initArgs(c), "S", 1_012, 4, c.startedAt)];
    out.push(daemon(7, 1, first.comm, first.args, "S", 10_260, 7_552, c.startedAt));
    if (runsNginx(c)) out.push(worker(c, 8, 7));
    return out;
  }
  const out = [daemon(1, 0, first.comm, first.args, "S", 10_260, 7_552, c.startedAt)];
  if (runsNginx(c)) out.push(worker(c, 7, 1));
  return out;
}

/** The user names of a machine's /etc/passwd, by uid. */
export function userNames(kind: "host" | "internet" | "container", image?: string): ReadonlyMap<number, string> {
  if (kind !== "container") return usersOf(debianDisk(kind === "host"));
  const disk = findImage(image ?? "nginx")?.machine.disk ?? NGINX_DISK;
  return usersOf(disk);
}

/** A user as ps -u and pgrep -u take it: a uid as a number, or a name the machine's passwd lists. */
export function uidOf(users: ReadonlyMap<number, string>, user: string): number | undefined {
  if (/^\d+$/.test(user)) return Number(user);
  for (const [uid, name] of users) if (name === user) return uid;
  return undefined;
}

/** Whose PID namespace a session's PIDs are in (`nsenter -n` keeps the machine's own). */
export function signalSource(world: World, session: Session): SignalSource {
  const m = machineOf(world, session);
  if (m.kind === "container" && m.container) return { container: m.container.id };
  return { kind: m.kind === "internet" ? "internet" : "host" };
}
