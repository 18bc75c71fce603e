/**
 * `-A`, `-x` and `-X`: the packet's bytes after its line, from the IP header on, as
 * tcpdump 4.99's ascii_print and hex_and_ascii_print write them. The lab builds the
 * headers from what it knows of the packet (addresses, ports, sequence numbers, window,
 * the TCP options tcpdump lists); the IP id and checksums are its own stand-ins, as
 * they differ from run to run on a real host anyway. The payload is the packet's own:
 * the HTTP request and response lines a learner greps for come out as on the oracle
 * (after the TCP options' 0x0a, a timestamp's bytes run into the first line).
 */
import { parseIpv4 } from "../../ipv4.ts";
import type { Deco } from "./decorate.ts";
import { hash32 } from "./decorate.ts";
import type { Sighting } from "./sightings.ts";

const u16 = (n: number) => [(n >>> 8) & 0xff, n & 0xff];
const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const addr = (a: string) => u32(parseIpv4(a) ?? 0);

/** TCP's options from tcpdump's own list of them (`nop,nop,TS val 1 ecr 2`, `mss 1460,sackOK,...`). */
function tcpOptions(list: string): number[] {
  const out: number[] = [];
  for (const item of list.split(",").filter(Boolean)) {
    const w = item.trim().split(" ");
    if (w[0] === "nop") out.push(1);
    else if (w[0] === "eol") out.push(0);
    else if (w[0] === "mss") out.push(2, 4, ...u16(Number(w[1])));
    else if (w[0] === "sackOK") out.push(4, 2);
    else if (w[0] === "wscale") out.push(3, 3, Number(w[1]) & 0xff);
    else if (w[0] === "TS") out.push(8, 10, ...u32(Number(w[2])), ...u32(Number(w[4])));
  }
  while (out.length % 4 !== 0) out.push(0);
  return out;
}

const FLAG_BITS: Readonly<Record<string, number>> = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16, URG: 32 };

function text(s: string, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length && out.length < n; i++) out.push(s.charCodeAt(i) & 0xff);
  while (out.length < n) out.push(0);
  return out;
}

/** The packet's bytes from the IP header on (at most its IP length). */
export function packetBytes(s: Sighting, d: Deco): number[] {
  const h = s.headers;
  const proto = h.proto === "tcp" ? 6 : h.proto === "udp" ? 17 : 1;
  let l4: number[];
  if (h.proto === "tcp" && d.tcp) {
    const t = d.tcp;
    const opts = tcpOptions(t.options);
    const flags = (h.flags ?? []).reduce((b, f) => b | (FLAG_BITS[f] ?? 0), 0);
    l4 = [
      ...u16(h.sport ?? 0),
      ...u16(h.dport ?? 0),
      ...u32(t.seq),
      ...u32(t.ack),
      ((20 + opts.length) / 4) << 4,
      flags,
      ...u16(t.win),
      ...u16(hash32(t.seq, t.ack, 1) & 0xffff),
      0,
      0,
      ...opts,
      ...text(s.packet.data ?? "", t.length),
    ];
  } else if (h.proto === "udp") {
    const len = d.ipLen - 20;
    l4 = [...u16(h.sport ?? 0), ...u16(h.dport ?? 0), ...u16(len), ...u16(hash32(len, 2) & 0xffff)];
    l4.push(...text("", len - 8));
  } else {
    const icmp = s.packet.icmp;
    const len = d.ipLen - 20;
    l4 = [icmp?.type ?? 0, 0, ...u16(hash32(icmp?.id ?? 0, icmp?.seq ?? 0) & 0xffff)];
    l4.push(...u16(icmp?.id ?? 0), ...u16(icmp?.seq ?? 0), ...text("", len - 8));
  }
  const ip = [
    0x45,
    0,
    ...u16(d.ipLen),
    ...u16(d.ipId),
    d.df ? 0x40 : 0,
    0,
    h.ttl & 0xff,
    proto,
    ...u16(hash32(d.ipId, d.ipLen) & 0xffff),
    ...addr(h.src),
    ...addr(h.dst),
  ];
  return [...ip, ...l4].slice(0, d.ipLen);
}

const graph = (b: number) => b > 0x20 && b < 0x7f;

/** ascii_print: a newline, then each byte as itself when printable (or a blank, tab, newline), else '.'; a CR before LF dropped. */
export function asciiDump(bytes: readonly number[]): string {
  let out = "\n";
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    const left = bytes.length - i - 1;
    if (b === 0x0d) {
      if (left > 1 && bytes[i + 1] !== 0x0a) out += ".";
    } else out += graph(b) || b === 0x09 || b === 0x20 || b === 0x0a ? String.fromCharCode(b) : ".";
  }
  return out;
}

/** hex_print / hex_and_ascii_print: 16 bytes a line, `\t0x0000:  4500 0054 …`, and with -X the bytes as text. */
export function hexDump(bytes: readonly number[], ascii: boolean): string {
  let out = "";
  for (let off = 0; off < bytes.length; off += 16) {
    const row = bytes.slice(off, off + 16);
    let hex = "";
    for (let i = 0; i < row.length; i += 2) {
      hex +=
        " " +
        row[i]!.toString(16).padStart(2, "0") +
        (i + 1 < row.length ? row[i + 1]!.toString(16).padStart(2, "0") : "");
    }
    out += `\n\t0x${off.toString(16).padStart(4, "0")}: `;
    if (!ascii) out += hex;
    else out += hex.padEnd(40, " ") + "  " + row.map((b) => (graph(b) ? String.fromCharCode(b) : ".")).join("");
  }
  return out;
}
