import { getNetns, updateNetns } from "../../../kernel/netns.ts";
// The UTS namespace goes with the machine (`nsenter -n` leaves it): the lab keeps the hostname in the machine's own netns.
import { fail, ok, type Command, type Session } from "../../command.ts";
import type { World } from "../../../world.ts";
import { readPath, viewOf } from "../../lib/vfs.ts";
import { hasCap } from "../../../docker/run-settings.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { bbGetopt } from "../../lib/bb-getopt.ts";
import { usage } from "../../lib/busybox-usage.ts";

/**
 * `hostname` (Debian's hostname 3.23 on the host, busybox in containers): prints the
 * namespace's UTS name, `-I` its global addresses, `-i` what /etc/hosts gives for
 * the name; `hostname NAME` sets it, which a container may not (no CAP_SYS_ADMIN).
 */
export const hostname: Command = (argv, { world, session }) => {
  const ns = getNetns(world, session.uts ?? session.mounts ?? session.machine);
  // A host-network container shares the host's network namespace, not its UTS one.
  const own = session.container && world.docker.containers.find((c) => c.id === session.container);
  const current = (own && own.networkMode === "host" ? own.hostname : ns?.hostname) ?? "localhost";
  const args = argv.slice(1);
  const machine = machineOf(world, session);
  const bb = isBusybox(machine, "hostname");
  if (bb) {
    // busybox's applet knows -s -i -d -f and -F FILE only: GNU's -I is refused with its usage.
    const long = args.find((a) => a.startsWith("--") && a !== "--");
    if (long) return fail(world, `hostname: unrecognized option '${long}'\n${usage("hostname")}`, 1);
    const o = bbGetopt("hostname", argv, "sidf", "F");
    if ("error" in o) return fail(world, o.error, 1);
    // -f and -d ask gethostbyname for the canonical name: the first name on the /etc/hosts
    // line that holds the hostname, which Docker writes as NAME.DOMAIN NAME under --domainname.
    if ((o.flags.has("d") || o.flags.has("f")) && !o.flags.has("i")) {
      const fqdn = canonicalName(world, session, current);
      if (o.flags.has("f")) return ok(world, `${fqdn}\n`);
      const dot = fqdn.indexOf(".");
      return ok(world, dot >= 0 ? `${fqdn.slice(dot + 1)}\n` : "");
    }
  }
  if (args.length === 0 || ["-f", "--fqdn", "--long", "-s", "--short", "-A", "--all-fqdns"].includes(args[0]!)) {
    if (args.length > 1) return fail(world, HOSTNAME_USAGE, 255);
    const name = args[0] === "-s" || args[0] === "--short" ? current.split(".")[0]! : current;
    return ok(world, args[0] === "-A" || args[0] === "--all-fqdns" ? `${name} \n` : `${name}\n`);
  }
  if (args[0] === "-I" || args[0] === "--all-ip-addresses") {
    // Listed as getifaddrs() gives them: by interface index.
    const index = (name: string) => ns?.links.find((l) => l.name === name)?.ifindex ?? 0;
    const addrs = (ns?.addrs ?? [])
      .filter((a) => a.scope === "global" && !a.address.startsWith("127."))
      .map((a, i) => ({ a, i }))
      .sort((x, y) => index(x.a.ifname) - index(y.a.ifname) || x.i - y.i)
      .map((x) => x.a);
    return ok(world, addrs.map((a) => `${a.address} `).join("") + "\n");
  }
  if (args[0] === "-i" || args[0] === "--ip-address") {
    const hit = ns?.hosts[current];
    if (hit === undefined) return fail(world, "hostname: Name or service not known\n", 1);
    return ok(world, `${hit}\n`);
  }
  if (args[0]!.startsWith("-"))
    return fail(world, bb ? `hostname: unrecognized option '${args[0]}'\n` : HOSTNAME_USAGE, bb ? 1 : 255);
  if (args.length > 1) return fail(world, HOSTNAME_USAGE, 255);
  // A container has no CAP_SYS_ADMIN unless --privileged or --cap-add gave it.
  if (machine.kind === "container" && !(machine.container && hasCap(machine.container, "SYS_ADMIN"))) {
    return fail(
      world,
      bb ? "hostname: sethostname: Operation not permitted\n" : "hostname: you must be root to change the host name\n",
      1,
    );
  }
  // Every terminal in the lab is root, so `hostname NAME` sets the UTS name as it would.
  return ok(updateNetns(world, session.mounts ?? session.machine, (n) => ({ ...n, hostname: args[0]! })));
};

/** The first name of the /etc/hosts line naming `name` (files come first in nsswitch), else the name itself. */
function canonicalName(world: World, session: Session, name: string): string {
  const r = readPath(viewOf(world, session), "/etc/hosts");
  if (!("text" in r)) return name;
  for (const line of r.text.split("\n")) {
    const names = line.replace(/#.*/, "").trim().split(/\s+/).slice(1);
    if (names.includes(name)) return names[0]!;
  }
  return name;
}

const HOSTNAME_USAGE = `Usage: hostname [-b] {hostname|-F file}         set host name (from file)
       hostname [-a|-A|-d|-f|-i|-I|-s|-y]       display formatted name
       hostname                                 display host name

       {yp,nis,}domainname {nisdomain|-F file}  set NIS domain name (from file)
       {yp,nis,}domainname                      display NIS domain name

       dnsdomainname                            display dns domain name

       hostname -V|--version|-h|--help          print info and exit

Program name:
       {yp,nis,}domainname=hostname -y
       dnsdomainname=hostname -d

Program options:
    -a, --alias            alias names
    -A, --all-fqdns        all long host names (FQDNs)
    -b, --boot             set default hostname if none available
    -d, --domain           DNS domain name
    -f, --fqdn, --long     long host name (FQDN)
    -F, --file             read host name or NIS domain name from given file
    -i, --ip-address       addresses for the host name
    -I, --all-ip-addresses all addresses for the host
    -s, --short            short host name
    -y, --yp, --nis        NIS/YP domain name

Description:
   This command can get or set the host name or the NIS domain name. You can
   also get the DNS domain or the FQDN (fully qualified domain name).
   Unless you are using bind or NIS for host lookups you can change the
   FQDN (Fully Qualified Domain Name) and the DNS domain name (which is
   part of the FQDN) in the /etc/hosts file.
`;
