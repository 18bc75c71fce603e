/**
 * `brctl showstp BRIDGE` (bridge-utils 1.7.1): the bridge's STP view and each port's, as
 * the oracle's prints them for Docker's bridges (STP off, the kernel's defaults). The
 * running timers (gc, a new port's forward delay) count down on the real host and read
 * 0.00 here; the bridge-wide times are bridge-utils' own readings of the kernel's
 * defaults, odd as they look ("bridge max age 50.00"), and printed as it prints them.
 */
import type { Link, Netns } from "../../../kernel/types.ts";
import type { World } from "../../../world.ts";
import type { CommandResult } from "../../command.ts";
import { viewLink } from "../ip/ip-links.ts";

const timer = (s: number) => s.toFixed(2).padStart(7);
const num = (n: number) => String(n).padStart(4);

export function showstp(world: World, ns: Netns, name: string | undefined): CommandResult {
  const out = (stdout: string, stderr = "", exitCode = 0): CommandResult => ({ world, stdout, stderr, exitCode });
  if (name === undefined)
    return out(
      "",
      "Incorrect number of arguments for command\nUsage: brctl showstp <bridge>\t\tshow bridge stp info\n",
      1,
    );
  const b = ns.links.find((l) => l.name === name && l.kind === "bridge");
  if (!b) return out("", `bridge ${name} does not exist!\n`, 1);
  const id = `8000.${b.mac.replace(/:/g, "")}`;
  let s = `${b.name}\n`;
  s += ` bridge id\t\t${id}\n designated root\t${id}\n`;
  s += ` root port\t\t${num(0)}\t\t\tpath cost\t\t${num(0)}\n`;
  s += ` max age\t\t${timer(20)}\t\t\tbridge max age\t\t${timer(50)}\n`;
  s += ` hello time\t\t${timer(2)}\t\t\tbridge hello time\t${timer(5)}\n`;
  s += ` forward delay\t\t${timer(37.5)}\t\t\tbridge forward delay\t${timer(15)}\n`;
  s += ` ageing time\t\t${timer(300)}\n`;
  s += ` hello timer\t\t${timer(0)}\t\t\ttcn timer\t\t${timer(0)}\n`;
  s += ` topology change timer\t${timer(0)}\t\t\tgc timer\t\t${timer(0)}\n`;
  s += ` flags\t\t\t\n\n\n`;
  // Ports are numbered as they were attached. bridge-utils lists them in the order sysfs reads
  // brif/ (kernfs hashes the random veth names); the lab lists them by number, as the oracle did once.
  const ports: Link[] = ns.links.filter((l) => l.master === b.name).sort((x, y) => x.ifindex - y.ifindex);
  ports.forEach((p, j) => {
    const i = j + 1;
    const portId = (0x8000 + i).toString(16);
    const state = viewLink(world, ns, p).running && b.up ? "forwarding" : "disabled";
    s += `${p.name} (${i})\n`;
    s += ` port id\t\t${portId}\t\t\tstate\t\t${state.padStart(15)}\n`;
    s += ` designated root\t${id}\tpath cost\t\t${num(2)}\n`;
    s += ` designated bridge\t${id}\tmessage age timer\t${timer(0)}\n`;
    s += ` designated port\t${portId}\t\t\tforward delay timer\t${timer(0)}\n`;
    s += ` designated cost\t${num(0)}\t\t\thold timer\t\t${timer(0)}\n`;
    s += ` flags\t\t\t\n\n`;
  });
  return out(s);
}
