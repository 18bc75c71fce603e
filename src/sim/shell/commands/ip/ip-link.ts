/**
 * `ip link`: show, set (up/down, mtu, master), add (bridge, veth pair) and delete.
 * New links get MACs from the world's seeded generator, as the kernel's random ones.
 */
import { randomMac } from "../../../kernel/mac.ts";
import { getNetns, updateNetns } from "../../../kernel/netns.ts";
import {
  addLink,
  addVethPair,
  findLink,
  moveLink,
  removeLink,
  renameLink,
  setLinkUp,
  setMaster,
  setMtu,
} from "../../../kernel/link.ts";
import { ok, type CommandResult } from "../../command.ts";
import { denied, err, incomplete, matches, noDevice, out, refused, rtnl, showTarget, type Ctx } from "./ip-common.ts";
import { showLinks, showLinksBrief } from "./ip-show.ts";
import { netnsTarget } from "./ip-netns.ts";
import { onelineLinks } from "./oneline.ts";

export function doLink(c: Ctx, args: readonly string[]): CommandResult {
  const sub = args[0];
  if (sub === undefined || matches(sub, "show") || matches(sub, "list") || matches(sub, "lst")) {
    const t = showTarget(c, args.slice(1), "link");
    if (t.error) return t.error;
    if (c.brief) return out(c.world, showLinksBrief(c.world, c.ns, t.filter));
    const text = showLinks(c.world, c.ns, c.flavor, t.filter, {
      ...(c.details ? { details: true } : {}),
      ...(c.stats ? { stats: c.stats } : {}),
    });
    return out(c.world, c.oneline ? onelineLinks(text) : text);
  }
  if (sub === "set" || matches(sub, "change")) return linkSet(c, args.slice(1));
  if (matches(sub, "add")) return linkAdd(c, args.slice(1));
  if (matches(sub, "delete")) {
    if (c.flavor === "busybox") return denied(c, "rtnetlink");
    const rest = args.slice(1).filter((a) => a !== "dev");
    const name = rest[0];
    if (name === undefined) return err(c.world, 'Not enough information: "dev" argument is required.\n', 1);
    if (!findLink(c.ns, name)) return noDevice(c, name, "find");
    if (name === "lo") return rtnl(c, "Operation not supported");
    return ok(removeLink(c.world, c.ns.id, name));
  }
  if (c.flavor === "busybox") return err(c.world, `ip: invalid argument '${sub}' to 'ip'\n`, 1);
  return err(c.world, `Command "${sub}" is unknown, try "ip link help".\n`, 255);
}

function linkSet(c: Ctx, args: readonly string[]): CommandResult {
  let dev: string | undefined;
  let up: boolean | undefined;
  let mtu: number | undefined;
  let master: string | null | undefined;
  let netns: string | undefined;
  let rename: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "name") {
      rename = args[++i];
      if (rename === undefined) return incomplete(c);
    } else if (a === "master") {
      master = args[++i];
      if (master === undefined) return incomplete(c);
      if (!findLink(c.ns, master)) return err(c.world, `Device does not exist\n`, 1);
    } else if (a === "nomaster") master = null;
    else if (a === "netns" && c.flavor !== "busybox") {
      const v = args[++i];
      if (v === undefined) return incomplete(c);
      netns = netnsTarget(c.world, v);
      if (netns === undefined) return err(c.world, `Error: argument "${v}" is wrong: Invalid "netns" value\n\n`, 255);
    } else if (a === "up") up = true;
    else if (a === "down") up = false;
    else if (a === "mtu") {
      const v = args[++i];
      if (v === undefined) return incomplete(c);
      if (!/^\d+$/.test(v)) return err(c.world, `Error: argument "${v}" is wrong: Invalid "mtu" value\n\n`, 255);
      mtu = Number(v);
    } else if (a === "dev") {
      dev = args[++i];
      if (dev === undefined) return incomplete(c);
    } else if (dev === undefined) {
      dev = a;
    } else {
      if (c.flavor === "busybox") return err(c.world, `ip: either "dev" is duplicate, or "${a}" is garbage\n`, 2);
      return err(c.world, `Error: either "dev" is duplicate, or "${a}" is a garbage.\n`, 255);
    }
  }
  if (dev === undefined) {
    if (c.flavor === "busybox") return err(c.world, 'ip: need "dev" argument\n', 1);
    return err(c.world, 'Not enough information: "dev" argument is required.\n', 1);
  }
  if (!findLink(c.ns, dev))
    return c.flavor === "busybox" ? err(c.world, `ip: can't find device '${dev}'\n`, 1) : noDevice(c, dev, "find");
  if (refused(c)) {
    if (master !== undefined) return denied(c, "rtnetlink");
    if (up === undefined && mtu === undefined && rename === undefined) return ok(c.world);
    // busybox's do_set sets the MTU (its own ioctl) before it touches the flags.
    return denied(c, rename === undefined && mtu !== undefined ? "mtu" : "flags");
  }
  let w = c.world;
  if (rename !== undefined && rename !== dev) {
    const r = renameCheck(c, rename);
    if (r) return r;
    const [from, to] = [dev, rename];
    w = updateNetns(w, c.ns.id, (ns) => renameLink(ns, from, to));
    dev = rename;
  }
  if (mtu !== undefined) {
    if (mtu < 68) return err(c.world, "Error: mtu less than device minimum.\n", 2);
    w = updateNetns(w, c.ns.id, (ns) => setMtu(ns, dev, mtu));
  }
  if (master !== undefined) {
    const br = master === null ? undefined : findLink(c.ns, master);
    if (br && br.kind !== "bridge") return rtnl(c, "Operation not supported");
    if (br && br.name === dev) return err(c.world, "Error: Can not enslave a bridge to itself.\n", 2);
    w = updateNetns(w, c.ns.id, (ns) => setMaster(ns, dev, br?.name));
  }
  if (up !== undefined) w = updateNetns(w, c.ns.id, (ns) => setLinkUp(ns, dev, up));
  if (netns !== undefined && netns !== c.ns.id) {
    const there = getNetns(w, netns);
    if (there && findLink(there, dev)) return rtnl(c, "File exists");
    w = moveLink(w, c.ns.id, dev, netns);
  }
  return ok(w);
}

/**
 * The lab's kernel renames a link that is up too (the oracle; older kernels said EBUSY);
 * iproute2 checks the name itself before asking.
 */
function renameCheck(c: Ctx, to: string): CommandResult | undefined {
  if (to.length > 15 || to === "" || /[\s/:]/.test(to))
    return err(c.world, `Error: argument "${to}" is wrong: "name" not a valid ifname\n`, 255);
  if (findLink(c.ns, to)) return rtnl(c, "File exists");
  return undefined;
}

/** `ip link add NAME type bridge` and `ip link add NAME type veth peer name PEER`. */
function linkAdd(c: Ctx, args: readonly string[]): CommandResult {
  if (c.flavor === "busybox") return err(c.world, "ip: invalid argument 'add' to 'ip'\n", 1);
  let name: string | undefined;
  let type: string | undefined;
  let peer: string | undefined;
  let peerNs: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "name" || a === "dev") name = args[++i];
    else if (a === "type") {
      type = args[++i];
      if (type === "veth" && args[i + 1] === "peer") {
        i++;
        if (args[i + 1] === "name") i++;
        peer = args[++i];
        // The peer's own attributes: `netns NS` makes it there directly.
        if (args[i + 1] === "netns") {
          const v = args[i + 2];
          if (v === undefined) return incomplete(c);
          peerNs = netnsTarget(c.world, v);
          if (peerNs === undefined)
            return err(c.world, `Error: argument "${v}" is wrong: Invalid "netns" value\n\n`, 255);
          i += 2;
        }
      }
    } else if (name === undefined) name = a;
    else return err(c.world, `Error: either "dev" is duplicate, or "${a}" is a garbage.\n`, 255);
  }
  if (type === undefined) return err(c.world, 'Not enough information: "type" argument is required\n', 1);
  if (type !== "bridge" && type !== "veth") return err(c.world, `Error: Unknown device type.\n`, 2);
  if (name === undefined || name === "")
    return err(c.world, 'Not enough information: "dev" argument is required.\n', 1);
  if (name.length > 15) return err(c.world, `Error: argument "${name}" is wrong: "name" not a valid ifname\n`, 1);
  if (findLink(c.ns, name)) return rtnl(c, "File exists");
  const [mac, rng1] = randomMac(c.world.rng);
  let rng = rng1;
  if (type === "bridge") {
    const w = { ...c.world, rng };
    return ok(
      updateNetns(w, c.ns.id, (ns) => {
        const [withBr] = addLink(ns, { name, kind: "bridge", mac, txqlen: 1000 });
        return { ...withBr, links: withBr.links.map((l) => (l.name === name ? { ...l, noPortsYet: true } : l)) };
      }),
    );
  }
  // The kernel names an unnamed peer after the first free vethN.
  let n = 0;
  while (peer === undefined && findLink(c.ns, `veth${n}`)) n++; // bounded by the number of links
  const peerName = peer ?? `veth${n}`;
  const peerHome = peerNs !== undefined ? getNetns(c.world, peerNs) : c.ns;
  if (!peerHome || findLink(peerHome, peerName) || (peerName === name && peerHome === c.ns))
    return rtnl(c, "File exists");
  const [peerMac, rng2] = randomMac(rng);
  rng = rng2;
  const w = { ...c.world, rng };
  // Made straight inside another namespace, each end takes its own namespace's next index.
  if (peerHome !== c.ns)
    return ok(
      addVethPair(
        w,
        { netns: c.ns.id, name, mac, txqlen: 1000 },
        { netns: peerHome.id, name: peerName, mac: peerMac, txqlen: 1000 },
      ),
    );
  return ok(
    addVethPair(
      w,
      { netns: c.ns.id, name, mac, txqlen: 1000 },
      { netns: c.ns.id, name: peerName, mac: peerMac, txqlen: 1000 },
      { createdIn: c.ns.id },
    ),
  );
}
