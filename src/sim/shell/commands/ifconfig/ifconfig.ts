/**
 * `ifconfig`: net-tools 2.10 on the host and the internet, busybox 1.35 in
 * containers. Lists running interfaces by name (all of them with -a); counters
 * come from `Link.stats` when the packet walk keeps them, else zero.
 */
import { addAddress, getNetns, updateNetns } from "../../../kernel/netns.ts";
import { setLinkUp } from "../../../kernel/link.ts";
import { broadcastOf, formatIpv4, maskOf } from "../../../ipv4.ts";
import type { Link, Netns } from "../../../kernel/types.ts";
import type { World } from "../../../world.ts";
import { ok, type Command, type CommandResult } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { ipv6AddrsOf, linksByName, viewLink, type LinkView } from "../ip/ip-links.ts";

/** net-tools' and busybox's human-readable byte counts: one decimal, binary units. */
export function scaledBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${(Math.floor(v * 10) / 10).toFixed(1)} ${units[u]}`;
}

function flagNumber(v: LinkView): number {
  let f = 0;
  if (v.up) f |= 0x1;
  if (v.link.kind === "loopback") f |= 0x8;
  else f |= 0x2 | 0x1000;
  if (v.running) f |= 0x40;
  return f;
}

function flagNames(v: LinkView): string[] {
  const names: string[] = [];
  if (v.up) names.push("UP");
  if (v.link.kind !== "loopback") names.push("BROADCAST");
  if (v.link.kind === "loopback") names.push("LOOPBACK");
  if (v.running) names.push("RUNNING");
  if (v.link.kind !== "loopback") names.push("MULTICAST");
  return names;
}

/** One interface as net-tools prints it (ifconfig, netstat -ie). */
export function ifconfigBlock(ns: Netns, v: LinkView): string {
  const { link } = v;
  const s = v.stats;
  let out = `${link.name}: flags=${flagNumber(v)}<${flagNames(v).join(",")}>  mtu ${link.mtu}\n`;
  const a = ns.addrs.find((x) => x.ifname === link.name);
  if (a) {
    out += `        inet ${a.address}  netmask ${formatIpv4(maskOf(a.prefixLen))}`;
    if (link.kind !== "loopback") out += `  broadcast ${a.broadcast ?? "0.0.0.0"}`;
    out += "\n";
  }
  for (const six of ipv6AddrsOf(ns, v)) {
    out += `        inet6 ${six.address}  prefixlen ${six.prefixLen}  scopeid ${six.scope === "host" ? "0x10<host>" : six.scope === "link" ? "0x20<link>" : "0x0<global>"}\n`;
  }
  if (link.kind === "loopback") out += `        loop  txqueuelen ${link.txqlen ?? 0}  (Local Loopback)\n`;
  else out += `        ether ${link.mac}  txqueuelen ${link.txqlen ?? 0}  (Ethernet)\n`;
  out += `        RX packets ${s.rxPackets}  bytes ${s.rxBytes} (${scaledBytes(s.rxBytes)})\n`;
  out += "        RX errors 0  dropped 0  overruns 0  frame 0\n";
  out += `        TX packets ${s.txPackets}  bytes ${s.txBytes} (${scaledBytes(s.txBytes)})\n`;
  out += `        TX errors 0  dropped ${s.txDropped ?? 0} overruns 0  carrier 0  collisions 0\n\n`;
  return out;
}

function busybox(ns: Netns, v: LinkView): string {
  const { link } = v;
  const s = v.stats;
  const pad = (x: string) => x.padEnd(10, " ");
  let out =
    link.kind === "loopback"
      ? `${pad(link.name)}Link encap:Local Loopback  \n`
      : `${pad(link.name)}Link encap:Ethernet  HWaddr ${link.mac.toUpperCase()}  \n`;
  const a = ns.addrs.find((x) => x.ifname === link.name);
  if (a) {
    out += `          inet addr:${a.address}`;
    if (link.kind !== "loopback") out += `  Bcast:${a.broadcast ?? "0.0.0.0"}`;
    out += `  Mask:${formatIpv4(maskOf(a.prefixLen))}\n`;
  }
  for (const six of ipv6AddrsOf(ns, v)) {
    out += `          inet6 addr: ${six.address}/${six.prefixLen} Scope:${six.scope === "host" ? "Host" : six.scope === "link" ? "Link" : "Global"}\n`;
  }
  out += `          ${flagNames(v).join(" ")}  MTU:${link.mtu}  Metric:1\n`;
  out += `          RX packets:${s.rxPackets} errors:0 dropped:0 overruns:0 frame:0\n`;
  out += `          TX packets:${s.txPackets} errors:0 dropped:${s.txDropped ?? 0} overruns:0 carrier:0\n`;
  out += `          collisions:0 txqueuelen:${link.txqlen ?? 0} \n`;
  out += `          RX bytes:${s.rxBytes} (${scaledBytes(s.rxBytes)})  TX bytes:${s.txBytes} (${scaledBytes(s.txBytes)})\n\n`;
  return out;
}

export const ifconfig: Command = (argv, { world, session }) => {
  const ns = getNetns(world, session.machine);
  if (!ns) return ok(world);
  const bb = isBusybox(machineOf(world, session), "ifconfig");
  const args = argv.slice(1);
  const all = args[0] === "-a";
  const rest = all ? args.slice(1) : args;
  const print = (link: Link) =>
    bb ? busybox(ns, viewLink(world, ns, link)) : ifconfigBlock(ns, viewLink(world, ns, link));
  if (rest.length === 0) {
    return ok(
      world,
      linksByName(ns)
        .filter((l) => all || l.up)
        .map(print)
        .join(""),
    );
  }
  const name = rest[0]!;
  const link = ns.links.find((l) => l.name === name);
  if (!link) {
    const msg = `${name}: error fetching interface information: Device not found\n`;
    return { world, stdout: "", stderr: bb ? `ifconfig: ${msg}` : msg, exitCode: 1 };
  }
  if (rest.length === 1) return ok(world, print(link));
  return configure(world, ns, link, rest.slice(1), bb);
};

/** `ifconfig IF up|down` and `ifconfig IF ADDR [netmask M]`; containers lack the capability. */
function configure(world: World, ns: Netns, link: Link, args: readonly string[], bb: boolean): CommandResult {
  const denied = (what: string): CommandResult => ({
    world,
    stdout: "",
    stderr: `${bb ? "ifconfig: " : ""}${what}: Operation not permitted\n`,
    exitCode: 1,
  });
  let w = world;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "up" || a === "down") {
      if (bb) return denied("SIOCSIFFLAGS");
      w = updateNetns(w, ns.id, (n) => setLinkUp(n, link.name, a === "up"));
    } else if (a === "netmask" || a === "broadcast") {
      i++;
    } else if (/^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(a)) {
      if (bb) return denied("SIOCSIFADDR");
      const [addr, len] = a.split("/");
      const maskArg = args[args.indexOf("netmask") + 1];
      let prefixLen = len !== undefined ? Number(len) : 24;
      if (args.includes("netmask") && maskArg)
        prefixLen = maskArg.split(".").reduce((n, o) => n + (Number(o).toString(2).match(/1/g)?.length ?? 0), 0);
      w = updateNetns(w, ns.id, (n) => {
        const others = n.addrs.filter((x) => x.ifname !== link.name);
        const cleared = {
          ...n,
          addrs: others,
          routes: n.routes.filter((r) => !(r.dev === link.name && r.proto === "kernel")),
        };
        // ifconfig sets the broadcast address too, as SIOCSIFADDR does.
        return addAddress(cleared, link.name, `${addr}/${prefixLen}`, { broadcast: broadcastOf(addr!, prefixLen) });
      });
    } else {
      return {
        world,
        stdout: "",
        stderr: `${a}: Unknown host\nifconfig: \`--help' gives usage information.\n`,
        exitCode: 1,
      };
    }
  }
  return ok(w);
}
