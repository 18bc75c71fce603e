/**
 * The access module's `allow` and `deny` (ngx_http_access_module): each names an address,
 * a network in CIDR form, or `all`, read as nginx reads it, with its refusal and its warning
 * for a network written with host bits; a level's rules replace the ones it inherits.
 */
import { inCidr, maskOf, parseIpv4, type Cidr } from "../../../ipv4.ts";
import { ConfError } from "./parse.ts";

export interface AccessRule {
  readonly allow: boolean;
  /** undefined: `all`. */
  readonly net?: Cidr;
  /** An IPv6 address or network: never matches the lab's IPv4 clients. */
  readonly six?: true;
}

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
  const addr = parseIpv4(addrText);
  const bits = bitsText === undefined ? 32 : /^\d+$/.test(bitsText) ? Number(bitsText) : NaN;
  if (addr === null || !(bits >= 0 && bits <= 32)) throw new ConfError(`invalid parameter "${value}"${at}`);
  const mask = maskOf(bits);
  if ((addr & ~mask) >>> 0 !== 0) warn(`low address bits of ${value} are meaningless${at}`);
  return { allow, net: { network: (addr & mask) >>> 0, prefixLen: bits } };
}

/** Whether the rules let `client` in: the first rule that matches decides, and none matching lets it in. */
export function accessAllows(rules: readonly AccessRule[] | undefined, client: string): boolean {
  for (const r of rules ?? []) {
    if (r.six) continue;
    if (!r.net || inCidr(client, r.net)) return r.allow;
  }
  return true;
}
