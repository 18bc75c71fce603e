/**
 * The interfaces tcpdump can listen on (`tcpdump -D`), in libpcap's order: the ones
 * up and connected first, then `any`, `lo`, the disconnected ones, then libpcap's own
 * pseudo-devices. Without `-i`, tcpdump takes the first: docker0 once a container
 * runs (it is then up and connected), eth0 before.
 */
import type { Link, Netns } from "../../kernel/types.ts";

interface Device {
  readonly name: string;
  readonly flags: string;
  readonly rank: number;
}

/** Whether a link has carrier: a veth whose peer is up, a bridge with a port up, eth0 while up. */
function running(ns: Netns, l: Link): boolean {
  if (!l.up) return false;
  if (l.kind === "bridge") return l.noPortsYet === true || ns.links.some((p) => p.master === l.name && p.up);
  return true;
}

function devices(ns: Netns): Device[] {
  const out: Device[] = [];
  for (const l of [...ns.links].sort((a, b) => a.ifindex - b.ifindex)) {
    const run = running(ns, l);
    if (l.kind === "loopback") {
      out.push({ name: l.name, flags: l.up ? "Up, Running, Loopback" : "Loopback", rank: l.up ? 2 : 4 });
      continue;
    }
    const parts = [...(l.up ? ["Up"] : []), ...(run ? ["Running"] : []), run ? "Connected" : "Disconnected"];
    out.push({ name: l.name, flags: parts.join(", "), rank: run ? 0 : l.up ? 3 : 4 });
  }
  out.push({ name: "any", flags: "Up, Running", rank: 1 });
  return out.sort((a, b) => a.rank - b.rank);
}

const PSEUDO = `bluetooth-monitor (Bluetooth Linux Monitor) [Wireless]
nflog (Linux netfilter log (NFLOG) interface) [none]
nfqueue (Linux netfilter queue (NFQUEUE) interface) [none]
dbus-system (D-Bus system bus) [none]
dbus-session (D-Bus session bus) [none]`.split("\n");

/** `tcpdump -D`. */
export function listDevices(ns: Netns): string {
  const lines = devices(ns).map((d) =>
    d.name === "any" ? "any (Pseudo-device that captures on all interfaces) [Up, Running]" : `${d.name} [${d.flags}]`,
  );
  return [...lines, ...PSEUDO].map((l, i) => `${i + 1}.${l}\n`).join("");
}

/** The interface tcpdump listens on without `-i`. */
export function defaultDevice(ns: Netns): string {
  return devices(ns)[0]?.name ?? "any";
}

/** Why tcpdump cannot listen on `name` (the text after `tcpdump: `), or undefined when it can. */
export function deviceError(ns: Netns, name: string): string | undefined {
  if (name === "any") return undefined;
  const l = ns.links.find((x) => x.name === name);
  if (!l) return `${name}: No such device exists\n(No such device exists)`;
  if (!l.up) return `${name}: That device is not up`;
  return undefined;
}
