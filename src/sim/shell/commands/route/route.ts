/**
 * `route` (net-tools 2.10 on the hosts, busybox in the images): the routing table,
 * `-n` for numbers; `route add|del` (`default gw G`, `-net N netmask M gw G dev D`,
 * `-host A`) changes it as `ip route` would, with route's SIOCADDRT/SIOCDELRT errors.
 * A container's root may not (no CAP_NET_ADMIN).
 */
import { getNetns } from "../../../kernel/netns.ts";
import { maskLength } from "./table.ts";
import type { Command, CommandContext, CommandResult } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { routeTable } from "./table.ts";

export const route: Command = (argv, ctx) => {
  const where = machineOf(ctx.world, ctx.session);
  const busybox = isBusybox(where, "route");
  const ns = getNetns(ctx.world, ctx.session.machine);
  let numeric = false;
  const words: string[] = [];
  for (const a of argv.slice(1)) {
    if (/^-[nveFCA4]+$/.test(a) && !a.startsWith("-A")) {
      if (a.includes("n")) numeric = true;
    } else words.push(a);
  }
  if (words[0] === "add" || words[0] === "del") return change(words, ctx, where.kind === "container");
  if (!ns) return { world: ctx.world, stdout: "", stderr: "", exitCode: 0 };
  return { world: ctx.world, stdout: routeTable(ns, numeric, busybox), stderr: "", exitCode: 0 };
};

/** `route add|del ...` as the `ip route` change it stands for. */
function change(words: readonly string[], ctx: CommandContext, container: boolean): CommandResult {
  const op = words[0]!;
  const ioctl = op === "add" ? "SIOCADDRT" : "SIOCDELRT";
  const fail = (why: string): CommandResult => ({
    world: ctx.world,
    stdout: "",
    stderr: `route: ${ioctl}: ${why}\n`,
    exitCode: 1,
  });
  if (container) return fail("Operation not permitted");
  let dst: string | undefined;
  let mask: string | undefined;
  let gw: string | undefined;
  let dev: string | undefined;
  let metric: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    const next = words[i + 1];
    if (w === "-net" || w === "-host") continue;
    if ((w === "gw" || w === "netmask" || w === "dev" || w === "metric") && next === undefined) {
      return {
        world: ctx.world,
        stdout: "",
        stderr: "Usage: route [-nNvee] [-FC] [<AF>]           List kernel routing tables\n",
        exitCode: 4,
      };
    }
    if (w === "gw") gw = words[++i];
    else if (w === "netmask") mask = words[++i];
    else if (w === "dev") dev = words[++i];
    else if (w === "metric") metric = words[++i];
    else if (dst === undefined) dst = w;
    else dev = w;
  }
  if (dst === undefined)
    return {
      world: ctx.world,
      stdout: "",
      stderr: "Usage: route [-nNvee] [-FC] [<AF>]           List kernel routing tables\n",
      exitCode: 4,
    };
  let target = dst;
  if (dst !== "default" && !dst.includes("/")) {
    const len = mask !== undefined ? maskLength(mask) : words.includes("-net") ? undefined : 32;
    if (len === undefined)
      return {
        world: ctx.world,
        stdout: "",
        stderr: `route: netmask ${mask ?? ""} doesn't match route address\n`,
        exitCode: 4,
      };
    target = `${dst}/${len}`;
  }
  const line = [
    "ip",
    "route",
    op,
    target,
    ...(gw ? ["via", gw] : []),
    ...(dev ? ["dev", dev] : []),
    ...(metric ? ["metric", metric] : []),
  ];
  const r = ctx.runLine(ctx.world, ctx.session, line.join(" "));
  if (r.exitCode === 0) return { ...r, stdout: "", stderr: "" };
  const why =
    /RTNETLINK answers: (.*)/.exec(r.stderr)?.[1] ?? /Error: (.*)\./.exec(r.stderr)?.[1] ?? "Invalid argument";
  return fail(why === "No such process" && op === "add" ? "Network is unreachable" : why);
}
