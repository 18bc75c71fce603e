/**
 * `arp`: net-tools 2.10 on the hosts (the Linux-style table, `-a` BSD style, `-i`,
 * `-v`, `-d`, `-s`) and busybox 1.35 in the images (always BSD style; a container's root may
 * not change the table). Both read the namespace's neighbour table (kernel/neigh.ts).
 * Without `-n` each address is looked up in reverse (see `nameOf`); one with no name
 * prints as `?` with `-a`, as the address without.
 */
import { parseIpv4 } from "../../../ipv4.ts";
import { getNetns } from "../../../kernel/netns.ts";
import { lookupRoute } from "../../../kernel/route.ts";
import { createWalkState, worldOf, type WalkState } from "../../../kernel/stack/context.ts";
import { EMBEDDED_DNS, embeddedDnsReverse } from "../../../programs/embedded-dns.ts";
import { resolveName } from "../../../programs/resolver.ts";
import { isValid, neighboursOf, nudState, withNeighbours, type Neighbour } from "../../../kernel/neigh.ts";
import type { Netns } from "../../../kernel/types.ts";
import type { World } from "../../../world.ts";
import type { Command, CommandResult } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { ARP_USAGE, BUSYBOX_ARP_USAGE } from "./usage.ts";

const HEADER = "Address                  HWtype  HWaddress           Flags Mask            Iface\n";

function res(world: World, stdout: string, stderr = "", exitCode = 0): CommandResult {
  return { world, stdout, stderr, exitCode };
}

/**
 * What the resolver gives `addr` back as (gethostbyaddr): /etc/hosts, then the name
 * server. Docker's embedded DNS knows the containers of the user networks the asker is
 * on; any other question goes out as a real query would (the lab's DNS holds no PTR
 * records), so it teaches the neighbour table the way to the server as the real one does.
 */
export function nameOf(st: WalkState<World>, ns: Netns, addr: string): string | undefined {
  for (const [name, a] of Object.entries(ns.hosts)) if (a === addr) return name;
  if (ns.nameservers[0] === EMBEDDED_DNS) {
    const known = embeddedDnsReverse(st.world, ns.id, addr);
    if (known !== undefined) return known;
  }
  const r = resolveName(st, ns.id, "arp", addr.split(".").reverse().join(".") + ".in-addr.arpa");
  return r.kind === "address" ? r.address : undefined;
}

interface Opts {
  numeric: boolean;
  bsd: boolean;
  verbose: boolean;
  del: boolean;
  set: boolean;
  dev?: string;
  host?: string;
  hw?: string;
}

function parse(argv: readonly string[], busybox: boolean): Opts | { bad: string } | { missing: string } {
  const o: Opts = { numeric: false, bsd: busybox, verbose: false, del: false, set: false };
  const words: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--numeric") o.numeric = true;
    else if (a === "--verbose") o.verbose = true;
    else if (a === "--delete") o.del = true;
    else if (a === "--set") o.set = true;
    else if (a === "--device") {
      if (argv[i + 1] === undefined) return { missing: "device" };
      o.dev = argv[++i];
    } else if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const f = a[j]!;
        if (f === "n") o.numeric = true;
        else if (f === "a") o.bsd = true;
        else if (f === "e" && !busybox) o.bsd = false;
        else if (f === "v") o.verbose = true;
        else if (f === "d") o.del = true;
        else if (f === "s") o.set = true;
        else if (f === "H" || f === "A" || f === "p") {
          // The hardware type and the protocol family: ether and inet are all there is here.
          if (!a.slice(j + 1) && argv[++i] === undefined) return { missing: f };
          break;
        } else if (f === "i") {
          const v = a.slice(j + 1) || argv[++i];
          if (v === undefined) return { missing: "i" };
          o.dev = v;
          break;
        } else return { bad: f };
      }
    } else words.push(a);
  }
  if (words[0] !== undefined) o.host = words[0];
  if (words[1] !== undefined) o.hw = words[1];
  return o;
}

export const arp: Command = (argv, { world, session }) => {
  const busybox = isBusybox(machineOf(world, session), "arp");
  const ns = getNetns(world, session.machine);
  if (!ns) return res(world, "");
  const o = parse(argv, busybox);
  if ("bad" in o || "missing" in o) {
    const what = "bad" in o ? `invalid option -- '${o.bad}'` : `option requires an argument -- '${o.missing}'`;
    return busybox
      ? res(world, "", `arp: ${what}\n${BUSYBOX_ARP_USAGE}`, 1)
      : res(world, "", `arp: ${what}\n${ARP_USAGE}`, 3);
  }
  if (o.del) {
    if (busybox) return res(world, "", "arp: SIOCDARP(priv): Operation not permitted\n", 1);
    if (o.host === undefined) return res(world, "", "arp: need host name\n", 255);
    if (parseIpv4(o.host) === null) return res(world, "", `${o.host}: Host name lookup failure\n`, 255);
    const table = world.neigh?.[ns.id] ?? [];
    const live = neighboursOf(world, ns);
    const hit = live.filter((n) => n.addr === o.host && (o.dev === undefined || n.dev === o.dev));
    if (hit.length === 0) return res(world, "", `No ARP entry for ${o.host}\n`, 255);
    return res(
      withNeighbours(
        world,
        ns.id,
        table.filter((n) => !hit.includes(n)),
      ),
      "",
    );
  }
  if (o.set) return setEntry(world, ns, o, busybox);
  if (o.host !== undefined && parseIpv4(o.host) === null) {
    const text = busybox ? `arp: bad address '${o.host}'\n` : `${o.host}: Host name lookup failure\n`;
    return res(world, "", text, busybox ? 1 : 255);
  }
  const all = neighboursOf(world, ns);
  const shown = all.filter(
    (n) => (o.dev === undefined || n.dev === o.dev) && (o.host === undefined || n.addr === o.host),
  );
  const st = createWalkState(world);
  const names = shown.map((n) => (o.numeric ? undefined : nameOf(st, ns, n.addr)));
  // The lookups' packets (and what they taught) are part of the command's world; the listing is from before them.
  const after = worldOf(st);
  let out = "";
  for (const [i, n] of shown.entries()) {
    const state = nudState(n, world.clock);
    const complete = isValid(state);
    const perm = state === "PERMANENT";
    const name = names[i];
    if (busybox) {
      const hw = complete ? `${n.mac} [ether]` : "<incomplete>";
      out += `${name ?? "?"} (${n.addr}) at ${hw} ${perm ? "PERM " : ""} on ${n.dev}\n`;
    } else if (o.bsd) {
      const hw = complete ? `${n.mac} [ether] ` : "<incomplete> ";
      out += `${name ?? "?"} (${n.addr}) at ${hw}${perm ? "PERM " : ""}on ${n.dev}\n`;
    } else {
      const flags = (complete ? "C" : "") + (perm ? "M" : "");
      const hw = complete ? `${"ether".padEnd(8)}${n.mac!.padEnd(20)}` : `${"".padEnd(8)}${"(incomplete)".padEnd(20)}`;
      out += `${(name ?? n.addr).padEnd(23)}  ${hw}${flags.padEnd(6)}${"".padEnd(15)} ${n.dev}\n`;
    }
  }
  if (!busybox && !o.bsd && shown.length > 0) out = HEADER + out;
  if (!busybox && o.verbose)
    out += `Entries: ${all.length}\tSkipped: ${all.length - shown.length}\tFound: ${shown.length}\n`;
  if (!busybox && shown.length === 0) {
    if (o.host !== undefined && !o.bsd) out += `${o.host} (${o.host}) -- no entry\n`;
    else if (o.host !== undefined || o.dev !== undefined) out += `arp: in ${all.length} entries no match found.\n`;
  }
  return { world: after, stdout: out, stderr: "", exitCode: 0, events: st.events };
};

/** `arp -s HOST HWADDR`: a static (PERMANENT) entry on the link the route to HOST leaves by. */
function setEntry(world: World, ns: Netns, o: Opts, busybox: boolean): CommandResult {
  if (busybox) return res(world, "", "arp: SIOCSARP: Operation not permitted\n", 1);
  if (o.host === undefined) return res(world, "", "arp: need host name\n", 255);
  if (parseIpv4(o.host) === null) return res(world, "", `${o.host}: Host name lookup failure\n`, 255);
  if (o.hw === undefined) return res(world, "", "arp: need hardware address\n", 255);
  if (!/^([0-9a-f]{1,2}:){5}[0-9a-f]{1,2}$/i.test(o.hw)) return res(world, "", "arp: invalid hardware address\n", 255);
  const route = o.dev === undefined ? lookupRoute(ns, o.host) : undefined;
  const link = ns.links.find((l) => l.name === (o.dev ?? route?.dev));
  // The kernel takes the link of an on-link route only (RTO_ONLINK): not one through a gateway.
  if (!link || route?.type === "local" || route?.via !== undefined)
    return res(world, "", "SIOCSARP: Network is unreachable\n", 255);
  const table = (world.neigh?.[ns.id] ?? []).filter((n) => !(n.addr === o.host && n.ifindex === link.ifindex));
  const mac = o.hw
    .toLowerCase()
    .split(":")
    .map((b) => b.padStart(2, "0"))
    .join(":");
  const entry: Neighbour = {
    addr: o.host,
    dev: link.name,
    ifindex: link.ifindex,
    mac,
    base: "permanent",
    at: world.clock,
    probes: 0,
  };
  return res(withNeighbours(world, ns.id, [...table, entry]), "");
}
