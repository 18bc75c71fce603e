/**
 * ping's command line. Containers run busybox 1.35's ping (getopt32 with
 * "qvAc:+s:t:+w:+W:+I:np:i:46" and exactly one HOST), the host iputils'; their
 * words differ, as recorded on the oracle's nginx image for busybox.
 */
import { usage } from "../../lib/busybox-usage.ts";

export interface PingOpts {
  quiet?: boolean;
  /** -6 (or ping6): an IPv6 target. */
  ipv6?: boolean;
  /** busybox's -4: an IPv4 address only. */
  ipv4?: boolean;
  /** -c; 0 (busybox) means until -w or forever. */
  count: number;
  /** -W: seconds to wait for a reply once the last echo is sent. */
  wait: number;
  /** -w: seconds until ping exits, whatever the count. */
  deadline?: number;
  /** -s: data bytes in each echo (56). */
  size: number;
  /** -i: seconds between echoes. */
  interval: number;
  /** -t: the echoes' TTL. */
  ttl?: number;
  /** -I: a source address (an interface name leaves the source to the route). */
  source?: string;
  target?: string;
}

/** How many echoes the lab sends when nothing bounds ping (a real one goes on until Ctrl-C). */
export const UNBOUNDED_COUNT = 4;

/** busybox getopt32's value parsers: xatou, xatou16, and parse_duration_str's number. */
function bbNumber(v: string, max: number): number | string {
  if (!/^\d+$/.test(v)) return `invalid number '${v}'`;
  const n = Number(v);
  if (n > max) return `number ${v} is not in 0..${max} range`;
  return n;
}

const BB_VALUED = new Set(["c", "s", "t", "w", "W", "I", "p", "i"]);
const BB_FLAGS = new Set(["q", "v", "A", "n", "4", "6"]);

/** busybox's ping: its getopt32 string, its number errors, usage for anything else. */
export function parseBusybox(argv: readonly string[]): PingOpts | { error: string } {
  const o: PingOpts = { count: 0, wait: 10, size: 56, interval: 1 };
  const operands: string[] = [];
  const bad = (line: string) => ({ error: `${line}${usage("ping")}` });
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      operands.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const f = a[j]!;
      if (BB_FLAGS.has(f)) {
        if (f === "q") o.quiet = true;
        else if (f === "6") o.ipv6 = true;
        else if (f === "4") o.ipv4 = true;
        continue;
      }
      if (!BB_VALUED.has(f)) return bad(`ping: invalid option -- '${f}'\n`);
      const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
      if (v === undefined) return bad(`ping: option requires an argument -- '${f}'\n`);
      const err = setBusybox(o, f, v);
      if (err) return { error: `ping: ${err}\n` };
      break;
    }
  }
  if (operands.length !== 1) return { error: usage("ping") };
  o.target = operands[0];
  return o;
}

function setBusybox(o: PingOpts, f: string, v: string): string | undefined {
  if (f === "I") o.source = v;
  else if (f === "p") return undefined;
  else if (f === "i") {
    if (!/^(\d+(\.\d*)?|\.\d+)$/.test(v)) return `invalid number '${v}'`;
    o.interval = Number(v);
  } else {
    const n = bbNumber(v, f === "s" ? 65535 : 4294967295);
    if (typeof n === "string") return n;
    if (f === "c") o.count = n;
    else if (f === "s") o.size = n;
    // IP_TTL refuses 0 and anything past 255; busybox goes on with the default.
    else if (f === "t") o.ttl = n >= 1 && n <= 255 ? n : undefined;
    else if (f === "w") o.deadline = n;
    else o.wait = n;
  }
  return undefined;
}

/** iputils' ping (the host and the internet): its `invalid argument` words, exit 2. */
export function parseIputils(argv: readonly string[]): PingOpts | { error: string } {
  const o: PingOpts = { count: 0, wait: 10, size: 56, interval: 1 };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    const m = /^-([cWwsitI])(.*)$/.exec(a);
    if (m) {
      const v = m[2] !== "" ? m[2]! : argv[++i];
      if (v === undefined) return { error: `ping: option requires an argument -- '${m[1]}'\n` };
      if (m[1] === "I") {
        o.source = v;
        continue;
      }
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0 || (n === 0 && m[1] !== "i" && m[1] !== "s")) {
        return { error: `ping: invalid argument: '${v}'\n` };
      }
      if (m[1] === "c") o.count = Math.floor(n);
      else if (m[1] === "W") o.wait = n;
      else if (m[1] === "w") o.deadline = n;
      else if (m[1] === "s") o.size = Math.floor(n);
      else if (m[1] === "i") o.interval = n;
      else o.ttl = n >= 1 && n <= 255 ? Math.floor(n) : undefined;
    } else if (a === "-q") o.quiet = true;
    else if (a === "-4" || a === "-n") continue;
    else if (a === "-6") o.ipv6 = true;
    else if (a.startsWith("-")) return { error: `ping: invalid option -- '${a.slice(1, 2)}'\n` };
    else o.target = a;
  }
  return o;
}
