/**
 * The access module's `allow` and `deny` (ngx_http_access_module): each names an address,
 * a network in CIDR form, or `all`, read as nginx reads it, with its refusal and its warning
 * for a network written with host bits; a level's rules replace the ones it inherits.
 */
import { ConfError } from "./parse.ts";

export interface AccessRule {
  readonly allow: boolean;
  /** undefined: `all`. */
  readonly net?: { readonly addr: number; readonly bits: number };
  /** An IPv6 address or network: never matches the lab's IPv4 clients. */
  readonly six?: true;
}

function ipv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

const maskOf = (bits: number) => (bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0);

/** One `allow`/`deny` statement; `warn` receives nginx's warning for host bits in a network. */
export function accessRule(allow: boolean, value: string, at: string, warn: (msg: string) => void): AccessRule {
  if (value === "all") return { allow };
  if (value.startsWith("unix:")) return { allow, six: true };
  const [addrText, bitsText] = value.split("/", 2) as [string, string | undefined];
  if (addrText.includes(":")) {
    if (!/^[0-9a-fA-F:.]+$/.test(addrText) || (bitsText !== undefined && !/^\d+$/.test(bitsText)))
      throw new ConfError(`invalid parameter "${value}"${at}`);
    return { allow, six: true };
  }
  const addr = ipv4(addrText);
  const bits = bitsText === undefined ? 32 : /^\d+$/.test(bitsText) ? Number(bitsText) : NaN;
  if (addr === undefined || !(bits >= 0 && bits <= 32)) throw new ConfError(`invalid parameter "${value}"${at}`);
  const mask = maskOf(bits);
  if ((addr & ~mask) >>> 0 !== 0) warn(`low address bits of ${value} are meaningless${at}`);
  return { allow, net: { addr: (addr & mask) >>> 0, bits } };
}

/** Whether the rules let `client` in: the first rule that matches decides, and none matching lets it in. */
export function accessAllows(rules: readonly AccessRule[] | undefined, client: string): boolean {
  const addr = ipv4(client);
  for (const r of rules ?? []) {
    if (r.six) continue;
    if (!r.net) return r.allow;
    if (addr !== undefined && (addr & maskOf(r.net.bits)) >>> 0 === r.net.addr) return r.allow;
  }
  return true;
}
