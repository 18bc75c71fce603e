/**
 * busybox 1.35's `traceroute` (the nginx image runs it as an applet): UDP probes to
 * port 33434 and up (ICMP echoes with -I), the first with TTL 1, then 2, ... Each hop
 * is the router whose kernel dropped the probe when its TTL ran out, named by the
 * address it answers from (the one it would use towards the sender); the destination
 * ends the trace. A probe nobody answers prints `*` after -w seconds. Its heading goes
 * to stderr, the hops to stdout, as busybox writes them (the oracle's nginx image).
 */
import { lookupRoute, sourceAddressFor } from "../../../kernel/route.ts";
import { advanceClock, createWalkState, getNs, randomInt, worldOf } from "../../../kernel/stack/context.ts";
import { ICMP_ECHO_HEADER, IP_HEADER, UDP_HEADER, type Packet } from "../../../kernel/stack/packet.ts";
import { sendPacket } from "../../../kernel/stack/walk.ts";
import { resolveName } from "../../../programs/resolver.ts";
import type { World } from "../../../world.ts";
import type { Command, CommandResult } from "../../command.ts";
import { bbGetopt } from "../../lib/bb-getopt.ts";
import { usage } from "../../lib/busybox-usage.ts";
import { nameOf } from "../arp/arp.ts";

const FLAGS = "FIlnrdvx46";
const VALUED = "timpqswzf";

interface Opts {
  numeric: boolean;
  icmp: boolean;
  first: number;
  max: number;
  probes: number;
  port: number;
  waitSec: number;
  host?: string;
}

function parse(argv: readonly string[]): Opts | { error: string } {
  const o: Opts = { numeric: false, icmp: false, first: 1, max: 30, probes: 3, port: 33434, waitSec: 3 };
  const opts = bbGetopt("traceroute", argv, FLAGS, VALUED);
  if ("error" in opts) return opts;
  const { operands, values } = opts;
  o.numeric = opts.flags.has("n");
  o.icmp = opts.flags.has("I");
  for (const f of "mqfpw") {
    const v = values.get(f);
    if (v === undefined) continue;
    if (!/^\d+$/.test(v)) return { error: `traceroute: invalid number '${v}'\n` };
    const n = Number(v);
    if (f === "m") o.max = n;
    else if (f === "q") o.probes = n;
    else if (f === "f") o.first = n;
    else if (f === "p") o.port = n;
    else o.waitSec = n;
  }
  // HOST and an optional packet length.
  if (operands.length < 1 || operands.length > 2) return { error: usage("traceroute") };
  o.host = operands[0];
  return o;
}

/** What a probe met: a router dropping it, the destination, or nothing that answered. */
type Answer = { readonly from: string; readonly last: boolean } | undefined;

/** A few µs a hop: small, deterministic times. */
const rtt = (ttl: number, probe: number) => (0.004 + (probe === 0 ? 0.007 * ttl : 0)).toFixed(3);

export const traceroute: Command = (argv, ctx) => {
  const o = parse(argv);
  if ("error" in o) return { world: ctx.world, stdout: "", stderr: o.error, exitCode: 1 };
  const st = createWalkState<World>(ctx.world);
  const done = (stdout: string, stderr: string, exitCode: number): CommandResult => ({
    world: worldOf(st),
    stdout,
    stderr,
    exitCode,
    events: st.events,
  });
  const host = o.host!;
  const res = resolveName(st, ctx.session.machine, "traceroute", host);
  if (res.kind !== "address") return done("", `traceroute: bad address '${host}'\n`, 1);
  const dst = res.address;
  const ns = getNs(st, ctx.session.machine);
  const route = ns ? lookupRoute(ns, dst) : undefined;
  const head = `traceroute to ${host} (${dst}), ${o.max} hops max, 46 byte packets\n`;
  // busybox connect()s its probe socket before printing anything: no route ends it there.
  if (!ns || !route) return done("", `traceroute: can't connect to remote host (${dst}): Network is unreachable\n`, 1);
  const src = route.type === "local" ? dst : (sourceAddressFor(ns, route) ?? "0.0.0.0");
  const sport = randomInt(st, 32768, 60999);
  const flowId = st.nextFlowId++;
  const probe = (ttl: number, seq: number): Answer => {
    const pkt: Packet = o.icmp
      ? {
          proto: "icmp",
          src,
          dst,
          icmp: { type: 8, code: 0, id: sport, seq },
          ttl,
          len: IP_HEADER + ICMP_ECHO_HEADER + 18,
        }
      : { proto: "udp", src, dst, sport, dport: o.port + seq, ttl, len: IP_HEADER + UDP_HEADER + 18 };
    const d = sendPacket(st, ns.id, pkt, {
      sender: "traceroute",
      direction: "original",
      label: `probe ttl=${ttl}`,
      flowId,
    });
    if (d.kind === "dropped" && d.reason === "ttl-exceeded") {
      // The router answers from the address it would send to the prober from.
      const at = getNs(st, d.netns);
      const back = at ? lookupRoute(at, src) : undefined;
      const from = at && back ? (sourceAddressFor(at, back) ?? src) : src;
      return { from, last: false };
    }
    // Port unreachable (UDP) or an echo reply (-I): the destination itself.
    if (d.kind === "refused" || (d.kind === "delivered" && d.to.kind === "kernel")) return { from: dst, last: true };
    if (d.kind === "delivered") return { from: dst, last: true };
    return undefined;
  };
  let out = "";
  let seq = 0;
  // Bounded by -m (at most 255 hops) and -q probes each.
  for (let ttl = Math.max(1, o.first); ttl <= Math.min(o.max, 255); ttl++) {
    let line = String(ttl).padStart(2);
    let lastFrom: string | undefined;
    let reached = false;
    for (let p = 0; p < Math.min(o.probes, 10); p++) {
      const a = probe(ttl, seq++);
      if (!a) {
        advanceClock(st, o.waitSec * 1000);
        line += "  *";
        continue;
      }
      if (a.from !== lastFrom) {
        const name = o.numeric ? undefined : nameOf(st, getNs(st, ns.id)!, a.from);
        line += o.numeric ? `  ${a.from}` : `  ${name ?? a.from} (${a.from})`;
        lastFrom = a.from;
      }
      line += `  ${rtt(ttl, p)} ms`;
      reached ||= a.last;
    }
    out += line + "\n";
    if (reached) break;
  }
  // busybox printf()s the heading to stdout, as it does the hops.
  return done(head + out, "", 0);
};
