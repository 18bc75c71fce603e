/**
 * An endpoint's IPv4 address as the IPAM hands it out, for every driver: the one asked
 * for (`--ip`) unless it is taken or reserved, else the lowest free one.
 */
import { parseCidr, parseIpv4 } from "../ipv4.ts";
import { allocateAddress, withAddress } from "./ipam.ts";
import type { DockerNetwork, DockerWorld, EndpointConfig } from "./types.ts";

/**
 * The endpoint's IPv4 address: the one asked for (`--ip`), or the IPAM's lowest free one,
 * held in the network's `allocated` list; "" on an IPv6-only network.
 */
export function claimIpv4<W extends DockerWorld>(
  world: W,
  net: DockerNetwork,
  cfg: EndpointConfig | undefined,
): { readonly ok: true; readonly world: W; readonly ip: string } | { readonly ok: false; readonly error: string } {
  const ip = net.subnet ? (cfg?.ipv4 ?? allocateAddress(net)) : "";
  if (ip === undefined)
    return { ok: false, error: `no available IPv4 addresses on this network's address pools: ${net.name} (${net.id})` };
  // An address asked for is refused when held, or when it is the subnet's own, its broadcast or the gateway's.
  if (cfg?.ipv4 !== undefined && !requestable(net, ip)) return { ok: false, error: "Address already in use" };
  if (ip === "") return { ok: true, world, ip };
  const networks = world.docker.networks.map((n) =>
    n.id === net.id ? { ...n, allocated: withAddress(n.allocated, ip) } : n,
  );
  return { ok: true, world: { ...world, docker: { ...world.docker, networks } }, ip };
}

function requestable(net: DockerNetwork, ip: string): boolean {
  const sub = parseCidr(net.subnet ?? "");
  const n = parseIpv4(ip);
  if (!sub || n === null) return false;
  const last = (sub.network + 2 ** (32 - sub.prefixLen) - 1) >>> 0;
  return n !== sub.network && n !== last && ip !== net.gateway && !net.allocated.includes(ip);
}

export function broadcastAddr(ip: string, prefixLen: number): string {
  const c = parseCidr(`${ip}/${prefixLen}`)!;
  const size = 2 ** (32 - prefixLen);
  const n = (c.network + size - 1) >>> 0;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}
