/**
 * `brctl` (bridge-utils 1.7.1): `show` (each bridge's id, STP and ports) and
 * `showmacs` (the forwarding database: port number, MAC, local or learned, age), `showstp`,
 * from the world's links; `addbr`/`delbr`/`addif`/`delif` change the links as the
 * `ip link` commands they stand for; bridge-utils' usage and errors otherwise.
 */
import { getNetns } from "../../../kernel/netns.ts";
import type { Link, Netns } from "../../../kernel/types.ts";
import type { World } from "../../../world.ts";
import type { Command, CommandContext, CommandResult } from "../../command.ts";
import { fdbEntries } from "../bridge/fdb.ts";
import { showstp } from "./showstp.ts";

const USAGE = `Usage: brctl [commands]
commands:
\taddbr     \t<bridge>\t\tadd bridge
\tdelbr     \t<bridge>\t\tdelete bridge
\taddif     \t<bridge> <device>\tadd interface to bridge
\tdelif     \t<bridge> <device>\tdelete interface from bridge
\thairpin   \t<bridge> <port> {on|off}\tturn hairpin on/off
\tsetageing \t<bridge> <time>\t\tset ageing time
\tsetbridgeprio\t<bridge> <prio>\t\tset bridge priority
\tsetfd     \t<bridge> <time>\t\tset bridge forward delay
\tsethello  \t<bridge> <time>\t\tset hello time
\tsetmaxage \t<bridge> <time>\t\tset max message age
\tsetpathcost\t<bridge> <port> <cost>\tset path cost
\tsetportprio\t<bridge> <port> <prio>\tset port priority
\tshow      \t[ <bridge> ]\t\tshow a list of bridges
\tshowmacs  \t<bridge>\t\tshow a list of mac addrs
\tshowstp   \t<bridge>\t\tshow bridge stp info
\tstp       \t<bridge> {on|off}\tturn stp on/off
`;

const res = (world: World, stdout: string, stderr = "", exitCode = 0): CommandResult => ({
  world,
  stdout,
  stderr,
  exitCode,
});

function bridges(ns: Netns): Link[] {
  return ns.links.filter((l) => l.kind === "bridge").sort((a, b) => a.ifindex - b.ifindex);
}

function ports(ns: Netns, bridge: string): Link[] {
  return ns.links.filter((l) => l.master === bridge).sort((a, b) => a.ifindex - b.ifindex);
}

function showOne(ns: Netns, b: Link): string {
  const id = `8000.${b.mac.replace(/:/g, "")}`;
  const p = ports(ns, b.name);
  let out = `${b.name}\t\t${id}\tno\t\t${p[0]?.name ?? ""}\n`;
  for (const x of p.slice(1)) out += `\t\t\t\t\t\t\t${x.name}\n`;
  return out;
}

function showmacs(world: World, ns: Netns, name: string): CommandResult {
  const b = ns.links.find((l) => l.name === name && l.kind === "bridge");
  if (!b) return res(world, "", "read of forward table failed: No such device\n", 1);
  const portNo = new Map(ports(ns, name).map((l, i) => [l.name, i + 1]));
  const rows = fdbEntries(world, ns)
    .filter((e) => e.master === name && portNo.has(e.dev))
    .sort((a, b2) => (a.mac < b2.mac ? -1 : a.mac > b2.mac ? 1 : 0));
  let out = "port no\tmac addr\t\tis local?\tageing timer\n";
  for (const e of rows) {
    out += `${String(portNo.get(e.dev)).padStart(3)}\t${e.mac}\t${e.permanent ? "yes" : "no"}\t\t${e.age.toFixed(2).padStart(7)}\n`;
  }
  return res(world, out);
}

export const brctl: Command = (argv, ctx) => {
  const { world } = ctx;
  const ns = getNetns(world, ctx.session.machine);
  const cmd = argv[1];
  if (cmd === undefined || !ns) return res(world, USAGE, "", 1);
  if (cmd === "show") {
    let out = "bridge name\tbridge id\t\tSTP enabled\tinterfaces\n";
    const names = argv.slice(2);
    if (names.length === 0) {
      for (const b of bridges(ns)) out += showOne(ns, b);
      return res(world, out);
    }
    // The header comes with the first bridge that exists (the oracle's brctl prints none for a missing one).
    const header = out;
    out = "";
    let err = "";
    for (const n of names) {
      const b = ns.links.find((l) => l.name === n && l.kind === "bridge");
      if (b) out += (out === "" ? header : "") + showOne(ns, b);
      else err += `bridge ${n} does not exist!\n`;
    }
    return res(world, out, err, err ? 1 : 0);
  }
  if (cmd === "showmacs") {
    if (argv[2] === undefined)
      return res(
        world,
        "",
        "Incorrect number of arguments for command\nUsage: brctl showmacs <bridge>\tshow a list of mac addrs\n",
        1,
      );
    return showmacs(world, ns, argv[2]);
  }
  if (cmd === "showstp") return showstp(world, ns, argv[2]);
  if (cmd === "addbr" || cmd === "delbr" || cmd === "addif" || cmd === "delif") return change(argv, ctx, ns);
  if (
    [
      "hairpin",
      "setageing",
      "setbridgeprio",
      "setfd",
      "sethello",
      "setmaxage",
      "setpathcost",
      "setportprio",
      "stp",
    ].includes(cmd)
  ) {
    // STP and timers are not modelled: the kernel accepts them and nothing the lab shows changes.
    if (!ns.links.some((l) => l.name === argv[2] && l.kind === "bridge"))
      return res(world, "", `bridge ${argv[2] ?? ""} doesn't exist\n`, 1);
    return res(world, "");
  }
  return res(world, "", `never heard of command [${cmd}]\n${USAGE}`, 1);
};

/** `addbr`, `delbr`, `addif`, `delif`, done as `ip link` does them, with brctl's own errors. */
function change(argv: readonly string[], ctx: CommandContext, ns: Netns): CommandResult {
  const [, cmd, br, dev] = argv as [string, string, string | undefined, string | undefined];
  const world = ctx.world;
  const two = cmd === "addif" || cmd === "delif";
  if (br === undefined || (two && dev === undefined)) {
    return res(world, "", `Incorrect number of arguments for command\n`, 1);
  }
  const bridge = ns.links.find((l) => l.name === br);
  let line: string;
  if (cmd === "addbr") {
    if (bridge) return res(world, "", `device ${br} already exists; can't create bridge with the same name\n`, 1);
    line = `ip link add name ${br} type bridge`;
  } else if (cmd === "delbr") {
    if (!bridge || bridge.kind !== "bridge") return res(world, "", `bridge ${br} doesn't exist; can't delete it\n`, 1);
    if (bridge.up) return res(world, "", `bridge ${br} is still up; can't delete it\n`, 1);
    line = `ip link del ${br}`;
  } else {
    if (!bridge || bridge.kind !== "bridge") return res(world, "", `bridge ${br} does not exist!\n`, 1);
    const port = ns.links.find((l) => l.name === dev);
    if (!port) return res(world, "", `interface ${dev} does not exist!\n`, 1);
    if (cmd === "addif" && port.master)
      return res(world, "", `device ${dev} is already a member of a bridge; can't add it to bridge ${br}.\n`, 1);
    if (cmd === "delif" && port.master !== br) return res(world, "", `device ${dev} is not a slave of ${br}\n`, 1);
    line = cmd === "addif" ? `ip link set dev ${dev} master ${br}` : `ip link set dev ${dev} nomaster`;
  }
  const r = ctx.runLine(world, ctx.session, line);
  return r.exitCode === 0 ? { ...r, stdout: "", stderr: "" } : r;
}
