/**
 * busybox 1.35's `telnet HOST [PORT]` (an applet of the nginx image's busybox): it
 * connects through the walk, says `Connected to HOST` and, with nothing to read on its
 * stdin (a `docker exec` without -i), closes at once. A refused or unanswered connection and a name
 * that does not resolve fail in busybox's words, as the oracle records them.
 */
import { advanceClock, createWalkState, worldOf } from "../../../kernel/stack/context.ts";
import { ARP_GIVE_UP_MS, SYN_GIVE_UP_MS, tcpClose, tcpConnect, waitForSyn } from "../../../kernel/stack/tcp.ts";
import { resolveName } from "../../../programs/resolver.ts";
import type { Command, CommandResult } from "../../command.ts";
import { usage } from "../../lib/busybox-usage.ts";

export const telnet: Command = (argv, ctx) => {
  const fail = (stderr: string): CommandResult => ({ world: ctx.world, stdout: "", stderr, exitCode: 1 });
  const operands: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-a") continue;
    if (a === "-l") {
      i++;
      continue;
    }
    if (a.startsWith("-") && a !== "-") return fail(`telnet: invalid option -- '${a[1]}'\n${usage("telnet")}`);
    operands.push(a);
  }
  if (operands.length < 1 || operands.length > 2) return fail(usage("telnet"));
  const [host, portText = "23"] = operands as [string, string?];
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) return fail(`telnet: bad port '${portText}'\n`);
  const st = createWalkState(ctx.world);
  const done = (stdout: string, stderr: string, exitCode: number): CommandResult => ({
    world: worldOf(st),
    stdout,
    stderr,
    exitCode,
    events: st.events,
  });
  const res = resolveName(st, ctx.session.machine, "telnet", host);
  if (res.kind !== "address") return done("", `telnet: bad address '${host}'\n`, 1);
  const addr = res.address;
  const c = tcpConnect(st, ctx.session.machine, "telnet", addr, Number(portText));
  const cant = (why: string) => done("", `telnet: can't connect to remote host (${addr}): ${why}\n`, 1);
  if (c.kind === "connected") {
    // It says so, then finds stdin at its end: it closes its side and leaves.
    tcpClose(st, c.conn);
    return done(`Connected to ${host}\n`, "", 0);
  }
  if (c.kind === "refused") return cant("Connection refused");
  if (c.kind === "unreachable") return cant("Network is unreachable");
  if (c.kind === "no-neighbour") {
    advanceClock(st, ARP_GIVE_UP_MS);
    return cant("No route to host");
  }
  waitForSyn(st, c.lost, SYN_GIVE_UP_MS);
  return cant("Connection timed out");
};
