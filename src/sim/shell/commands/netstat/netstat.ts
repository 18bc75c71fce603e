/**
 * `netstat` (net-tools 2.10 on the host and the internet, busybox 1.35 in
 * containers) over the namespace's listening sockets: `netstat -tlnp` names the
 * program holding each port. Only listeners are modelled, so -l (or -a) is what
 * shows anything; busybox has no -p.
 */
import { getNetns } from "../../../kernel/netns.ts";
import type { Listener } from "../../../kernel/types.ts";
import type { Command } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { netstatRoutes } from "../route/table.ts";
import { isV6, listenersInDumpOrder, SERVICES } from "../ss/ss.ts";

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

export const netstat: Command = (argv, { world, session }) => {
  const bb = isBusybox(machineOf(world, session), "netstat");
  const ns = getNetns(world, session.machine);
  if (!ns) return { world, stdout: "", stderr: "", exitCode: 0 };
  const f = { t: false, u: false, l: false, a: false, n: false, p: false };
  for (const a of argv.slice(1)) {
    if (!a.startsWith("-")) continue;
    for (const ch of a.slice(1)) {
      if (ch === "p" && bb) {
        return { world, stdout: "", stderr: `netstat: invalid option -- 'p'\n${BUSYBOX_USAGE}`, exitCode: 1 };
      }
      if (ch in f) f[ch as keyof typeof f] = true;
      else if ("ewxr".includes(ch)) continue;
      else if (bb)
        return { world, stdout: "", stderr: `netstat: invalid option -- '${ch}'\n${BUSYBOX_USAGE}`, exitCode: 1 };
      else {
        return {
          world,
          stdout: "",
          stderr: `netstat: invalid option -- '${ch}'\nusage: netstat [-vWeenNcCF] [<Af>] -r         netstat {-V|--version|-h|--help}\n`,
          exitCode: 1,
        };
      }
    }
  }
  if (argv.slice(1).some((a) => /^-[a-z]*r/.test(a)))
    return { world, stdout: netstatRoutes(ns, f.n), stderr: "", exitCode: 0 };
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
  out += bb ? "State       \n" : withPid ? "State       PID/Program name    \n" : "State      \n";
  if (!listening) return { world, stdout: out, stderr: "", exitCode: 0 };
  const rows = listenersInDumpOrder(ns).filter((l) => protos.includes(l.proto));
  // netstat reads /proc/net/tcp, tcp6, udp, udp6 in that order.
  const order = (l: Listener) => (l.proto === "tcp" ? 0 : 2) + (isV6(l) ? 1 : 0);
  rows.sort((x, y) => order(x) - order(y));
  for (const l of rows) {
    // busybox names IPv6 sockets tcp/udp too; net-tools says tcp6/udp6.
    const proto = `${l.proto}${isV6(l) && !bb ? "6" : ""}`;
    const foreign = isV6(l) ? ":::*" : "0.0.0.0:*";
    const state = l.proto === "tcp" ? "LISTEN" : "";
    let line = `${proto.padEnd(5)} ${"0".padStart(6)} ${"0".padStart(6)} ${address(l, f.n).padEnd(23)} ${foreign.padEnd(23)} `;
    if (bb) line += state.padEnd(12);
    else if (withPid) line += `${state.padEnd(11)} ${`${l.pid}/${l.process}`.padEnd(20)}`;
    else line += state.padEnd(11);
    out += line + "\n";
  }
  return { world, stdout: out, stderr: "", exitCode: 0 };
};
