/**
 * `ip`: iproute2 6.1 on the host and the internet, busybox 1.35 in containers
 * (Docker gives containers no CAP_NET_ADMIN, so there every change is refused).
 * Objects and subcommands match by prefix as iproute2's `matches()` does; errors
 * and exit codes are the real tools' (see tests/unit/sim/shell/ip.test.ts).
 */
import { parseIpv4 } from "../../../ipv4.ts";
import { addAddress, delAddress, getNetns, updateNetns } from "../../../kernel/netns.ts";
import { findLink } from "../../../kernel/link.ts";
import type { Netns } from "../../../kernel/types.ts";
import type { World } from "../../../world.ts";
import { fail, ok, type Command, type CommandResult } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { hasCap } from "../../../docker/run-settings.ts";
import {
  badPrefix,
  denied,
  err,
  matches,
  noDevice,
  out,
  refused,
  showTarget,
  validCidr,
  type Ctx,
} from "./ip-common.ts";
import { doLink } from "./ip-link.ts";
import { doNetns, sessionIn, switchTo } from "./ip-netns.ts";
import { doRoute } from "./ip-route.ts";
import { doRule, rulesJson } from "./ip-rule.ts";
import { colourise, wantsColour } from "./ip-color.ts";
import { doMaddr, doNetconf } from "./ip-maddr.ts";
import { addrSelected, showAddrs, showAddrsBrief } from "./ip-show.ts";
import { onelineAddrs } from "./oneline.ts";
import { doNeigh } from "./ip-neigh.ts";
import { inet6Only } from "./ip6.ts";
import { briefJson, linksJson, neighJson, routesJson, writeJson } from "./ip-json.ts";

const IP_USAGE = `Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp |
                   link | macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}
`;

const BUSYBOX_USAGE = `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.

Usage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]

OPTIONS := -f[amily] inet|inet6|link | -o[neline]

ip addr add|del IFADDR dev IFACE | show|flush [dev IFACE] [to PREFIX]
ip route list|flush|add|del|change|append|replace|test ROUTE
ip link set IFACE [up|down] [arp on|off] [multicast on|off]
\t[promisc on|off] [mtu NUM] [name NAME] [qlen NUM] [address MAC]
\t[master IFACE | nomaster] [netns PID]
ip tunnel add|change|del|show [NAME]
\t[mode ipip|gre|sit] [remote ADDR] [local ADDR] [ttl TTL]
ip neigh show|flush [to PREFIX] [dev DEV] [nud STATE]
ip rule [list] | add|del SELECTOR ACTION
`;

const OBJECTS = [
  "address", "addrlabel", "maddress", "route", "rule", "neighbor", "neighbour", "ntable", "ntbl", "link", "l2tp",
  "fou", "ila", "macsec", "tunnel", "tuntap", "tap", "token", "tcpmetrics", "monitor", "xfrm", "mroute", "mrule",
  "netns", "netconf", "vrf", "sr", "nexthop", "mptcp", "ioam", "help",
]; // prettier-ignore

function doAddress(c: Ctx, args: readonly string[]): CommandResult {
  const sub = args[0];
  if (sub === undefined || matches(sub, "list") || matches(sub, "show") || matches(sub, "lst")) {
    const t = showTarget(c, args.slice(1), "address");
    if (t.error) return t.error;
    if (c.brief) {
      const brief = showAddrsBrief(c.world, c.ns, t.filter, c.inet4);
      return out(c.world, c.inet6 ? inet6Only(brief, "brief") : brief);
    }
    const text = showAddrs(c.world, c.ns, c.flavor, t.filter, {
      inet4: c.inet4,
      ...(c.details ? { details: true } : {}),
      ...(c.stats ? { stats: c.stats } : {}),
    });
    if (c.inet6) {
      const mode = c.oneline ? "oneline" : "full";
      return out(c.world, inet6Only(c.oneline ? onelineAddrs(text) : text, mode, t.filter.dev !== undefined));
    }
    return out(c.world, c.oneline ? onelineAddrs(text) : text);
  }
  const isAdd = matches(sub, "add");
  const isDel = !isAdd && matches(sub, "delete");
  if (!isAdd && !isDel && matches(sub, "flush")) return addrFlush(c, args.slice(1));
  if (!isAdd && !isDel) {
    if (c.flavor === "busybox") return err(c.world, `ip: invalid argument '${sub}' to 'ip'\n`, 1);
    return err(c.world, `Command "${sub}" is unknown, try "ip address help".\n`, 255);
  }
  if (refused(c)) return denied(c, "rtnetlink");
  let local: string | undefined;
  let dev: string | undefined;
  let brd: string | undefined;
  let label: string | undefined;
  const rest = args.slice(1);
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === "dev") dev = rest[++i];
    else if (a === "label" && c.flavor === "iproute2") label = rest[++i];
    else if (a === "brd" || a === "broadcast") brd = rest[++i];
    else if (a === "local") local = rest[++i];
    else if (local === undefined) local = a;
    else return err(c.world, `Error: either "local" is duplicate, or "${a}" is a garbage.\n`, 255);
  }
  if (local === undefined) return err(c.world, 'Not enough information: "dev" argument is required.\n', 1);
  const cidr = validCidr(local);
  if (!cidr) return badPrefix(c, local);
  if (dev === undefined) return err(c.world, 'Not enough information: "dev" argument is required.\n', 1);
  if (!findLink(c.ns, dev)) return noDevice(c, dev, "find");
  const text = `${cidr.address}/${cidr.prefixLen}`;
  if (isAdd) {
    if (c.ns.addrs.some((a) => a.ifname === dev && a.address === cidr.address && a.prefixLen === cidr.prefixLen)) {
      return err(c.world, "Error: ipv4: Address already assigned.\n", 2);
    }
    let broadcast: string | undefined;
    if (brd === "+") {
      const n = parseIpv4(cidr.address)!;
      const mask = cidr.prefixLen === 0 ? 0 : (0xffffffff << (32 - cidr.prefixLen)) >>> 0;
      const b = (n | ~mask) >>> 0;
      broadcast = [b >>> 24, (b >>> 16) & 255, (b >>> 8) & 255, b & 255].join(".");
    } else if (brd !== undefined) {
      if (parseIpv4(brd) === null) return err(c.world, `Error: inet address is expected rather than "${brd}".\n`, 1);
      broadcast = brd;
    }
    const w = updateNetns(c.world, c.ns.id, (ns) =>
      addAddress(ns, dev, text, {
        ...(broadcast !== undefined ? { broadcast } : {}),
        ...(label !== undefined && label !== dev ? { label } : {}),
      }),
    );
    return ok(w);
  }
  let warning = "";
  if (!cidr.explicitLen) {
    warning = `Warning: Executing wildcard deletion to stay compatible with old scripts.
         Explicitly specify the prefix length (${cidr.address}/32) to avoid this warning.
         This special behaviour is likely to disappear in further releases,
         fix your scripts!
`;
    const hit = c.ns.addrs.find((a) => a.ifname === dev && a.address === cidr.address);
    if (!hit) return err(c.world, warning + "Error: ipv4: Address not found.\n", 2);
    const w = updateNetns(c.world, c.ns.id, (ns) => delAddress(ns, dev, `${hit.address}/${hit.prefixLen}`));
    return { world: w, stdout: "", stderr: warning, exitCode: 0 };
  }
  if (!c.ns.addrs.some((a) => a.ifname === dev && a.address === cidr.address && a.prefixLen === cidr.prefixLen)) {
    return err(c.world, "Error: ipv4: Address not found.\n", 2);
  }
  return ok(updateNetns(c.world, c.ns.id, (ns) => delAddress(ns, dev, text)));
}

/** `ip addr flush dev X`: every IPv4 address of the link goes, with its routes. */
function addrFlush(c: Ctx, args: readonly string[]): CommandResult {
  if (args.length === 0) {
    if (c.flavor === "busybox") return err(c.world, "ip: flush requires arguments\n", 1);
    return err(c.world, "Flush requires arguments.\n", 1);
  }
  const t = showTarget(c, args, "address");
  if (t.error) return t.error;
  if (refused(c)) return denied(c, "rtnetlink");
  let w = c.world;
  for (const a of c.ns.addrs) {
    if (t.filter.dev !== undefined && a.ifname !== t.filter.dev) continue;
    if (a.ifname === "lo" && t.filter.dev === undefined) continue;
    if (!addrSelected(t.filter, a)) continue;
    w = updateNetns(w, c.ns.id, (ns) => delAddress(ns, a.ifname, `${a.address}/${a.prefixLen}`));
  }
  return ok(w);
}

function busyboxIp(world: World, ns: Netns, argv: readonly string[], admin: boolean): CommandResult {
  let i = 1;
  let inet4 = false;
  let inet6 = false;
  let oneline = false;
  while (argv[i]?.startsWith("-")) {
    const o = argv[i]!;
    if (o === "-4") inet4 = true;
    else if (o === "-o" || o === "-oneline") oneline = true;
    else if (o === "-6") inet6 = true;
    else return err(world, BUSYBOX_USAGE, 1);
    i++;
  }
  const object = argv[i];
  const c: Ctx = { world, ns, flavor: "busybox", inet4, inet6, brief: false, oneline, admin };
  const args = argv.slice(i + 1);
  if (object === undefined) return err(world, BUSYBOX_USAGE, 1);
  if (matches(object, "address")) return doAddress(c, args);
  if (matches(object, "route")) return doRoute(c, args);
  if (matches(object, "link")) return doLink(c, args);
  if (matches(object, "neigh")) return doNeigh(c, args, inet6);
  if (matches(object, "rule")) return doRule(c, args);
  return err(world, BUSYBOX_USAGE, 1);
}

/**
 * `ip -j` (`-p`: pretty): ip runs without them, and what it printed becomes the JSON
 * records iproute2 prints instead (ip-json.ts); errors, and objects without records
 * here, stay as they are.
 */
export const ip: Command = (argv, ctx) => {
  if (isBusybox(machineOf(ctx.world, ctx.session), "ip")) return ipText(argv, ctx);
  const kept: string[] = [argv[0]!];
  let json = false;
  let pretty = false;
  let brief = false;
  let colour = false;
  let i = 1;
  for (; argv[i]?.startsWith("-"); i++) {
    const o = argv[i]!.replace(/^--/, "-");
    colour = wantsColour(o) ?? colour;
    if (matches(o, "-json")) json = true;
    else if (matches(o, "-pretty")) pretty = true;
    else kept.push(argv[i]!);
    if (o.length >= 3 && matches(o, "-brief")) brief = true;
  }
  const r = ipText([...kept, ...argv.slice(i)], ctx);
  const obj = OBJECTS.find((o) => argv[i] !== undefined && matches(argv[i]!, o));
  if (colour && !json && (obj === "address" || obj === "link"))
    return { ...r, stdout: colourise(r.stdout, brief, obj === "address") };
  if (!json || r.exitCode !== 0) return r;
  const text = r.stdout;
  const records =
    obj === "address" || obj === "link"
      ? brief
        ? briefJson(text, obj === "address")
        : linksJson(text, obj === "address")
      : obj === "route"
        ? routesJson(text)
        : obj === "neighbor" || obj === "neighbour"
          ? neighJson(text)
          : obj === "rule"
            ? rulesJson(text)
            : undefined;
  return records ? { ...r, stdout: writeJson(records, pretty) } : r;
};

const ipText: Command = (argv, cc) => {
  const { world, session } = cc;
  const ns = getNetns(world, session.machine);
  if (!ns) return fail(world, `bash: ip: command not found\n`, 127);
  const m = machineOf(world, session);
  // A container's processes change its network only with CAP_NET_ADMIN (--cap-add, --privileged).
  if (isBusybox(m, "ip"))
    return busyboxIp(world, ns, argv, m.container !== undefined && hasCap(m.container, "NET_ADMIN"));
  let i = 1;
  let inet4 = false;
  let inet6 = false;
  let brief = false;
  let details = false;
  let stats = 0;
  let oneline = false;
  let all = false;
  while (argv[i]?.startsWith("-")) {
    const o = argv[i]!.replace(/^--/, "-");
    if (o === "-4") inet4 = true;
    else if (o === "-V" || matches(o, "-Version")) return ok(world, "ip utility, iproute2-6.1.0, libbpf 1.1.2\n");
    else if (o.length >= 3 && matches(o, "-brief")) brief = true;
    else if (matches(o, "-details")) details = true;
    else if (matches(o, "-statistics") || matches(o, "-stats")) stats++;
    else if (matches(o, "-oneline")) oneline = true;
    else if (o === "-6") inet6 = true;
    else if (o.length >= 2 && matches(o, "-all")) all = true;
    else if (wantsColour(o) !== undefined || matches(o, "-Numeric") || matches(o, "-resolve")) {
      /* accepted; output as without them */
    } else if (o === "-n" || matches(o, "-netns")) {
      // iproute2 switches namespace there and goes on reading its options.
      const name = argv[i + 1];
      if (name === undefined) return err(world, "No netns name specified\n", 255);
      const to = switchTo(world, name);
      if (!("id" in to)) return to;
      return ipText([argv[0]!, ...argv.slice(i + 2)], { ...cc, session: sessionIn(session, to.id) });
    } else if (matches(o, "-help")) {
      return err(world, IP_USAGE, 255);
    } else {
      return err(world, `Option "${argv[i]}" is unknown, try "ip -help".\n`, 255);
    }
    i++;
  }
  const object = argv[i];
  if (object === undefined) return err(world, IP_USAGE, 255);
  const c: Ctx = { world, ns, flavor: "iproute2", inet4, inet6, brief, details, stats, oneline, all };
  const args = argv.slice(i + 1);
  const obj = OBJECTS.find((o) => matches(object, o));
  switch (obj) {
    case "address":
      return doAddress(c, args);
    case "route":
      return doRoute(c, args);
    case "link":
      return doLink(c, args);
    case "netns":
      return doNetns(c, args, cc);
    case "neighbor":
    case "neighbour":
      return doNeigh(c, args, inet6);
    case "rule":
      return doRule(c, args);
    case "maddress":
      return doMaddr(c, args);
    case "netconf":
      return doNetconf(c, args);
    case "help":
      return err(world, IP_USAGE, 255);
    case undefined:
      return err(world, `Object "${object}" is unknown, try "ip help".\n`, 1);
    default:
      return ok(world);
  }
};
