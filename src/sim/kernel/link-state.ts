/**
 * What a link's state implies beyond its own flags: carrier (a veth needs its peer
 * up, a bridge a running port), on-link addresses, and which namespaces are
 * containers. netns.ts re-exports these with the rest of the kernel API.
 */
import { maskOf, parseIpv4 } from "../ipv4.ts";
import type { Addr, Ipv4, KernelWorld, Link, Netns } from "./types.ts";

/** Whether the link has carrier: a veth when its peer is up, a bridge when one of its ports is running. */
export function hasCarrier(world: KernelWorld, netns: string, link: Link): boolean {
  if (!link.up) return false;
  if (link.kind === "veth") {
    if (!link.peer) return false;
    const peer = world.netns[link.peer.netns]?.links.find((l) => l.ifindex === link.peer?.ifindex);
    return peer?.up ?? false;
  }
  if (link.kind === "bridge") {
    if (link.noPortsYet) return true;
    const ns = world.netns[netns];
    return (ns?.links ?? []).some((l) => l.master === link.name && l.kind !== "bridge" && hasCarrier(world, netns, l));
  }
  return true;
}

/** Whether `address` lies in one of the namespace's connected subnets (used for on-link checks). */
export function onLinkAddr(ns: Netns, address: Ipv4): Addr | undefined {
  const a = parseIpv4(address);
  if (a === null) return undefined;
  return ns.addrs.find((x) => {
    const b = parseIpv4(x.address) ?? 0;
    const m = maskOf(x.prefixLen);
    return (a & m) >>> 0 === (b & m) >>> 0;
  });
}

/**
 * A container's namespace (anything but the lab's two machines and the ones made with
 * `ip netns add`, named-netns.ts): busybox tools, no CAP_NET_ADMIN, read-only /proc/sys.
 */
export function isContainer(id: string): boolean {
  return id !== "host" && id !== "internet" && !id.startsWith("netns:");
}
