/**
 * `ping`: ICMP echo through the simulated kernel. The host and the internet run
 * iputils' ping, containers run busybox's; the two print differently (checked
 * against the oracle). Echoes go -i seconds apart (1), -c of them or as many as -w
 * seconds allow; a reply still missing after the last is waited for -W seconds.
 */
import { hasCap } from "../../../docker/run-settings.ts";
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
import { parseIpv4 } from "../../../ipv4.ts";
import { resolveName, resolveName6 } from "../../../programs/resolver.ts";
import { hasIpv6Loopback, IP6_LOOPBACK, isIpv6 } from "../../../kernel/ipv6.ts";
import { sendPacket } from "../../../kernel/stack/walk.ts";
import { route6Of } from "../../../kernel/stack/tcp.ts";
import type { Command, CommandContext, CommandResult } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { parseBusybox, parseIputils, UNBOUNDED_COUNT, type PingOpts } from "./options.ts";

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
  o: PingOpts,
): { ttl: number; hops: number } | undefined {
  const req: Packet = {
    proto: "icmp",
    src: sock.addr,
    dst,
    icmp: { type: 8, code: 0, id: sock.port, seq },
    ttl: o.ttl ?? 64,
    len: IP_HEADER + ICMP_ECHO_HEADER + o.size,
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

// The program is the machine's own: `nsenter -n ping` on the host runs iputils' in the container's namespace.
export const ping: Command = (argv, ctx) => pingAs(argv, ctx, isBusybox(machineOf(ctx.world, ctx.session), "ping"));

/** `busybox ping` where busybox is not the shell's provider (the Debian host): busybox's applet, whatever ping is there. */
export const busyboxPing: Command = (argv, ctx) => pingAs(argv, ctx, true);

function pingAs(argv: readonly string[], ctx: CommandContext, busybox: boolean): CommandResult {
  const machine = machineOf(ctx.world, ctx.session);
  const o = busybox ? parseBusybox(argv) : parseIputils(argv);
  if ("error" in o) return { world: ctx.world, stdout: "", stderr: o.error, exitCode: busybox ? 1 : 2 };
  if (o.target === undefined) {
    return { world: ctx.world, stdout: "", stderr: "ping: usage error: Destination address required\n", exitCode: 2 };
  }
  const st = createWalkState(ctx.world);
  const done = (r: Omit<CommandResult, "world" | "events">): CommandResult => ({
    ...r,
    world: worldOf(st),
    events: st.events,
  });
  const target = o.target;
  const badAddress = () => done({ stdout: "", stderr: `ping: bad address '${target}'\n`, exitCode: 1 });
  // busybox asks getaddrinfo for the family -4/-6 name: a literal of the other one is no address.
  if (busybox && ((o.ipv4 && isIpv6(target)) || (o.ipv6 && parseIpv4(target) !== null))) return badAddress();
  if (busybox && o.ipv6 && !isIpv6(target)) {
    const r6 = resolveName6(st.world, ctx.session.machine, target);
    return r6.kind === "address" ? done(ping6(st, ctx.session.machine, o, target, busybox, r6.address)) : badAddress();
  }
  if (o.ipv6 || isIpv6(target)) return done(ping6(st, ctx.session.machine, o, target, busybox));
  const res = resolveName(st, ctx.session.machine, "ping", o.target);
  // glibc's getaddrinfo sorts an embedded DNS's AAAA answer (a ULA) before its A (RFC 3484's table).
  if (busybox && !o.ipv4 && res.kind === "address" && res.address6 !== undefined)
    return done(ping6(st, ctx.session.machine, o, target, busybox, res.address6));
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
  // -I ADDR names the source (and busybox's header says so); -I IFACE leaves it to the route.
  const from = o.source !== undefined && /^\d+\.\d+\.\d+\.\d+$/.test(o.source) ? o.source : undefined;
  const bbHead = `PING ${o.target} (${dst})${from ? ` from ${from}` : ""}: ${o.size} data bytes\n`;
  // busybox opens a raw socket after its header: a container without CAP_NET_RAW (--cap-drop) is refused.
  const ctr = busybox ? machine.container : undefined;
  if (ctr && !hasCap(ctr, "NET_RAW"))
    return done({ stdout: bbHead, stderr: "ping: permission denied (are you root?)\n", exitCode: 1 });
  // A namespace that is gone has no routes left: the send fails as with none.
  const ns = getNs(st, ctx.session.machine);
  const route = ns ? lookupRoute(ns, dst) : undefined;
  if (!ns || !route)
    return done({
      // busybox has printed its header before sendto() fails; iputils' connect() fails first.
      stdout: busybox ? bbHead : "",
      stderr: busybox ? "ping: sendto: Network is unreachable\n" : "ping: connect: Network is unreachable\n",
      exitCode: busybox ? 1 : 2,
    });
  const src = from ?? (route.type === "local" ? dst : (sourceAddressFor(ns, route) ?? "0.0.0.0"));
  const sock: Socket = { netns: ns.id, proto: "icmp", addr: src, port: randomInt(st, 1, 65535), process: "ping" };
  st.sockets.push(sock);
  const flowId = st.nextFlowId++;
  // iputils names the source it bound: `from ADDR : ` for -I ADDR, `from ADDR IFACE: ` for -I IFACE.
  const bound = o.source === undefined ? "" : `from ${src} ${from ? "" : o.source}: `;
  const head = busybox ? bbHead : `PING ${o.target} (${dst}) ${bound}${o.size}(${o.size + 28}) bytes of data.\n`;
  return done(echoes(st, sock, dst, flowId, o, busybox, head, (t) => t.toFixed(3)));
}

/** How many echoes ping sends: -c, cut short by -w, each -i seconds after the last. */
function echoCount(o: PingOpts, busybox: boolean): number {
  const byCount = o.count > 0 ? Math.min(o.count, 100) : undefined;
  if (o.deadline === undefined) return byCount ?? (busybox ? UNBOUNDED_COUNT : 4);
  const byDeadline = Math.max(1, Math.ceil(o.deadline / Math.max(o.interval, 0.001)));
  return Math.min(byCount ?? 100, byDeadline);
}

/** The echoes and their replies, one each -i seconds, then the statistics; `gnuTime` is how iputils prints a time. */
function echoes(
  st: WalkState,
  sock: Socket,
  dst: string,
  flowId: number,
  o: PingOpts,
  busybox: boolean,
  head: string,
  gnuTime: (ms: number) => string,
): { stdout: string; stderr: string; exitCode: number } {
  let out = head;
  const times: number[] = [];
  const n = echoCount(o, busybox);
  const t0 = st.world.clock;
  // busybox stamps its send time in the payload's first 4 bytes: a smaller payload carries none, so no time is known.
  const timed = !busybox || o.size >= 4;
  for (let seq = 0; seq < n; seq++) {
    const r = echo(st, sock, dst, busybox ? seq : seq + 1, flowId, o);
    if (r) {
      const t = rttMs(r.hops, seq);
      times.push(t);
      if (!o.quiet)
        out += busybox
          ? `${o.size + 8} bytes from ${dst}: seq=${seq} ttl=${r.ttl}${timed ? ` time=${fmt(t)} ms` : ""}\n`
          : `${o.size + 8} bytes from ${dst}: icmp_seq=${seq + 1} ttl=${r.ttl} time=${gnuTime(t)} ms\n`;
    }
    if (seq < n - 1) advanceClock(st, Math.round(o.interval * 1000));
  }
  // A reply still missing is waited for -W seconds after the last echo, no longer than -w allows.
  if (times.length < n) {
    let wait = Math.round(o.wait * 1000);
    if (o.deadline !== undefined) wait = Math.min(wait, Math.max(0, t0 + o.deadline * 1000 - st.world.clock));
    advanceClock(st, wait);
  }
  const missed = o.deadline !== undefined && o.count > 0 && times.length < o.count;
  return {
    stdout: out + summary(o.target!, n, timed ? times : [], busybox, times.length),
    stderr: "",
    exitCode: times.length > 0 && !missed ? 0 : 1,
  };
}

/** The statistics ping prints at the end. */
function summary(target: string, n: number, times: readonly number[], busybox: boolean, got = times.length): string {
  let out = "";
  const loss = Math.round(((n - got) / n) * 100);
  out += `\n--- ${target} ping statistics ---\n`;
  if (busybox) {
    // busybox divides in integers: (nt - nr) * 100 / nt, so 2 lost of 3 is 66%.
    const lost = n > 0 ? Math.floor(((n - got) * 100) / n) : 0;
    out += `${n} packets transmitted, ${got} packets received, ${lost}% packet loss\n`;
    if (times.length > 0) {
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
  o: PingOpts,
  target: string,
  busybox: boolean,
  /** The address a name resolved to (absent: `target` is the address). */
  resolved?: string,
): Omit<CommandResult, "world" | "events"> {
  const dst = resolved ?? target.replace(/%.*$/, "");
  const ns = getNs(st, netns);
  const shown = resolved ?? target;
  const head = busybox
    ? `PING ${target} (${shown}): ${o.size} data bytes\n`
    : `PING ${target}(${shown}) ${o.size} data bytes\n`;
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
