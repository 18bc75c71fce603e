/**
 * `unshare` (util-linux 2.38.1): runs a program in new namespaces. The lab has network
 * namespaces only: with `-n`/`--net` the program starts in a new one of its own (lo
 * down, nothing else), which goes when the program ends; the other kinds are taken
 * and change nothing a network command shows.
 */
import { bareNetns } from "../../../kernel/named-netns.ts";
import { putNetns, removeNetns } from "../../../kernel/netns.ts";
import type { Command, CommandResult } from "../../command.ts";
import { canExec, execArgv, fromChunks } from "../../lib/exec.ts";
import { type CommandModule, flag, FREE } from "../../spec.ts";
import { sessionIn } from "../ip/ip-netns.ts";

const OTHER_KINDS = /^-(-(mount|uts|ipc|pid|user|cgroup|time|fork|map-root-user|mount-proc)(=.*)?|[muipUCTfr]+)$/;

const unshare: Command = (argv, ctx): CommandResult => {
  let net = false;
  let i = 1;
  for (; i < argv.length && argv[i]!.startsWith("-"); i++) {
    const a = argv[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (a === "-n" || a === "--net") net = true;
    else if (/^-[muipUCTfrn]+$/.test(a)) net ||= a.includes("n");
    else if (!OTHER_KINDS.test(a)) {
      // getopt_long's two complaints: a long option by its name, a short one by its letter.
      const bad = a.startsWith("--")
        ? `unrecognized option '${a}'`
        : `invalid option -- '${a.replace(/^-[muipUCTfrn]*/, "")[0]}'`;
      return fail(`unshare: ${bad}\nTry 'unshare --help' for more information.\n`, 1);
    }
  }
  const cmd = argv.slice(i);
  // Without a program, the shell: on a terminal it would stay in the new namespaces until `exit`.
  const prog = cmd.length > 0 ? cmd : ["bash"];
  if (!canExec(ctx, prog[0]!)) return fail(`unshare: failed to execute ${prog[0]}: No such file or directory\n`, 127);
  if (!net) {
    const r = execArgv(ctx, ctx.world, prog);
    return fromChunks(r.world, r.output, r.exitCode);
  }
  // Its own id, one no `ip netns add` name can take (a name has no "/"), and none a running unshare holds.
  const host = ctx.world.netns[ctx.session.mounts ?? "host"];
  let k = ctx.world.nextPid;
  for (let n = 0; n < 64 && ctx.world.netns[`netns:unshare/${k}`]; n++) k++;
  const fresh = bareNetns(`netns:unshare/${k}`, host ?? { hostname: "", nameservers: [], hosts: {} });
  const world = putNetns(ctx.world, fresh);
  const inner = { ...ctx, session: sessionIn(ctx.session, fresh.id) };
  const r = execArgv(inner, world, prog);
  return fromChunks(removeNetns(r.world, fresh.id), r.output, r.exitCode);

  function fail(stderr: string, exitCode: number): CommandResult {
    return { world: ctx.world, stdout: "", stderr, exitCode };
  }
};

export const COMMAND: CommandModule = {
  spec: {
    name: "unshare",
    summary: "run a program in new namespaces",
    options: [flag(["-n", "--net"]), flag(["-m", "--mount"]), flag(["-u", "--uts"]), flag(["-f", "--fork"])],
    args: [FREE],
  },
  run: unshare,
};
