/**
 * `ping`: ICMP echo through the simulated kernel. The host and the internet run
 * iputils' ping, containers run busybox's; the two print differently (checked
 * against the oracle). Each echo waits one second; a lost reply waits -W seconds.
 */
import { lookupRoute, sourceAddressFor } from "../../../kernel/route.ts";
import {
  advanceClock,
  createWalkState,
  getNs,
  worldOf,
  randomInt,
  type Socket,
  type WalkState,
} from "../../../kernel/stack/context.ts";
import { IP_HEADER, ICMP_ECHO_HEADER, type Packet } from "../../../kernel/stack/packet.ts";
import { resolveName } from "../../../programs/resolver.ts";
import { hasIpv6Loopback, IP6_LOOPBACK, isIpv6 } from "../../../kernel/ipv6.ts";
import { sendPacket } from "../../../kernel/stack/walk.ts";
import { route6Of } from "../../../kernel/stack/tcp.ts";
import type { Command, CommandResult } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";

const BUSYBOX_PING_USAGE = `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.

Usage: ping [OPTIONS] HOST

Send ICMP ECHO_REQUESTs to HOST

\t-4,-6\t\tForce IP or IPv6 name resolution
\t-c CNT\t\tSend only CNT pings
\t-s SIZE\t\tSend SIZE data bytes in packets (default 56)
\t-i SECS\t\tInterval
\t-A\t\tPing as soon as reply is received
\t-t TTL\t\tSet TTL
\t-I IFACE/IP\tSource interface or IP address
\t-W SEC\t\tSeconds to wait for the first response (default 10)
\t\t\t(after all -c CNT packets are sent)
\t-w SEC\t\tSeconds until ping exits (default:infinite)
\t\t\t(can exit earlier with -c CNT)
\t-q\t\tQuiet, only display output at start/finish
\t-p HEXBYTE\tPayload pattern
`;

interface Opts {
  quiet?: boolean;
  /** -6 (or ping6): an IPv6 target. */
  ipv6?: boolean;
  count: number;
  wait: number;
  target?: string;
}

function parse(argv: readonly string[]): Opts | string {
  const o: Opts = { count: 4, wait: 10 };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-c" || a === "-W") {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) return `invalid argument: '${argv[i] ?? ""}'`;
      if (a === "-c") o.count = Math.min(Math.floor(v), 100);
      else o.wait = v;
    } else if (/^-c\d+$/.test(a)) o.count = Math.min(Number(a.slice(2)), 100);
    else if (a === "-q") o.quiet = true;
    else if (a === "-4" || a === "-n") continue;
    else if (a === "-6") o.ipv6 = true;
    else if (a.startsWith("-")) return `invalid option -- '${a.slice(1, 2)}'`;
    else o.target = a;
  }
  return o;
}

/** Round-trip time for a reply that crossed `hops` namespaces: small and deterministic. */
function rttMs(hops: number, seq: number): number {
  return 0.041 + 0.013 * hops + (seq === 0 ? 0.05 : 0);
}

function echo(
  st: WalkState,
  sock: Socket,
  dst: string,
  seq: number,
  flowId: number,
): { ttl: number; hops: number } | undefined {
  const req: Packet = {
    proto: "icmp",
    src: sock.addr,
    dst,
    icmp: { type: 8, code: 0, id: sock.port, seq },
    ttl: 64,
    len: IP_HEADER + ICMP_ECHO_HEADER + 56,
  };
  const before = st.events.length;
  const d = sendPacket(st, sock.netns, req, {
    sender: "ping",
    direction: "original",
    label: `echo request seq=${seq}`,
    flowId,
  });
  if (d.kind !== "delivered" || d.to.kind !== "kernel") return undefined;
  const seen = d.pkt;
  const reply: Packet = { ...seen, src: seen.dst, dst: seen.src, icmp: { ...seen.icmp!, type: 0 }, ttl: 64 };
  const back = sendPacket(st, d.netns, reply, {
    sender: "kernel",
    direction: "reply",
    label: `echo reply seq=${seq}`,
    flowId,
  });
  if (back.kind !== "delivered" || back.to.kind !== "socket" || back.to.socket !== sock) return undefined;
  const hops = st.events.slice(before).filter((e) => e.type === "hop").length;
  return { ttl: back.pkt.ttl, hops };
}

const fmt = (n: number) => n.toFixed(3);

export const ping: Command = (argv, ctx) => {
  // The program is the machine's own: `nsenter -n ping` on the host runs iputils' in the container's namespace.
  const busybox = isBusybox(machineOf(ctx.world, ctx.session), "ping");
  const o = parse(argv);
  if (typeof o === "string") return { world: ctx.world, stdout: "", stderr: `ping: ${o}\n`, exitCode: busybox ? 1 : 2 };
  if (o.target === undefined) {
    return {
      world: ctx.world,
      stdout: "",
      stderr: busybox ? BUSYBOX_PING_USAGE : "ping: usage error: Destination address required\n",
      exitCode: busybox ? 1 : 2,
    };
  }
  const st = createWalkState(ctx.world);
  const done = (r: Omit<CommandResult, "world" | "events">): CommandResult => ({
    ...r,
    world: worldOf(st),
    events: st.events,
  });
  if (o.ipv6 || isIpv6(o.target)) return done(ping6(st, ctx.session.machine, o, o.target, busybox));
  const res = resolveName(st, ctx.session.machine, "ping", o.target);
  if (res.kind !== "address") {
    return done({
      stdout: "",
      stderr: busybox
        ? `ping: bad address '${o.target}'\n`
        : `ping: ${o.target}: ${res.kind === "nxdomain" ? "Name or service not known" : "Temporary failure in name resolution"}\n`,
      exitCode: busybox ? 1 : 2,
    });
  }
  const dst = res.address;
  // A namespace that is gone has no routes left: the send fails as with none.
  const ns = getNs(st, ctx.session.machine);
  const route = ns ? lookupRoute(ns, dst) : undefined;
  // busybox prints its header before its first sendto fails (oracle: an --internal network's
  // container, no default route); iputils' connect fails before any header.
  if (!ns || !route)
    return done({
      stdout: busybox ? `PING ${o.target} (${dst}): 56 data bytes\n` : "",
      stderr: busybox ? "ping: sendto: Network is unreachable\n" : "ping: connect: Network is unreachable\n",
      exitCode: busybox ? 1 : 2,
    });
  const src = route.type === "local" ? dst : (sourceAddressFor(ns, route) ?? "0.0.0.0");
  const sock: Socket = { netns: ns.id, proto: "icmp", addr: src, port: randomInt(st, 1, 65535), process: "ping" };
  st.sockets.push(sock);
  const flowId = st.nextFlowId++;
  const head = busybox
    ? `PING ${o.target} (${dst}): 56 data bytes\n`
    : `PING ${o.target} (${dst}) 56(84) bytes of data.\n`;
  return done(echoes(st, sock, dst, flowId, o, busybox, head, (t) => t.toFixed(3)));
};

/** The echoes and their replies, one a second, then the statistics; `gnuTime` is how iputils prints a time. */
function echoes(
  st: WalkState,
  sock: Socket,
  dst: string,
  flowId: number,
  o: Opts,
  busybox: boolean,
  head: string,
  gnuTime: (ms: number) => string,
): { stdout: string; stderr: string; exitCode: number } {
  let out = head;
  const times: number[] = [];
  for (let seq = 0; seq < o.count; seq++) {
    const r = echo(st, sock, dst, busybox ? seq : seq + 1, flowId);
    if (r) {
      const t = rttMs(r.hops, seq);
      times.push(t);
      if (!o.quiet)
        out += busybox
          ? `64 bytes from ${dst}: seq=${seq} ttl=${r.ttl} time=${fmt(t)} ms\n`
          : `64 bytes from ${dst}: icmp_seq=${seq + 1} ttl=${r.ttl} time=${gnuTime(t)} ms\n`;
    }
    advanceClock(st, r ? (seq < o.count - 1 ? 1000 : 0) : Math.round(o.wait * 1000));
  }
  return { stdout: out + summary(o, times, busybox), stderr: "", exitCode: times.length > 0 ? 0 : 1 };
}

/** The statistics ping prints at the end. */
function summary(o: Opts, times: readonly number[], busybox: boolean): string {
  let out = "";
  const n = o.count;
  const got = times.length;
  const loss = Math.round(((n - got) / n) * 100);
  out += `\n--- ${o.target} ping statistics ---\n`;
  if (busybox) {
    out += `${n} packets transmitted, ${got} packets received, ${loss}% packet loss\n`;
    if (got > 0) {
      const avg = times.reduce((a, b) => a + b, 0) / got;
      out += `round-trip min/avg/max = ${fmt(Math.min(...times))}/${fmt(avg)}/${fmt(Math.max(...times))} ms\n`;
    }
  } else {
    const span = got > 0 ? (n - 1) * 1000 + 1 : (n - 1) * 1000;
    out += `${n} packets transmitted, ${got} received, ${loss}% packet loss, time ${Math.max(0, span)}ms\n`;
    if (got > 0) {
      const avg = times.reduce((a, b) => a + b, 0) / got;
      const mdev = Math.sqrt(times.reduce((a, t) => a + (t - avg) ** 2, 0) / got);
      out += `rtt min/avg/max/mdev = ${fmt(Math.min(...times))}/${fmt(avg)}/${fmt(Math.max(...times))}/${fmt(mdev)} ms\n`;
    } else out += "\n";
  }
  return out;
}

/**
 * An IPv6 target. The lab carries IPv6 over loopback only: ::1 answers (through the
 * walk, as an ICMPv6 echo); anything else has no route (a container's eth0 has IPv6
 * turned off by Docker; the host has link-local addresses but nothing to reach with them).
 */
function ping6(
  st: WalkState,
  netns: string,
  o: Opts,
  target: string,
  busybox: boolean,
): Omit<CommandResult, "world" | "events"> {
  const dst = target.replace(/%.*$/, "");
  const ns = getNs(st, netns);
  const head = busybox ? `PING ${target} (${target}): 56 data bytes\n` : `PING ${target}(${target}) 56 data bytes\n`;
  // ::1 through lo; any other address by its route (kernel/ipv6-route.ts), from the source it picks.
  const r = ns && dst !== IP6_LOOPBACK ? route6Of(st, ns, dst) : undefined;
  const src = r?.kind === "out" ? (r.src ?? "::") : dst;
  const routed = ns !== undefined && (r === undefined ? hasIpv6Loopback(ns) : r.kind !== "none");
  if (!ns || !routed)
    return {
      stdout: busybox ? head : "",
      stderr: busybox ? "ping: sendto: Network is unreachable\n" : "ping: connect: Network is unreachable\n",
      exitCode: busybox ? 1 : 2,
    };
  const sock: Socket = { netns: ns.id, proto: "icmp", addr: src, port: randomInt(st, 1, 65535), process: "ping" };
  st.sockets.push(sock);
  const flowId = st.nextFlowId++;
  return echoes(st, sock, dst, flowId, o, busybox, head, fmt);
}
