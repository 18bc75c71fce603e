/**
 * `netstat` (net-tools 2.10 on the host and the internet, busybox 1.35 in
 * containers) over the namespace's listening sockets: `netstat -tlnp` names the
 * program holding each port. Only listeners are modelled, so -l (or -a) is what
 * shows anything; busybox has no -p.
 */
import { getNetns } from "../../../kernel/netns.ts";
import { socketInode } from "../../../kernel/procnet.ts";
import type { Listener, Netns, TimeWaitSocket } from "../../../kernel/types.ts";
import type { Command } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { netstatRoutes } from "../route/table.ts";
import { isV6, listenersInDumpOrder, SERVICES } from "../ss/ss.ts";
import { timeWaitSockets } from "../../../kernel/stack/time-wait.ts";
import { ifconfigBlock } from "../ifconfig/ifconfig.ts";
import { linksByName, viewLink } from "../ip/ip-links.ts";
import type { World } from "../../../world.ts";

const BUSYBOX_USAGE = `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.

Usage: netstat [-ral] [-tuwx] [-en]

Display networking information

\t-r\tRouting table
\t-a\tAll sockets
\t-l\tListening sockets
\t\tElse: connected sockets
\t-t\tTCP sockets
\t-u\tUDP sockets
\t-w\tRaw sockets
\t-x\tUnix sockets
\t\tElse: all socket types
\t-e\tOther/more information
\t-n\tDon't resolve names
`;

function address(l: Listener, numeric: boolean): string {
  const port = numeric ? String(l.port) : (SERVICES[`${l.proto}/${l.port}`] ?? String(l.port));
  if (isV6(l)) return `${l.addr === "::" ? "::" : l.addr}:${port}`;
  const host = !numeric && l.addr === "127.0.0.1" ? "localhost" : l.addr;
  return `${host}:${port}`;
}

/** net-tools 2.10's usage, on stderr after an option error (exit 3). */
const NET_TOOLS_USAGE = `usage: netstat [-vWeenNcCF] [<Af>] -r         netstat {-V|--version|-h|--help}
       netstat [-vWnNcaeol] [<Socket> ...]
       netstat { [-vWeenNac] -i | [-cnNe] -M | -s [-6tuw] }

        -r, --route              display routing table
        -i, --interfaces         display interface table
        -g, --groups             display multicast group memberships
        -s, --statistics         display networking statistics (like SNMP)
        -M, --masquerade         display masqueraded connections

        -v, --verbose            be verbose
        -W, --wide               don't truncate IP addresses
        -n, --numeric            don't resolve names
        --numeric-hosts          don't resolve host names
        --numeric-ports          don't resolve port names
        --numeric-users          don't resolve user names
        -N, --symbolic           resolve hardware names
        -e, --extend             display other/more information
        -p, --programs           display PID/Program name for sockets
        -o, --timers             display timers
        -c, --continuous         continuous listing

        -l, --listening          display listening server sockets
        -a, --all                display all sockets (default: connected)
        -F, --fib                display Forwarding Information Base (default)
        -C, --cache              display routing cache instead of FIB
        -Z, --context            display SELinux security context for sockets

  <Socket>={-t|--tcp} {-u|--udp} {-U|--udplite} {-S|--sctp} {-w|--raw}
           {-x|--unix} --ax25 --ipx --netrom
  <AF>=Use '-6|-4' or '-A <af>' or '--<af>'; default: inet
  List of possible address families (which support routing):
    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) 
    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) 
    ddp (Appletalk DDP) x25 (CCITT X.25) 
`;

/** net-tools' long options and the short letter each stands for ("" for those without one). */
const LONG: Readonly<Record<string, string>> = {
  route: "r", interfaces: "i", groups: "g", statistics: "s", masquerade: "M", verbose: "v", wide: "W",
  numeric: "n", "numeric-hosts": "", "numeric-ports": "", "numeric-users": "", symbolic: "N", extend: "e",
  programs: "p", timers: "o", continuous: "c", listening: "l", all: "a", fib: "F", cache: "C", context: "Z",
  tcp: "t", udp: "u", udplite: "U", sctp: "S", raw: "w", unix: "x", inet: "4", inet6: "6", help: "h", version: "V",
}; // prettier-ignore

type Flags = {
  t: boolean;
  u: boolean;
  l: boolean;
  a: boolean;
  n: boolean;
  p: boolean;
  e: boolean;
  i: boolean;
  r: boolean;
  /** -4/--inet and -6/--inet6: net-tools reads only that family's /proc files (both when both or neither). */
  "4": boolean;
  "6": boolean;
};

/** Reads net-tools' options (getopt_long: prefixes of long ones, clusters of short ones); an error text on failure. */
function readNetTools(argv: readonly string[], f: Flags): string | undefined {
  for (const a of argv.slice(1)) {
    if (a.startsWith("--")) {
      const [name = "", value] = a.slice(2).split(/=(.*)/s);
      const hits = Object.keys(LONG).filter((k) => k.startsWith(name));
      const key = LONG[name] !== undefined ? name : hits.length === 1 ? hits[0] : undefined;
      if (key === undefined) {
        return hits.length > 1 ? `netstat: option '${a}' is ambiguous\n` : `netstat: unrecognized option '${a}'\n`;
      }
      if (value !== undefined) return `netstat: option '--${key}' doesn't allow an argument\n`;
      const ch = LONG[key]!;
      if (key === "numeric-hosts" || key === "numeric-ports" || key === "numeric-users")
        f.n ||= key !== "numeric-users";
      else if (ch in f) f[ch as keyof Flags] = true;
      continue;
    }
    if (!a.startsWith("-")) continue;
    for (const ch of a.slice(1)) {
      if (ch in f) f[ch as keyof Flags] = true;
      else if (!"vWNocFCZUSwxg".includes(ch)) return `netstat: invalid option -- '${ch}'\n`;
    }
  }
  return undefined;
}

/** `netstat -i`: net-tools' short interface table, by name, the links that are up (all with -a). */
function interfaceTable(world: World, ns: Netns, all: boolean, extend: boolean): string {
  const links = linksByName(ns).filter((l) => all || l.up);
  if (extend) return "Kernel Interface table\n" + links.map((l) => ifconfigBlock(ns, viewLink(world, ns, l))).join("");
  let out = "Kernel Interface table\n";
  out += "Iface             MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\n";
  for (const l of links) {
    const v = viewLink(world, ns, l);
    const st = v.stats;
    const loop = l.kind === "loopback";
    // ife_print_short's flag letters, in its order.
    const flg = (loop ? "" : "B") + (loop ? "L" : "") + (loop ? "" : "M") + (v.running ? "R" : "") + (l.up ? "U" : "");
    const n = (x: number, w: number) => String(x).padStart(w);
    out += `${l.name.slice(0, 15).padEnd(15)} ${n(l.mtu, 5)} ${n(st.rxPackets, 8)} ${n(0, 6)} ${n(0, 6)} ${"0".padEnd(6)} `;
    out += `${n(st.txPackets, 8)} ${n(0, 6)} ${n(st.txDropped ?? 0, 6)} ${n(0, 6)} ${flg}\n`;
  }
  return out;
}

export const netstat: Command = (argv, { world, session }) => {
  const bb = isBusybox(machineOf(world, session), "netstat");
  const ns = getNetns(world, session.machine);
  if (!ns) return { world, stdout: "", stderr: "", exitCode: 0 };
  const f: Flags = {
    ...{ t: false, u: false, l: false, a: false, n: false, p: false, e: false, i: false, r: false },
    ...{ "4": false, "6": false },
  };
  if (bb) {
    for (const a of argv.slice(1)) {
      if (!a.startsWith("-")) continue;
      for (const ch of a.slice(1)) {
        if (ch in f && !"pi46".includes(ch)) f[ch as keyof Flags] = true;
        else if (!"wx".includes(ch))
          return { world, stdout: "", stderr: `netstat: invalid option -- '${ch}'\n${BUSYBOX_USAGE}`, exitCode: 1 };
      }
    }
  } else {
    const error = readNetTools(argv, f);
    if (error !== undefined) return { world, stdout: "", stderr: error + NET_TOOLS_USAGE, exitCode: 3 };
    if (f.i) return { world, stdout: interfaceTable(world, ns, f.a, f.e), stderr: "", exitCode: 0 };
  }
  if (f.r) return { world, stdout: netstatRoutes(ns, f.n), stderr: "", exitCode: 0 };
  const protos = f.t || f.u ? [...(f.t ? ["tcp"] : []), ...(f.u ? ["udp"] : [])] : ["tcp", "udp"];
  const listening = f.l || f.a;
  const title = f.l
    ? "Active Internet connections (only servers)"
    : f.a
      ? "Active Internet connections (servers and established)"
      : "Active Internet connections (w/o servers)";
  const withPid = f.p && !bb;
  let out = `${title}\n`;
  out += "Proto Recv-Q Send-Q Local Address           Foreign Address         ";
  const ext = f.e && !bb;
  out += bb
    ? "State       \n"
    : `${ext || withPid ? "State      " : "State      \n"}${ext ? " User       Inode     " : ""}${withPid ? " PID/Program name    " : ""}${ext || withPid ? "\n" : ""}`;
  const family = (v6: boolean) => f["4"] === f["6"] || (v6 ? f["6"] : f["4"]);
  const rows = listening ? listenersInDumpOrder(ns).filter((l) => protos.includes(l.proto) && family(isV6(l))) : [];
  // netstat reads /proc/net/tcp, tcp6, udp, udp6 in that order.
  const order = (l: Listener) => (l.proto === "tcp" ? 0 : 2) + (isV6(l) ? 1 : 0);
  rows.sort((x, y) => order(x) - order(y));
  // /proc/net/tcp lists the listening hash first, then the established one (TIME-WAIT too), before tcp6.
  const waiting = protos.includes("tcp") && !f.l && family(false) ? timeWaitSockets(ns, world.clock) : [];
  const v4tcp = rows.filter((l) => l.proto === "tcp" && !isV6(l)).length;
  for (const [i, l] of rows.entries()) {
    if (i === v4tcp) out += timeWaitLines(waiting, f.n, bb, ext, withPid);
    // busybox names IPv6 sockets tcp/udp too; net-tools says tcp6/udp6.
    const proto = `${l.proto}${isV6(l) && !bb ? "6" : ""}`;
    const foreign = isV6(l) ? ":::*" : "0.0.0.0:*";
    const state = l.proto === "tcp" ? "LISTEN" : "";
    let line = `${proto.padEnd(5)} ${"0".padStart(6)} ${"0".padStart(6)} ${address(l, f.n).padEnd(23)} ${foreign.padEnd(23)} `;
    if (bb) line += state.padEnd(12);
    else {
      line += state.padEnd(11);
      if (ext) line += ` ${"0".padEnd(10)} ${String(socketInode(l)).padEnd(10)}`;
      if (withPid) line += ` ${`${l.pid}/${l.process}`.padEnd(20)}`;
    }
    out += line + "\n";
  }
  if (rows.length <= v4tcp) out += timeWaitLines(waiting, f.n, bb, ext, withPid);
  return { world, stdout: out, stderr: "", exitCode: 0 };
};

/** TIME-WAIT sockets as netstat prints them: no owner (`-`), user 0 and inode 0. */
function timeWaitLines(
  waiting: readonly TimeWaitSocket[],
  numeric: boolean,
  bb: boolean,
  ext: boolean,
  withPid: boolean,
): string {
  let out = "";
  const at = (addr: string, port: number) => address({ proto: "tcp", addr, port } as Listener, numeric);
  for (const t of waiting) {
    let line = `tcp   ${"0".padStart(6)} ${"0".padStart(6)} ${at(t.local, t.lport).padEnd(23)} ${at(t.peer, t.pport).padEnd(23)} `;
    if (bb) line += "TIME_WAIT".padEnd(12);
    else {
      line += "TIME_WAIT".padEnd(11);
      if (ext) line += ` ${"0".padEnd(10)} ${"0".padEnd(10)}`;
      if (withPid) line += ` ${"-".padEnd(20)}`;
    }
    out += line + "\n";
  }
  return out;
}
