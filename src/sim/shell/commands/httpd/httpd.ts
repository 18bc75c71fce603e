/**
 * busybox `httpd` typed at a shell (`busybox httpd -p 8080 -h /srv`): it changes to its home,
 * binds its port and forks into the background, so the prompt comes back at once while the
 * server keeps answering from the machine's namespace (programs/busybox-httpd.ts). The lab's
 * terminal cannot wait on a foreground server, so `-f` here listens the same way; as a
 * container's own process `-f` is what keeps the container up (docker/main-server.ts).
 */
import { mainListener, parseHttpd } from "../../../docker/main-server.ts";
import { bindError } from "../../../kernel/bind.ts";
import type { Command, CommandResult } from "../../command.ts";
import { usage } from "../../lib/busybox-usage.ts";
import { lookup } from "../../lib/vfs.ts";
import { viewOf } from "../../lib/vfs-node.ts";

export const httpd: Command = (argv, ctx) => {
  const fail = (stderr: string): CommandResult => ({ world: ctx.world, stdout: "", stderr, exitCode: 1 });
  const bad = argv.slice(1).find((a) => a.startsWith("-") && !/^-[ifvcdhempur]/.test(a));
  if (argv[1] === "--help") return fail(usage("httpd"));
  if (bad) return fail(`httpd: invalid option -- '${bad[1] ?? ""}'\n${usage("httpd")}`);
  const cwd = ctx.session.cwd ?? "/";
  const fs = ctx.session.mounts ?? ctx.session.machine;
  const server = parseHttpd(["httpd", ...argv.slice(1)], fs, ctx.session.container ?? "", cwd, "busybox");
  // -i, -d, -e and -m are not modelled; an argument where an option belongs is usage.
  if (!server || server.app.kind !== "httpd") return fail(usage("httpd"));
  const view = viewOf(ctx.world, ctx.session);
  const dir = lookup(view, server.app.home);
  if ("error" in dir || dir.node.stat.type !== "dir")
    return fail(`httpd: can't change directory to '${server.chdir ?? "."}': No such file or directory\n`);
  const ns = ctx.world.netns[ctx.session.machine];
  if (!ns) return fail("");
  const refused = bindError(ns, "tcp", server.listen.addr, server.listen.port);
  if (refused) return fail(`httpd: bind: ${refused}\n`);
  const pid = ctx.world.nextPid;
  const listener = mainListener(server, pid);
  const world = {
    ...ctx.world,
    nextPid: pid + 1,
    netns: { ...ctx.world.netns, [ns.id]: { ...ns, listeners: [...ns.listeners, listener] } },
  };
  return { world, stdout: "", stderr: "", exitCode: 0 };
};
