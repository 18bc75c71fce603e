/**
 * `ss` (iproute2 6.1's socket statistics) over the namespace's listening sockets:
 * `ss -tlnp` shows docker-proxy holding a published port on the host. Columns are
 * sized to their widest cell as ss does. Only listeners are modelled, so without
 * -l/-a (or `state listening`) the table is empty; `state` and port and address
 * expressions select among them (ss-filter.ts).
 */
import { socketTraitsOf } from "../../../machines/programs.ts";
import { getNetns } from "../../../kernel/netns.ts";
import { profileOf } from "../../../docker/engine/index.ts";
import { workerPidOf } from "../../../docker/types.ts";
import { timeWaitSockets } from "../../../kernel/stack/time-wait.ts";
import type { Listener, Netns } from "../../../kernel/types.ts";
import type { Command } from "../../command.ts";
import type { World } from "../../../world.ts";
import { parseSsFilter, SS_STATES, ssMatches, type SsState } from "./ss-filter.ts";

/** /etc/services names for the ports the lab uses (ss and netstat print them without -n). */
export const SERVICES: Readonly<Record<string, string>> = {
  "tcp/22": "ssh",
  "tcp/53": "domain",
  "udp/53": "domain",
  "tcp/80": "http",
  "tcp/443": "https",
  "tcp/8080": "http-alt",
};

/** Backlog a listener was opened with (ss shows it as Send-Q). */
export function backlogOf(l: Listener): number {
  return l.proto === "udp" ? 0 : (l.backlog ?? socketTraitsOf(l.process).backlog);
}

/** The descriptor each program's listening socket has (ss -p, lsof); docker-proxy's depends on the engine. */
export function fdOf(world: World, l: Listener): number {
  if (l.process === "docker-proxy") return profileOf(world.docker).proxy.listenFd;
  // nginx opens its IPv4 listener first.
  if (l.process === "nginx") return l.addr.includes(":") ? 6 : 5;
  return socketTraitsOf(l.process).fd;
}

export const isV6 = (l: Listener) => l.addr.includes(":");

/**
 * ss -p's users:(...) cell: every process holding the socket. nginx's worker inherits the
 * master's listeners, and ss lists it first (the kernel's /proc walk finds it after the
 * master, and ss prepends each find).
 */
function usersOf(world: World, l: Listener): string {
  const fd = fdOf(world, l);
  const c =
    l.process === "nginx" ? world.docker.containers.find((x) => x.status === "running" && x.pid === l.pid) : undefined;
  const pids = c ? [workerPidOf(c), l.pid] : [l.pid];
  return ` users:(${pids.map((pid) => `("${l.process}",pid=${pid},fd=${fd})`).join(",")})`;
}

/** IPv4 sockets before IPv6 ones, the newest first within each, as the oracle's kernel dumped them. */
export function listenersInDumpOrder(ns: Netns): Listener[] {
  const all = [...ns.listeners].reverse();
  return [...all.filter((l) => !isV6(l)), ...all.filter(isV6)];
}

const SS_USAGE = `Usage: ss [ OPTIONS ]
       ss [ OPTIONS ] [ FILTER ]
   -h, --help          this message
   -V, --version       output version information
   -n, --numeric       don't resolve service names
   -r, --resolve       resolve host names
   -a, --all           display all sockets
   -l, --listening     display listening sockets
   -o, --options       show timer information
   -e, --extended      show detailed socket information
   -m, --memory        show socket memory usage
   -p, --processes     show process using socket
   -T, --threads       show thread using socket
   -i, --info          show internal TCP information
       --tipcinfo      show internal tipc socket information
   -s, --summary       show socket usage summary
       --tos           show tos and priority information
       --cgroup        show cgroup information
   -b, --bpf           show bpf filter socket information
   -E, --events        continually display sockets as they are destroyed
   -Z, --context       display task SELinux security contexts
   -z, --contexts      display task and socket SELinux security contexts
   -N, --net           switch to the specified network namespace name

   -4, --ipv4          display only IP version 4 sockets
   -6, --ipv6          display only IP version 6 sockets
   -0, --packet        display PACKET sockets
   -t, --tcp           display only TCP sockets
   -M, --mptcp         display only MPTCP sockets
   -S, --sctp          display only SCTP sockets
   -u, --udp           display only UDP sockets
   -d, --dccp          display only DCCP sockets
   -w, --raw           display only RAW sockets
   -x, --unix          display only Unix domain sockets
       --tipc          display only TIPC sockets
       --vsock         display only vsock sockets
       --xdp           display only XDP sockets
   -f, --family=FAMILY display sockets of type FAMILY
       FAMILY := {inet|inet6|link|unix|netlink|vsock|tipc|xdp|help}

   -K, --kill          forcibly close sockets, display what was closed
   -H, --no-header     Suppress header line
   -O, --oneline       socket's data printed on a single line
       --inet-sockopt  show various inet socket options

   -A, --query=QUERY, --socket=QUERY
       QUERY := {all|inet|tcp|mptcp|udp|raw|unix|unix_dgram|unix_stream|unix_seqpacket|packet|packet_raw|packet_dgram|netlink|dccp|sctp|vsock_stream|vsock_dgram|tipc|xdp}[,QUERY]

   -D, --diag=FILE     Dump raw information about TCP sockets to FILE
   -F, --filter=FILE   read filter information from FILE
       FILTER := [ state STATE-FILTER ] [ EXPRESSION ]
       STATE-FILTER := {all|connected|synchronized|bucket|big|TCP-STATES}
         TCP-STATES := {established|syn-sent|syn-recv|fin-wait-{1,2}|time-wait|closed|close-wait|last-ack|listening|closing}
          connected := {established|syn-sent|syn-recv|fin-wait-{1,2}|time-wait|close-wait|last-ack|closing}
       synchronized := {established|syn-recv|fin-wait-{1,2}|time-wait|close-wait|last-ack|closing}
             bucket := {syn-recv|time-wait}
                big := {established|syn-sent|fin-wait-{1,2}|closed|close-wait|last-ack|listening|closing}
`;

const left = (s: string, w: number) => s.padEnd(w, " ");
const right = (s: string, w: number) => s.padStart(w, " ");

export const ss: Command = (argv, { world, session }) => {
  const ns = getNetns(world, session.machine);
  if (!ns) return { world, stdout: "", stderr: "", exitCode: 0 };
  const words: string[] = [];
  const f = {
    ...{ t: false, u: false, l: false, a: false, n: false, p: false, v4: false, v6: false, H: false, s: false },
    o: false,
    x: false,
  };
  // ss exits as soon as getopt meets -Z/-z on a kernel without SELinux, as Debian's is.
  const noSelinux = { world, stdout: "", stderr: "ss: SELinux is not enabled.\n", exitCode: 1 };
  for (const a of argv.slice(1)) {
    const long: Record<string, keyof typeof f> = {
      "--tcp": "t", "--udp": "u", "--listening": "l", "--all": "a", "--numeric": "n", "--processes": "p",
      "--ipv4": "v4", "--ipv6": "v6", "--no-header": "H", "--summary": "s", "--options": "o", "--unix": "x",
    }; // prettier-ignore
    if (a === "--context" || a === "--contexts") return noSelinux;
    if (a.startsWith("--")) {
      const k = long[a];
      if (k === undefined)
        return { world, stdout: "", stderr: `ss: unrecognized option '${a}'\n${SS_USAGE}`, exitCode: 255 };
      f[k] = true;
      continue;
    }
    if (!a.startsWith("-") || a === "-" || a === "!") {
      words.push(a);
      continue;
    }
    for (const ch of a.slice(1)) {
      if (ch === "4") f.v4 = true;
      else if (ch === "6") f.v6 = true;
      else if (ch in f && ch !== "v4" && ch !== "v6") f[ch as keyof typeof f] = true;
      else if (ch === "Z" || ch === "z") return noSelinux;
      else if ("remiTswd0SMObHK".includes(ch)) continue;
      else return { world, stdout: "", stderr: `ss: invalid option -- '${ch}'\n${SS_USAGE}`, exitCode: 255 };
    }
  }
  if (f.s) return { world, stdout: summary(world, ns), stderr: "", exitCode: 0 };
  // -x asks for the unix socket tables, which the lab does not hold: they add the Netid column
  // (more than one table is dumped) but no rows.
  const protos = f.t || f.u ? [...(f.t ? ["tcp"] : []), ...(f.u ? ["udp"] : [])] : f.x ? [] : ["tcp", "udp"];
  const showNetid = protos.length > 1 || f.x;
  // -l dumps listening (and unconnected udp, state closed) sockets, -a all, neither the connected ones.
  const defaults = new Set<SsState>(
    f.a ? SS_STATES : f.l ? ["listening", "closed"] : SS_STATES.filter((x) => x !== "listening" && x !== "closed"),
  );
  const filter = parseSsFilter(words, defaults);
  if (!filter.ok) return { world, stdout: "", stderr: filter.error, exitCode: filter.exitCode ?? 1 };
  const states = filter.states ?? defaults;
  const services = Object.fromEntries(Object.entries(SERVICES).map(([k, name]) => [name, Number(k.split("/")[1])]));
  const rows = listenersInDumpOrder(ns).filter(
    (l) =>
      protos.includes(l.proto) &&
      !(f.v4 && !f.v6 && isV6(l)) &&
      !(f.v6 && !f.v4 && !isV6(l)) &&
      states.has(l.proto === "udp" ? "closed" : "listening") &&
      ssMatches(
        filter.ok ? filter.expr : undefined,
        { state: "listening", laddr: l.addr, lport: l.port, raddr: "*", rport: 0 },
        services,
      ),
  );
  // With one state asked for, ss leaves the State column out.
  const showState = states.size > 1;
  // ss lists udp before tcp when both are asked for.
  rows.sort((x, y) => (x.proto === y.proto ? 0 : x.proto === "udp" ? -1 : 1));
  const svc = (proto: string, p: number) => (f.n ? String(p) : (SERVICES[`${proto}/${p}`] ?? String(p)));
  const port = (l: Listener) => svc(l.proto, l.port);
  const cells = rows.map((l) => ({
    netid: l.proto,
    state: l.proto === "udp" ? "UNCONN" : "LISTEN",
    recv: "0",
    send: String(backlogOf(l)),
    // A [::] socket that takes IPv4 too (v6only off, as busybox's) is shown as `*`.
    local: l.dualStack ? "*:" : isV6(l) ? `[${l.addr}]:` : `${l.addr}:`,
    lport: port(l),
    peer: l.dualStack ? "*:" : isV6(l) ? "[::]:" : "0.0.0.0:",
    pport: "*",
    proc: f.p ? usersOf(world, l) : "",
  }));
  // TIME-WAIT sockets belong to no process; the kernel dumps them after the listeners.
  if (protos.includes("tcp") && states.has("time-wait") && !(f.v6 && !f.v4)) {
    for (const t of timeWaitSockets(ns, world.clock)) {
      const sel = { state: "time-wait" as const, laddr: t.local, lport: t.lport, raddr: t.peer, rport: t.pport };
      if (!ssMatches(filter.ok ? filter.expr : undefined, sel, services)) continue;
      cells.push({
        netid: "tcp",
        state: "TIME-WAIT",
        recv: "0",
        send: "0",
        local: `${t.local}:`,
        lport: svc("tcp", t.lport),
        peer: `${t.peer}:`,
        pport: svc("tcp", t.pport),
        proc: f.o ? ` timer:(timewait,${msTimer(t.until - world.clock)},0)` : "",
      });
    }
  }
  // Columns are as wide as their cells and, unless -H drops it, their header; the queues
  // are printed "%-6d", so they are never narrower than 6.
  const width = (head: string, pick: (c: (typeof cells)[number]) => string) =>
    Math.max(f.H ? 0 : head.length, ...cells.map((c) => pick(c).length));
  const queueWidth = (head: string, pick: (c: (typeof cells)[number]) => string) => Math.max(6, width(head, pick));
  const wN = width("Netid", (c) => c.netid);
  const wS = width("State", (c) => c.state);
  const wR = queueWidth("Recv-Q", (c) => c.recv);
  const wQ = queueWidth("Send-Q", (c) => c.send);
  const wL = width("Local Address:", (c) => c.local);
  const wLP = width("Port", (c) => c.lport);
  const wP = width("Peer Address:", (c) => c.peer);
  const wPP = width("Port", (c) => c.pport);
  const wX = width("Process", (c) => c.proc);
  let out = "";
  if (!f.H) {
    out += showNetid ? `${left("Netid", wN)} ` : "";
    out += showState ? `${left("State", wS)} ` : "";
    out += `${left("Recv-Q", wR)} ${left("Send-Q", wQ)} ${right("Local Address:", wL)}${left("Port", wLP)} `;
    out += `${right("Peer Address:", wP)}${left("Port", wPP)}${left("Process", wX)}\n`;
  }
  for (const c of cells) {
    out += showNetid ? `${left(c.netid, wN)} ` : "";
    out += showState ? `${left(c.state, wS)} ` : "";
    out += `${left(c.recv, wR)} ${left(c.send, wQ)} ${right(c.local, wL)}${left(c.lport, wLP)} `;
    out += `${right(c.peer, wP)}${left(c.pport, wPP)}${left(c.proc, wX)}\n`;
  }
  return { world, stdout: out, stderr: "", exitCode: 0 };
};

/** ss's print_ms_timer: `1min`, `59sec`, `5.123ms`, `800ms`. */
export function msTimer(ms: number): string {
  const t = Math.max(0, Math.floor(ms));
  const minutes = Math.floor(t / 60_000);
  let secs = Math.floor(t / 1000) % 60;
  let msecs = t % 1000;
  let out = "";
  if (minutes) {
    msecs = 0;
    out += `${minutes}min`;
    if (minutes > 9) secs = 0;
  }
  if (secs) {
    if (secs > 9) msecs = 0;
    out += `${secs}${msecs ? "." : "sec"}`;
  }
  if (msecs) out += `${String(msecs).padStart(3, "0")}ms`;
  return out;
}

/**
 * `ss -s`: the transport table counts the namespace's hashed sockets (its listeners); the
 * totals above it come from the kernel's allocation counters, which are machine-wide: the
 * lab counts every namespace's sockets there.
 */
function summary(world: World, ns: Netns): string {
  const count = (proto: string, v6: boolean) => ns.listeners.filter((l) => l.proto === proto && isV6(l) === v6).length;
  const [u4, u6, t4, t6] = [count("udp", false), count("udp", true), count("tcp", false), count("tcp", true)];
  const all = Object.values(world.netns);
  const tw = timeWaitSockets(ns, world.clock).length;
  const tcpAlloc = all.reduce((n, x) => n + x.listeners.filter((l) => l.proto === "tcp").length, 0);
  const socks = all.reduce((n, x) => n + x.listeners.length, 0);
  const row = (name: string, a: number, b: number) =>
    `${name}\t  ${String(a + b).padEnd(9)} ${String(a).padEnd(9)} ${String(b).padEnd(9)}\n`;
  return (
    `Total: ${socks}\n` +
    `TCP:   ${tcpAlloc + tw} (estab 0, closed ${tcpAlloc - t4 - t6}, orphaned 0, timewait ${tw})\n\n` +
    "Transport Total     IP        IPv6\n" +
    row("RAW", 0, 0) +
    row("UDP", u4, u6) +
    row("TCP", t4, t6) +
    row("INET", u4 + t4, u6 + t6) +
    row("FRAG", 0, 0) +
    "\n"
  );
}
