/**
 * Addresses on conntrack's command line as conntrack-tools 1.4.7 reads them: glibc's
 * inet_aton, a `/LEN` that only `--src` and `--dst` may carry (opt2maskopt), and the NAT
 * options' `ADDR[:PORT]`, which select entries as filter_nat() does.
 */
import type { ConntrackEntry } from "../../../netfilter/conntrack-types.ts";

/** The options that take an address, by their getopt letter. */
export type AddrOpt = "s" | "d" | "r" | "q" | "n" | "g" | "j";

const LONG_NAME: Readonly<Record<AddrOpt, string>> = {
  s: "src",
  d: "dst",
  r: "reply-src",
  q: "reply-dst",
  n: "src-nat",
  g: "dst-nat",
  j: "any-nat",
};

/** glibc's inet_aton, which conntrack reads addresses with: `10.88.0` is 10.88.0.0, `10.1` is 10.0.0.1. */
export function inetAton(text: string): string | undefined {
  const parts = text.split(".");
  if (parts.length > 4) return undefined;
  const nums: number[] = [];
  for (const part of parts) {
    const m = /^(0[xX][0-9a-fA-F]*|0[0-7]*|[1-9]\d*)$/.exec(part);
    if (!m) return undefined;
    const n = /^0[xX]/.test(part)
      ? parseInt(part.slice(2) || "0", 16)
      : /^0/.test(part)
        ? parseInt(part, 8)
        : Number(part);
    nums.push(n);
  }
  const last = nums.pop()!;
  if (nums.some((n) => n > 255) || last >= 2 ** (8 * (4 - nums.length))) return undefined;
  let value = last;
  nums.forEach((n, i) => (value += n * 2 ** (8 * (3 - i))));
  return [24, 16, 8, 0].map((b) => Math.floor(value / 2 ** b) % 256).join(".");
}

function toInt(addr: string): number {
  return addr.split(".").reduce((n, o) => n * 256 + Number(o), 0);
}

/**
 * parse_addr and nfct_parse_addr_from_opt: the prefix after the first `/` is read with
 * strtol (an empty one is 0, anything left over makes it invalid), the address before it
 * with inet_aton; a prefix on any option but `--src`/`--dst` is refused before its value
 * is looked at. A test of one address, or conntrack's complaint.
 */
export function addressTest(opt: AddrOpt, text: string): ((a: string) => boolean) | string {
  const slash = text.indexOf("/");
  let mask = -1;
  if (slash >= 0) {
    const rest = text.slice(slash + 1);
    mask = rest === "" ? 0 : /^\s*[+-]?\d+$/.test(rest) ? Number(rest.trim()) : -2;
    if (mask < 0 || mask > 32) mask = -2;
  }
  const addr = inetAton(slash < 0 ? text : text.slice(0, slash));
  if (addr === undefined) return `Invalid IP address \`${text}'`;
  if (mask !== -1 && opt !== "s" && opt !== "d") return `CIDR notation unavailable for \`--${LONG_NAME[opt]}'`;
  if (mask === -2) return "Invalid netmask";
  if (mask === -1 || mask === 32) return (x) => x === addr;
  const span = 2 ** (32 - mask);
  const base = Math.floor(toInt(addr) / span);
  return (x) => Math.floor(toInt(x) / span) === base;
}

/** What a NAT option selects: the address it rewrote to, the port it rewrote to, either or neither. */
interface NatWant {
  readonly ip?: (a: string) => boolean;
  readonly port?: number;
}

/**
 * split_address_and_port for an IPv4 `ADDR[:PORT]` (a second colon makes it all address),
 * with its complaints about the port before the address is read.
 */
function natWant(opt: AddrOpt, text: string): NatWant | string {
  const colon = text.indexOf(":");
  const split = colon >= 0 && !text.includes(":", colon + 1);
  const address = split ? text.slice(0, colon) : text;
  let port: number | undefined;
  if (split) {
    const p = text.slice(colon + 1);
    if (p === "") return "No port specified after `:'";
    if (!/^\d+$/.test(p) || Number(p) > 65535) return `Invalid port \`${p}'`;
    port = Number(p);
  }
  const ip = addressTest(opt, address);
  if (typeof ip === "string") return ip;
  return { ip, ...(port !== undefined ? { port } : {}) };
}

/**
 * One side of filter_nat(): the address must have been rewritten (IS_SNAT/IS_DNAT) to the
 * one named, the port (IS_SPAT/IS_DPAT) to the port named; with neither named, any rewrite.
 */
function natSide(
  changed: boolean,
  portChanged: boolean,
  to: string,
  toPort: number | undefined,
  want: NatWant,
): boolean {
  if (want.ip === undefined && want.port === undefined) return changed || portChanged;
  let has = want.ip !== undefined && changed && want.ip(to);
  if (want.port !== undefined) {
    const ret = portChanged && toPort === want.port;
    has = want.ip !== undefined ? has && ret : ret;
  }
  return has;
}

/** `--src-nat`, `--dst-nat` or `--any-nat` with its optional `ADDR[:PORT]`: the entries it keeps, or conntrack's complaint. */
export function natFilter(opt: "n" | "g" | "j", text: string | undefined): ((e: ConntrackEntry) => boolean) | string {
  const want = text === undefined ? {} : natWant(opt, text);
  if (typeof want === "string") return want;
  const snat = (e: ConntrackEntry) =>
    natSide(e.orig.src !== e.reply.dst, e.orig.sport !== e.reply.dport, e.reply.dst, e.reply.dport, want);
  const dnat = (e: ConntrackEntry) =>
    natSide(e.orig.dst !== e.reply.src, e.orig.dport !== e.reply.sport, e.reply.src, e.reply.sport, want);
  return opt === "n" ? snat : opt === "g" ? dnat : (e) => snat(e) || dnat(e);
}
