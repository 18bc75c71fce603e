/**
 * lsof 4.95's `-i` address and `-s` state selections, parsed as its arg.c does:
 * `-i [46][protocol][@host|addr][:service|port[-port],...]`, `-sTCP:LISTEN`,
 * `-sTCP:^LISTEN`. An error is lsof's own sentence (the caller adds the usage).
 */
import { TCP_SERVICES, UDP_SERVICES } from "../../../netfilter/names-services.ts";

export interface InetSpec {
  /** 4, 6, or undefined for both. */
  readonly family?: 4 | 6;
  readonly proto?: "tcp" | "udp";
  /** An address the socket's local or remote side must have. */
  readonly addr?: string;
  /** Inclusive port ranges. */
  readonly ports?: readonly (readonly [number, number])[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function servicePort(name: string, proto: "tcp" | "udp" | undefined): number | undefined {
  if (/^\d+$/.test(name)) return Number(name);
  const tables = proto === "udp" ? [UDP_SERVICES] : proto === "tcp" ? [TCP_SERVICES] : [TCP_SERVICES, UDP_SERVICES];
  for (const t of tables) {
    for (const [port, n] of Object.entries(t)) if (n === name) return Number(port);
  }
  return undefined;
}

/** Host names lsof can look up here (its resolver reads /etc/hosts). */
const HOSTS: Readonly<Record<string, string>> = { localhost: "127.0.0.1" };

export function parseInet(raw: string): Parsed<InetSpec> {
  let s = raw;
  let family: 4 | 6 | undefined;
  if (s.startsWith("4") || s.startsWith("6")) {
    family = s[0] === "4" ? 4 : 6;
    s = s.slice(1);
  }
  const protoEnd = s.search(/[@:]/);
  const protoWord = protoEnd < 0 ? s : s.slice(0, protoEnd);
  s = protoEnd < 0 ? "" : s.slice(protoEnd);
  let proto: "tcp" | "udp" | undefined;
  if (protoWord !== "") {
    const lower = protoWord.toLowerCase();
    if (lower !== "tcp" && lower !== "udp")
      return { ok: false, error: `unknown protocol name (${protoWord}) in: -i ${raw}` };
    proto = lower;
  }
  let addr: string | undefined;
  if (s.startsWith("@")) {
    const bracket = s.startsWith("@[") ? s.indexOf("]") : -1;
    const end = bracket > 0 ? bracket + 1 : s.indexOf(":") < 0 ? s.length : s.indexOf(":");
    const host = s.slice(1, end).replace(/^\[|\]$/g, "");
    s = s.slice(end);
    const resolved = /^[\d.]+$/.test(host) || host.includes(":") ? host : HOSTS[host];
    if (resolved === undefined) return { ok: false, error: `unknown host name (${host}) in: -i ${raw}` };
    addr = resolved;
  }
  let ports: [number, number][] | undefined;
  if (s.startsWith(":")) {
    ports = [];
    for (const part of s.slice(1).split(",")) {
      const [a, b] = part.split("-", 2) as [string, string | undefined];
      const lo = servicePort(a, proto);
      const hi = b === undefined ? lo : servicePort(b, proto);
      if (lo === undefined || hi === undefined) {
        return { ok: false, error: `unknown service ${lo === undefined ? a : b} in: -i ${raw}` };
      }
      ports.push([lo, hi]);
    }
  } else if (s !== "") return { ok: false, error: `unknown protocol name (${protoWord}${s}) in: -i ${raw}` };
  return {
    ok: true,
    value: {
      ...(family ? { family } : {}),
      ...(proto ? { proto } : {}),
      ...(addr !== undefined ? { addr } : {}),
      ...(ports ? { ports } : {}),
    },
  };
}

const TCP_STATES = [
  "CLOSED", "IDLE", "BOUND", "LISTEN", "ESTABLISHED", "SYN_SENT", "SYN_RCDV", "SYN_RECV", "FIN_WAIT1",
  "FIN_WAIT2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT", "CLOSE",
]; // prettier-ignore

export interface StateSpec {
  readonly proto: "tcp" | "udp";
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

/** `-s TCP:LISTEN,ESTABLISHED` or `TCP:^LISTEN`. */
export function parseStates(raw: string): Parsed<StateSpec> {
  const colon = raw.indexOf(":");
  const protoWord = colon < 0 ? raw : raw.slice(0, colon);
  const proto = protoWord.toLowerCase();
  if (proto !== "tcp" && proto !== "udp") return { ok: false, error: `unknown -s protocol: "${protoWord}"` };
  if (colon < 0) return { ok: false, error: `missing protocol state name(s): ${raw}` };
  const include: string[] = [];
  const exclude: string[] = [];
  for (const w of raw.slice(colon + 1).split(",")) {
    const neg = w.startsWith("^");
    const name = (neg ? w.slice(1) : w).toUpperCase();
    if (proto === "tcp" && !TCP_STATES.includes(name)) {
      return { ok: false, error: `unknown ${protoWord.toUpperCase()} state name: ${neg ? w.slice(1) : w}` };
    }
    (neg ? exclude : include).push(name);
  }
  return { ok: true, value: { proto, include, exclude } };
}
