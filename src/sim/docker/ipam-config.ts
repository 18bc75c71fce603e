/**
 * The daemon's checks of a network's IPAM config (api/types/network ValidateIPAM):
 * each subnet, ip-range and gateway against its subnet, every fault listed at once
 * under "invalid network config:". And the address pool an `--ip-range` narrows:
 * the gateway the daemon picks and the container addresses come from the range,
 * which may start at its own network address (only the subnet's are reserved).
 */
import { formatCidr, maskOf, parseCidr, parseIpv4 } from "../ipv4.ts";
import { parseCidr6 } from "../ipv6.ts";

/** One `IPAM.Config` entry as the API carries it. */
export interface IpamConfigRequest {
  readonly subnet: string;
  readonly ipRange?: string;
  readonly gateway?: string;
  readonly auxAddresses?: Readonly<Record<string, string>>;
}

type Prefix = { v6: false; network: number; bits: number; text: string } | { v6: true; text: string };

/** Go's netip.ParsePrefix for what the lab models: an IPv4 prefix exactly, an IPv6 one by shape. */
function parsePrefix(text: string): Prefix | undefined {
  const [addr, bits, extra] = text.split("/");
  if (addr === undefined || bits === undefined || extra !== undefined) return undefined;
  if (addr.includes(":")) return parseCidr6(text) ? { v6: true, text } : undefined;
  if (!/^(0|[1-9]\d?)$/.test(bits) || parseIpv4(addr) === null) return undefined;
  const c = parseCidr(text);
  return c ? { v6: false, network: parseIpv4(addr)! >>> 0, bits: c.prefixLen, text } : undefined;
}

const maskedNet = (p: { network: number; bits: number }) => (p.network & maskOf(p.bits)) >>> 0;
const masked = (p: { network: number; bits: number }) => formatCidr({ network: maskedNet(p), prefixLen: p.bits });
const isMasked = (p: { network: number; bits: number }) => maskedNet(p) === p.network;
const sizeOf = (bits: number) => 2 ** (32 - bits);

function rangeErrors(ipRange: string | undefined, subnet: Prefix & { v6: false }): string[] {
  if (ipRange === undefined || ipRange === "") return [];
  const r = parsePrefix(ipRange);
  if (!r) return [`invalid ip-range ${ipRange}: invalid CIDR block notation`];
  if (r.v6) return [`invalid ip-range ${ipRange}: parent subnet is an IPv4 block`];
  const errs: string[] = [];
  if (r.bits < subnet.bits)
    errs.push(`invalid ip-range ${ipRange}: CIDR block is bigger than its parent subnet ${subnet.text}`);
  if (!isMasked(r)) errs.push(`invalid ip-range ${ipRange}: it should be ${masked(r)}`);
  const s0 = maskedNet(subnet);
  const r0 = maskedNet(r);
  const overlap = r0 < s0 + sizeOf(subnet.bits) && s0 < r0 + sizeOf(r.bits);
  if (!overlap) errs.push(`invalid ip-range ${ipRange}: parent subnet ${subnet.text} doesn't contain ip-range`);
  return errs;
}

function addressError(address: string | undefined, subnet: Prefix & { v6: false }): string | undefined {
  if (address === undefined || address === "") return undefined;
  if (address.includes(":")) return "parent subnet is an IPv4 block";
  const a = parseIpv4(address);
  if (a === null) return "invalid address";
  const s0 = maskedNet(subnet);
  const inside = a >>> 0 >= s0 && a >>> 0 < s0 + sizeOf(subnet.bits);
  return inside ? undefined : `parent subnet ${subnet.text} doesn't contain this address`;
}

/** ValidateIPAM's refusal (IPv4 entries in full; IPv6 ones by their notation alone), or undefined. */
export function validateIpamConfig(configs: readonly IpamConfigRequest[]): string | undefined {
  const errs: string[] = [];
  for (const cfg of configs) {
    const subnet = parsePrefix(cfg.subnet);
    if (!subnet) {
      errs.push(`invalid subnet ${cfg.subnet}: invalid CIDR block notation`);
      continue;
    }
    // An IPv6 entry is left out without --ipv6, and its range and gateway are not modelled.
    if (subnet.v6) continue;
    if (!isMasked(subnet)) errs.push(`invalid subnet ${cfg.subnet}: it should be ${masked(subnet)}`);
    errs.push(...rangeErrors(cfg.ipRange, subnet));
    const gw = addressError(cfg.gateway, subnet);
    if (gw !== undefined) errs.push(`invalid gateway ${cfg.gateway}: ${gw}`);
    for (const [name, ip] of Object.entries(cfg.auxAddresses ?? {})) {
      const bad = addressError(ip, subnet) ?? (ip === "" ? "invalid address" : undefined);
      if (bad !== undefined) errs.push(`invalid auxiliary address ${name}: ${bad}`);
    }
  }
  if (errs.length === 0) return undefined;
  return "invalid network config:\n" + (errs.length === 1 ? errs[0]! : errs.map((e) => `* ${e}`).join("\n"));
}

/**
 * The addresses the pool hands out: the range's (or the subnet's) addresses, less the
 * subnet's own network and broadcast addresses, as numbers.
 */
export function poolBounds(subnet: string, ipRange?: string): [number, number] | undefined {
  const s = parseCidr(subnet);
  if (!s) return undefined;
  const sLast = s.network + sizeOf(s.prefixLen) - 1;
  const r = ipRange !== undefined ? parseCidr(ipRange) : s;
  if (!r) return undefined;
  const first = Math.max(r.network, s.network + 1);
  const last = Math.min(r.network + sizeOf(r.prefixLen) - 1, sLast - 1);
  return first <= last ? [first, last] : undefined;
}
