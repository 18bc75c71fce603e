/**
 * `bridge` (iproute2 6.1): `link` (the bridges' ports, `-d` for their flags), `fdb`
 * (the forwarding database, `br B`, `dev D`) and `vlan` (empty: Docker's bridges do
 * not filter VLANs), following the world's links.
 */
import { getNetns } from "../../../kernel/netns.ts";
import type { Link, Netns } from "../../../kernel/types.ts";
import type { World } from "../../../world.ts";
import type { Command, CommandResult } from "../../command.ts";
import { viewLink } from "../ip/ip-links.ts";
import { bridgeOf, fdbEntries } from "./fdb.ts";

const USAGE = `Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }
       bridge [ -force ] -batch filename
where  OBJECT := { link | fdb | mdb | vlan | monitor }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] |
                    -o[neline] | -t[imestamp] | -n[etns] name |
                    -c[ompressvlans] -color -p[retty] -j[son] }
`;

const DETAILS =
  "    hairpin off guard off root_block off fastleave off learning on flood on mcast_flood on bcast_flood on " +
  "mcast_router 1 mcast_to_unicast off neigh_suppress off vlan_tunnel off isolated off locked off \n";

const res = (world: World, stdout: string, stderr = "", exitCode = 0): CommandResult => ({
  world,
  stdout,
  stderr,
  exitCode,
});

/** iproute2 accepts any prefix of a keyword. */
function is(arg: string | undefined, word: string, min = 1): boolean {
  return arg !== undefined && arg.length >= min && word.startsWith(arg);
}

function portLine(world: World, ns: Netns, l: Link): string {
  const v = viewLink(world, ns, l);
  // bridge(8) ignores the peer's netnsid: it names the index as this namespace knows it
  // (Docker 28's eth0 is index 2 in its container, so the host's port prints `@docker0`).
  const peer = l.peer ? ns.links.find((x) => x.ifindex === l.peer?.ifindex)?.name : undefined;
  const name = l.peer ? `${l.name}@${peer ?? `if${l.peer.ifindex}`}` : l.name;
  const flags = [
    ...(v.up && !v.running ? ["NO-CARRIER"] : []),
    "BROADCAST",
    "MULTICAST",
    ...(v.up ? ["UP"] : []),
    ...(v.running ? ["LOWER_UP"] : []),
  ];
  const bridge = ns.links.find((x) => x.name === l.master);
  const state = v.running && bridge?.up ? "forwarding" : "disabled";
  return `${l.ifindex}: ${name}: <${flags.join(",")}> mtu ${l.mtu} master ${l.master} state ${state} priority 32 cost 2 \n`;
}

function link(world: World, ns: Netns, args: readonly string[], details: boolean): CommandResult {
  let dev: string | undefined;
  let i = is(args[0], "show") || is(args[0], "list") || is(args[0], "lst") ? 1 : 0;
  if (args[0] !== undefined && i === 0)
    return res(world, "", `Command "${args[0]}" is unknown, try "bridge link help".\n`, 255);
  for (; i < args.length; i++) {
    if (args[i] === "dev") dev = args[++i];
    else dev = args[i];
  }
  if (dev !== undefined && !ns.links.some((l) => l.name === dev))
    return res(world, "", `Cannot find device "${dev}"\n`, 1);
  let out = "";
  for (const l of [...ns.links].sort((a, b) => a.ifindex - b.ifindex)) {
    if (!l.master || (dev !== undefined && l.name !== dev)) continue;
    out += portLine(world, ns, l) + (details ? DETAILS : "");
  }
  return res(world, out);
}

function fdb(world: World, ns: Netns, args: readonly string[]): CommandResult {
  let br: string | undefined;
  let dev: string | undefined;
  let i = is(args[0], "show") || is(args[0], "list") ? 1 : 0;
  if (args[0] !== undefined && i === 0)
    return res(world, "", `Command "${args[0]}" is unknown, try "bridge fdb help".\n`, 255);
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === "br") br = args[++i];
    else if (a === "brport" || a === "dev") dev = args[++i];
    else dev = a;
  }
  if (br !== undefined && !ns.links.some((l) => l.name === br && l.kind === "bridge")) {
    return res(world, "", `Cannot find bridge device "${br}"\n`, 255);
  }
  if (dev !== undefined && !ns.links.some((l) => l.name === dev))
    return res(world, "", `Cannot find device "${dev}"\n`, 255);
  let out = "";
  for (const e of fdbEntries(world, ns)) {
    if (br !== undefined && bridgeOf(ns, e.dev) !== br) continue;
    if (dev !== undefined && e.dev !== dev) continue;
    const where = dev !== undefined ? "" : `dev ${e.dev} `;
    out += `${e.mac} ${where}${e.master ? `master ${e.master} ` : "self "}${e.permanent ? "permanent" : ""}\n`;
  }
  return res(world, out);
}

export const bridge: Command = (argv, ctx) => {
  const { world } = ctx;
  let details = false;
  let i = 1;
  for (; i < argv.length && argv[i]!.startsWith("-"); i++) {
    const o = argv[i]!.replace(/^--?/, "");
    if (is(o, "details")) details = true;
    else if (is(o, "Version")) return res(world, "bridge utility, 6.1.0\n");
    else if (
      is(o, "statistics") ||
      is(o, "oneline") ||
      is(o, "timestamp") ||
      is(o, "compressvlans") ||
      is(o, "color", 2)
    )
      continue;
    else if (is(o, "help")) return res(world, "", USAGE, 255);
    else return res(world, "", `Option "${argv[i]}" is unknown, try "bridge help".\n`, 255);
  }
  const object = argv[i];
  const args = argv.slice(i + 1);
  const ns = getNetns(world, ctx.session.machine);
  if (object === undefined) return res(world, "", USAGE, 255);
  if (!ns) return res(world, "");
  if (is(object, "link")) return link(world, ns, args, details);
  if (is(object, "fdb")) return fdb(world, ns, args);
  if (is(object, "vlan")) {
    if (args[0] !== undefined && !is(args[0], "show") && !is(args[0], "list"))
      return res(world, "", `Command "${args[0]}" is unknown, try "bridge vlan help".\n`, 255);
    return res(world, "port              vlan-id  \n");
  }
  if (is(object, "mdb")) return res(world, "");
  if (is(object, "help")) return res(world, "", USAGE, 255);
  return res(world, "", `Object "${object}" is unknown, try "bridge help".\n`, 255);
};
