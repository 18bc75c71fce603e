/**
 * The CLI's consolidateIpam (cli/command/network/create.go): `--subnet`, `--ip-range`
 * and `--gateway` are paired up on the client before the daemon hears of them, so
 * these refusals carry no "Error response from daemon:" and exit 1. The daemon's own
 * checks of each pair (docker/ipam-config.ts) come after.
 */
import { inCidr, parseCidr, parseIpv4 } from "../../../ipv4.ts";
import { inCidr6, parseCidr6 } from "../../../ipv6.ts";

/** One `IPAM.Config` entry as the CLI sends it. */
export interface IpamRequest {
  readonly subnet: string;
  readonly ipRange?: string;
  readonly gateway?: string;
  /** `--aux-address NAME=IP`: addresses the IPAM keeps back. */
  readonly auxAddresses?: Readonly<Record<string, string>>;
}

type Match = { ok: true; contains: boolean } | { ok: false; error: string };

/** Go's net.ParseCIDR, as the CLI uses it: the address part and whether it parsed. */
function goCidr(text: string): { addr: string; v6: boolean } | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const addr = text.slice(0, slash);
  if (addr.includes(":")) return parseCidr6(text) ? { addr, v6: true } : undefined;
  return /^\d{1,2}$/.test(text.slice(slash + 1)) && parseCidr(text) ? { addr, v6: false } : undefined;
}

/** subnetMatches(subnet, data): whether data's address (a CIDR's or a bare IP's) is inside subnet. */
function subnetMatches(subnet: string, data: string): Match {
  const s = goCidr(subnet);
  if (!s) return { ok: false, error: `invalid subnet: invalid CIDR address: ${subnet}` };
  let ip: string | undefined = data;
  if (data.includes("/")) {
    const d = goCidr(data);
    if (!d) return { ok: false, error: `invalid CIDR address: ${data}` };
    ip = d.addr;
  }
  if (s.v6) {
    const c = parseCidr6(subnet)!;
    return { ok: true, contains: ip.includes(":") && inCidr6(c, ip) };
  }
  // A bare word that is no IP (`--gateway bogus`) is contained in nothing.
  return { ok: true, contains: !ip.includes(":") && parseIpv4(ip) !== null && inCidr(ip, subnet) };
}

/** Pairs each range and gateway with the subnet holding it, or the CLI's refusal. */
export function consolidateIpam(
  subnets: readonly string[],
  ranges: readonly string[],
  gateways: readonly string[],
  rangeParsedFirst: boolean,
  aux: readonly string[] = [],
): { ok: true; configs: IpamRequest[] } | { ok: false; error: string } {
  if (subnets.length < ranges.length || subnets.length < gateways.length)
    return { ok: false, error: "every ip-range or gateway must have a corresponding subnet" };
  const configs: { subnet: string; ipRange?: string; gateway?: string; auxAddresses?: Record<string, string> }[] = [];
  for (const s of subnets) {
    for (const k of configs) {
      const a = subnetMatches(s, k.subnet);
      if (!a.ok) return a;
      const b = subnetMatches(k.subnet, s);
      if (!b.ok) return b;
      if (a.contains || b.contains)
        return { ok: false, error: "multiple overlapping subnet configuration is not supported" };
    }
    configs.push({ subnet: s });
  }
  const attach = (items: readonly string[], key: "ipRange" | "gateway"): string | undefined => {
    const what = key === "ipRange" ? "range" : "gateway";
    for (const item of items) {
      // CLI 28 insists on a range in CIDR notation before it looks for its subnet.
      if (key === "ipRange" && rangeParsedFirst && !goCidr(item)) return `invalid CIDR address: ${item}`;
      let matched = false;
      for (const c of configs) {
        const m = subnetMatches(c.subnet, item);
        if (!m.ok) return m.error;
        if (!m.contains) continue;
        const had = c[key];
        if (had !== undefined) {
          return key === "ipRange"
            ? `cannot configure multiple ranges (${item}, ${had}) on the same subnet (${c.subnet})`
            : `cannot configure multiple gateways (${item}, ${had}) for the same subnet (${c.subnet})`;
        }
        c[key] = item;
        matched = true;
      }
      if (!matched) return `no matching subnet for ${what} ${item}`;
    }
    return undefined;
  };
  const error = attach(ranges, "ipRange") ?? attach(gateways, "gateway") ?? attachAux(configs, aux);
  return error !== undefined ? { ok: false, error } : { ok: true, configs };
}

/** `--aux-address` is a map option: `NAME=IP` (a word alone is a name with no address). */
function attachAux(
  configs: { subnet: string; auxAddresses?: Record<string, string> }[],
  aux: readonly string[],
): string | undefined {
  for (const a of aux) {
    const eq = a.indexOf("=");
    const [name, ip] = eq < 0 ? [a, ""] : [a.slice(0, eq), a.slice(eq + 1)];
    let matched = false;
    for (const c of configs) {
      const m = subnetMatches(c.subnet, ip);
      if (!m.ok) return m.error;
      if (!m.contains) continue;
      c.auxAddresses = { ...c.auxAddresses, [name]: ip };
      matched = true;
    }
    if (!matched) return `no matching subnet for aux-address ${ip}`;
  }
  return undefined;
}
