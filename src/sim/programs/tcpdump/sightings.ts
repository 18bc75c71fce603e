/**
 * Where tcpdump sees a packet: derived from the trace a command's packets left (the
 * walk already records every hop), so capturing costs nothing while no capture runs.
 * A frame is seen on the interface it leaves by and the one it arrives on. A bridge
 * sees what it sends out of its ports and what arrives on a port for the host itself;
 * a frame it forwards from one port to another is seen on the two ports, and on the
 * bridge's own device only while that is promiscuous (as tcpdump makes it, unless `-p`;
 * `-i any` does not).
 */
import type { KernelWorld, Link, Netns } from "../../kernel/types.ts";
import type { Headers, HopEvent, PacketEvent, TraceEvent } from "../../trace/events.ts";

export interface Sighting {
  readonly packet: PacketEvent;
  /** The headers as they are on this wire (after the sender's POSTROUTING NAT). */
  readonly headers: Headers;
  readonly iface: string;
  readonly ifindex: number;
  /** As `-i any` prints it: received for this host, sent, or seen passing (another host's frame). */
  readonly dir: "In" | "Out" | "P";
  readonly srcMac: string;
  readonly dstMac: string;
  /** The event's position in the command's trace, which orders and spaces the timestamps. */
  readonly index: number;
  /** One fragment of a packet larger than the sending link's MTU: its IP length and offset (bytes). */
  readonly frag?: { readonly len: number; readonly offset: number; readonly more: boolean };
}

const IP_HEADER = 20;

/**
 * ip_fragment's pieces of a `len`-byte packet on a link of `mtu`: payloads of the largest
 * multiple of 8 that fits, the last one taking the rest. Bounded: at least 8 bytes a piece.
 */
function fragments(len: number, mtu: number): { len: number; offset: number; more: boolean }[] {
  const step = Math.max(8, Math.floor((mtu - IP_HEADER) / 8) * 8);
  const payload = len - IP_HEADER;
  const out: { len: number; offset: number; more: boolean }[] = [];
  for (let offset = 0; offset < payload; offset += step) {
    const size = Math.min(step, payload - offset);
    out.push({ len: IP_HEADER + size, offset, more: offset + size < payload });
  }
  return out;
}

const NO_MAC = "00:00:00:00:00:00";

function linkOf(world: KernelWorld, netns: string, name: string): Link | undefined {
  const ns: Netns | undefined = Object.hasOwn(world.netns, netns) ? world.netns[netns] : undefined;
  return ns?.links.find((l) => l.name === name);
}

/** The port of `bridge` in `netns` whose veth peer is `toNetns`/`toIface`. */
function portTo(world: KernelWorld, netns: string, bridge: string, toNetns: string, toIface: string): Link | undefined {
  const ns = world.netns[netns];
  const peer = linkOf(world, toNetns, toIface);
  if (!ns || !peer) return undefined;
  return ns.links.find((l) => l.master === bridge && l.peer?.netns === toNetns && l.peer.ifindex === peer.ifindex);
}

/** The next event of the same packet after `i`. */
function nextOf(events: readonly TraceEvent[], i: number, packetId: number): TraceEvent | undefined {
  for (let j = i + 1; j < events.length; j++) {
    const e = events[j]!;
    if (e.type !== "command" && e.packetId === packetId) return e;
  }
  return undefined;
}

function nextHop(events: readonly TraceEvent[], i: number, packetId: number): HopEvent | undefined {
  for (let j = i + 1; j < events.length; j++) {
    const e = events[j]!;
    if (e.type === "hop" && e.packetId === packetId) return e;
    if (e.type === "packet" && e.packetId !== packetId) return undefined;
  }
  return undefined;
}

/**
 * Every sighting of the command's packets in namespace `netns`, on `iface` (or on
 * every interface for `any`), in order. `world` is the world the packets crossed.
 */
export function sightingsIn(
  world: KernelWorld,
  events: readonly TraceEvent[],
  netns: string,
  iface: string,
  promiscuous = true,
): Sighting[] {
  const out: Sighting[] = [];
  const any = iface === "any";
  let packet: PacketEvent | undefined;
  let headers: Headers | undefined;
  // The MTU of the link that put the frame on the wire: a larger packet crosses it in fragments.
  let wireMtu = Infinity;
  const add = (link: Link | undefined, dir: Sighting["dir"], srcMac: string, dstMac: string, index: number) => {
    if (!link || !packet || !headers) return;
    if (!any && link.name !== iface) return;
    const seen = { packet, headers, iface: link.name, ifindex: link.ifindex, dir, srcMac, dstMac, index };
    if (headers.len <= wireMtu || headers.proto === "tcp") out.push(seen);
    else for (const frag of fragments(headers.len, wireMtu)) out.push({ ...seen, frag });
  };
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    switch (e.type) {
      case "packet":
        packet = e;
        headers = e.headers;
        break;
      case "hook":
        if (e.packetId === packet?.packetId) headers = e.headers;
        break;
      case "nat":
        if (e.packetId === packet?.packetId) headers = e.after;
        break;
      case "hop": {
        if (e.packetId !== packet?.packetId) break;
        wireMtu = linkOf(world, e.fromNetns, e.fromIface)?.mtu ?? Infinity;
        if (e.lower?.netns === netns) {
          // A macvlan's frame on its lower link's wire: seen there, though this namespace never takes it.
          const from = linkOf(world, e.fromNetns, e.fromIface);
          const to = linkOf(world, e.toNetns, e.toIface);
          add(
            linkOf(world, netns, e.lower.iface),
            e.lower.dir === "In" ? "P" : "Out",
            from?.mac ?? NO_MAC,
            to?.mac ?? NO_MAC,
            i,
          );
        }
        if (e.fromNetns !== netns && e.toNetns !== netns) break;
        const from = linkOf(world, e.fromNetns, e.fromIface);
        const to = linkOf(world, e.toNetns, e.toIface);
        if (e.medium === "loopback") {
          // Each packet crosses lo once as tcpdump shows it (libpcap drops the outgoing copy).
          if (e.fromNetns === netns) add(from, "In", NO_MAC, NO_MAC, i);
          break;
        }
        if (e.fromNetns === netns) {
          if (e.medium === "bridge") {
            const port = portTo(world, netns, e.fromIface, e.toNetns, e.toIface);
            const bridged = bridgedBefore(events, i, e.packetId, netns);
            if (!bridged) add(from, "Out", from?.mac ?? NO_MAC, to?.mac ?? NO_MAC, i);
            add(port, "Out", from?.mac ?? NO_MAC, to?.mac ?? NO_MAC, i + 0.5);
          } else add(from, "Out", from?.mac ?? NO_MAC, to?.mac ?? NO_MAC, i);
        }
        if (e.toNetns === netns && to) {
          if (to.master) {
            const after = nextOf(events, i, e.packetId);
            const bridged = after?.type === "route" && after.decision === "bridge";
            const bridge = linkOf(world, netns, to.master);
            const onward = bridged ? nextHop(events, i, e.packetId) : undefined;
            const dstMac = bridged
              ? ((onward ? linkOf(world, onward.toNetns, onward.toIface)?.mac : undefined) ?? NO_MAC)
              : (bridge?.mac ?? NO_MAC);
            add(to, "P", from?.mac ?? NO_MAC, dstMac, i);
            const upToBridge = bridged ? promiscuous && !any : after?.type !== "drop";
            if (upToBridge) {
              // br_netfilter runs PREROUTING before the bridge passes the frame up: its device sees it NATed.
              const seenAt = headers;
              headers = preroutedHeaders(events, i, e.packetId, netns) ?? seenAt;
              add(bridge, bridged ? "P" : "In", from?.mac ?? NO_MAC, dstMac, i + 0.5);
              headers = seenAt;
            }
          } else add(to, "In", from?.mac ?? NO_MAC, to.mac, i);
        }
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** The headers PREROUTING's NAT left on the packet arriving at event `i` in `netns`, if it changed them. */
function preroutedHeaders(
  events: readonly TraceEvent[],
  i: number,
  packetId: number,
  netns: string,
): Headers | undefined {
  let h: Headers | undefined;
  for (let j = i + 1; j < events.length; j++) {
    const e = events[j]!;
    if (e.type === "command" || e.packetId !== packetId) {
      if (e.type === "packet") return h;
      continue;
    }
    if (e.type === "hop" || e.type === "route" || (e.type === "hook" && e.hook !== "PREROUTING")) return h;
    if (e.type === "nat" && e.netns === netns) h = e.after;
  }
  return h;
}

/** Whether the packet's last routing decision in `netns` before event `i` was to bridge it. */
function bridgedBefore(events: readonly TraceEvent[], i: number, packetId: number, netns: string): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const e = events[j]!;
    if (e.type === "hop" || e.type === "packet") return false;
    if (e.type === "route" && e.packetId === packetId && e.netns === netns) return e.decision === "bridge";
  }
  return false;
}
