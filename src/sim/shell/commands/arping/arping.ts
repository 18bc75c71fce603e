/**
 * busybox 1.35's `arping` (an applet of the nginx image's busybox): ARP requests for
 * DST_IP out of -I IFACE (eth0), one a second, and the replies of whoever owns that
 * address on the link (the far end of a veth, the bridge, another port of it), as the
 * oracle prints them. It speaks through a packet socket, so the asker's own neighbour
 * table learns nothing from it.
 */
import { advanceClock, createWalkState, getNs, worldOf } from "../../../kernel/stack/context.ts";
import { answerFor } from "../../../kernel/stack/neigh-learn.ts";
import { findLinkByName } from "../../../kernel/stack/neighbours.ts";
import type { Command, CommandResult } from "../../command.ts";
import { bbGetopt } from "../../lib/bb-getopt.ts";
import { usage } from "../../lib/busybox-usage.ts";

const FLAGS = "fqbDUA";
const VALUED = "cwIs";
/** How many requests the lab sends when neither -c nor -w bounds arping (a real one goes on until Ctrl-C). */
const UNBOUNDED = 4;

/** A reply's time: a few µs, deterministic. */
const rtt = (n: number) => `${(0.021 + 0.01 * (n % 2)).toFixed(3)}ms`;

export const arping: Command = (argv, ctx) => {
  const fail = (stderr: string): CommandResult => ({ world: ctx.world, stdout: "", stderr, exitCode: 1 });
  const opts = bbGetopt("arping", argv, FLAGS, VALUED);
  if ("error" in opts) return fail(opts.error);
  const { operands, values } = opts;
  const quiet = opts.flags.has("q");
  const first = opts.flags.has("f");
  const iface = values.get("I") ?? "eth0";
  const source = values.get("s");
  const numbers: Record<string, number | undefined> = {};
  for (const f of "cw") {
    const v = values.get(f);
    if (v === undefined) continue;
    if (!/^\d+$/.test(v)) return fail(`arping: invalid number '${v}'\n`);
    numbers[f] = Number(v);
  }
  const count = numbers["c"];
  const deadline = numbers["w"];
  if (operands.length !== 1) return fail(usage("arping"));
  const target = operands[0]!;
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(target)) return fail(`arping: bad address '${target}'\n`);
  const st = createWalkState(ctx.world);
  const ns = getNs(st, ctx.session.machine);
  const link = ns ? findLinkByName(ns, iface) : undefined;
  // ioctl_or_perror_and_die: busybox's arping dies with status 2.
  if (!ns || !link)
    return {
      world: ctx.world,
      stdout: "",
      stderr: `arping: interface ${iface} not found: No such device\n`,
      exitCode: 2,
    };
  const from = source ?? ns.addrs.find((x) => x.ifname === iface)?.address ?? "0.0.0.0";
  const answer = answerFor(st, ns, link, target);
  // -c requests one a second, ending early with -f's first reply or when -w runs out.
  let n = count ?? (deadline !== undefined ? Math.max(1, deadline) : UNBOUNDED);
  if (deadline !== undefined) n = Math.min(n, Math.max(1, deadline));
  n = Math.min(n, 100);
  let out = `ARPING ${target} from ${from} ${iface}\n`;
  let sent = 0;
  let got = 0;
  for (let k = 0; k < n; k++) {
    sent++;
    if (answer) {
      got++;
      if (!quiet) out += `Unicast reply from ${target} [${answer.link.mac}] ${rtt(k)}\n`;
      if (first) break;
    }
    if (k < n - 1 || !answer) advanceClock(st, 1000);
  }
  out += `Sent ${sent} probe(s) (0 broadcast(s))\nReceived ${got} response(s) (0 request(s), 0 broadcast(s))\n`;
  return { world: worldOf(st), stdout: quiet ? "" : out, stderr: "", exitCode: got > 0 ? 0 : 1, events: st.events };
};
