/**
 * A running tcpdump: what it prints for a command's packets (the ones that crossed its
 * interface and pass its filter, until `-c` is reached) and when it stops. The world
 * keeps the capture between commands (the shell's jobs, shell/jobs.ts); everything it
 * prints is derived from the trace the packets left, never from the walk itself.
 */
import type { KernelWorld } from "../../kernel/types.ts";
import { parseIpv4 } from "../../ipv4.ts";
import type { TraceEvent } from "../../trace/events.ts";
import { decorate, hash32, type Deco } from "./decorate.ts";
import { matches, type Seen } from "./match.ts";
import { formatSighting, type FormatState } from "./format.ts";
import { statsText } from "./options.ts";
import { sightingsIn, type Sighting } from "./sightings.ts";
import type { Capture, TcpdumpOptions } from "./types.ts";

const TCP_BITS: Readonly<Record<string, number>> = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16, URG: 32 };

function seenOf(s: Sighting): Seen {
  const h = s.headers;
  let tcpFlags = 0;
  for (const f of h.flags ?? []) tcpFlags |= TCP_BITS[f] ?? 0;
  return {
    proto: h.proto,
    ...(h.src.includes(":") ? { six: true } : {}),
    src: parseIpv4(h.src) ?? 0,
    dst: parseIpv4(h.dst) ?? 0,
    sport: h.sport,
    dport: h.dport,
    tcpFlags,
    icmpType: s.packet.icmp?.type,
    icmpCode: s.packet.icmp?.code,
    ttl: h.ttl,
    len: h.len,
    srcMac: s.srcMac,
    dstMac: s.dstMac,
    ...(h.proto === "tcp" && s.packet.data !== undefined ? { payload: s.packet.data } : {}),
  };
}

/** How long tcpdump takes to close after its -c-th packet (ms): what arrives meanwhile is received. */
const CLOSING_MS = 5;

export interface Printed {
  /** Packet lines, each ending in a newline. */
  readonly text: string;
  readonly captured: number;
  readonly received: number;
  /** Set when `-c` was reached. */
  readonly full: boolean;
}

/**
 * What a tcpdump with `opts`, listening in `netns`, prints for a command's packets.
 * `world` is the world they crossed, `t0` the clock (ms) when the command started;
 * `state` carries the relative sequence numbers and the last timestamp across commands.
 */
export function printPackets(
  world: KernelWorld,
  events: readonly TraceEvent[],
  t0: number,
  netns: string,
  opts: TcpdumpOptions,
  state: FormatState,
  already: number,
): Printed {
  const seen = sightingsIn(world, events, netns, opts.iface, opts.promiscuous);
  if (seen.length === 0) return { text: "", captured: 0, received: 0, full: false };
  const decos = decorate(events, t0);
  let text = "";
  let captured = 0;
  let received = 0;
  let full = false;
  let fullAt = 0;
  for (const s of seen) {
    if (opts.direction === "in" && s.dir === "Out") continue;
    if (opts.direction === "out" && s.dir !== "Out") continue;
    if (!matches(opts.filter, seenOf(s))) continue;
    const d = decos.get(s.packet.packetId);
    if (!d) continue;
    // Past -c, the kernel still passes it what comes in the few ms before it closes: those count
    // as received by the filter (the oracle's `-c 1` of a curl's SYNs says 2), a ping a second later does not.
    if (full && d.at - fullAt > CLOSING_MS) break;
    // On lo the kernel hands libpcap each packet twice (sent and received); it keeps one.
    received += s.iface === "lo" && opts.iface !== "any" ? 2 : 1;
    if (full) continue;
    captured++;
    // A few µs a trace event: a connection's ten segments span about a millisecond, as on the oracle.
    const us = d.at * 1000 + 130 + Math.floor(s.index * 3) + (hash32(t0, s.index) % 2);
    text +=
      opts.write !== undefined
        ? pcapRecord(s, d, us)
        : formatSighting(s, d, us, opts, state, already + captured) + "\n";
    if (opts.count !== undefined && already + captured >= opts.count) {
      full = true;
      fullAt = d.at;
    }
  }
  return { text, captured, received, full };
}

/** A capture's state for formatting, as a mutable copy. */
export function formatStateOf(c: Capture): FormatState {
  return { tcpSeq: { ...c.tcpSeq }, lastUs: c.lastUs };
}

export interface Fed {
  readonly capture: Capture;
  readonly stdout: string;
  readonly stderr: string;
}

/** The capture after a command's packets: the lines it printed, and its counts if `-c` ended it. */
export function feedCapture(c: Capture, world: KernelWorld, events: readonly TraceEvent[], t0: number): Fed {
  if (c.ended) return { capture: c, stdout: "", stderr: "" };
  const st = formatStateOf(c);
  const p = printPackets(world, events, t0, c.netns, c.options, st, c.captured);
  if (p.captured === 0) return { capture: c, stdout: "", stderr: "" };
  const captured = c.captured + p.captured;
  const received = c.received + p.received;
  const capture: Capture = {
    ...c,
    captured,
    received,
    tcpSeq: st.tcpSeq,
    ...(st.lastUs !== undefined ? { lastUs: st.lastUs } : {}),
    ...(p.full ? { ended: "Done" as const } : {}),
  };
  return { capture, stdout: p.text, stderr: p.full ? statsText(captured, received) : "" };
}

/**
 * The capture stopped by a signal: SIGINT and SIGTERM let tcpdump finish its line
 * (a newline) and print its counts; SIGKILL ends it silently.
 */
export function stopCapture(c: Capture, signal: "INT" | "TERM" | "KILL" | "HUP"): Fed {
  if (signal === "KILL" || signal === "HUP") return { capture: { ...c, ended: "Killed" }, stdout: "", stderr: "" };
  // Printing packets, it ends the line the terminal's ^C began; writing them to a file, nothing.
  const nl = c.options.write === undefined ? "\n" : "";
  return { capture: { ...c, ended: "Done" }, stdout: nl, stderr: statsText(c.captured, c.received) };
}

/** A capture of one command's packets from start to end (the replay's `@capture IFACE LINE`). */
export function captureOnce(
  world: KernelWorld,
  events: readonly TraceEvent[],
  t0: number,
  netns: string,
  opts: TcpdumpOptions,
): string {
  return printPackets(world, events, t0, netns, opts, { tcpSeq: {}, lastUs: undefined }, 0).text;
}

/**
 * `-w FILE`: the lab's own text form of a pcap file, a first line naming the link, then
 * one packet a line as the capture saw it (what `-r` prints again, with its own options).
 */
const PCAP_MAGIC = "lab-pcap";

export function pcapHeader(iface: string): string {
  return `${PCAP_MAGIC} ${iface}\n`;
}

function pcapRecord(s: Sighting, d: Deco, us: number): string {
  return JSON.stringify({ s, d, us }) + "\n";
}

export type PcapRead =
  { readonly ok: true; readonly iface: string; readonly text: string; readonly count: number } | { readonly ok: false };

/** `-r FILE`: the packets of a file `-w` wrote, printed with the reading command's options and filter. */
export function readPcap(file: string, opts: TcpdumpOptions): PcapRead {
  const lines = file.split("\n");
  const head = /^lab-pcap (\S+)$/.exec(lines[0] ?? "");
  if (!head) return { ok: false };
  const st: FormatState = { tcpSeq: {}, lastUs: undefined };
  let text = "";
  let count = 0;
  for (const line of lines.slice(1, 1 + 100_000)) {
    if (line === "") continue;
    let rec: { s: Sighting; d: Deco; us: number };
    try {
      rec = JSON.parse(line) as { s: Sighting; d: Deco; us: number };
    } catch {
      break;
    }
    if (!rec.s?.headers || !matches(opts.filter, seenOf(rec.s))) continue;
    count++;
    text += formatSighting(rec.s, rec.d, rec.us, opts, st, count) + "\n";
    if (opts.count !== undefined && count >= opts.count) break;
  }
  return { ok: true, iface: head[1]!, text, count };
}
