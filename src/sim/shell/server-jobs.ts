/**
 * Servers run as a shell's background jobs (`busybox httpd -f -p 8000 -h /srv &`,
 * `busybox nc -ll -p 9000 -e echo pong &`): each holds its listening socket, owned by the
 * job's PID, until the job ends (`kill %1`, or nc's one client served); one that cannot
 * start (a missing home, a bind error) says why on stderr and ends at once, status 1.
 */
import { mainListener, mainServer, type MainServer } from "../docker/main-server.ts";
import { bindError } from "../kernel/bind.ts";
import type { World } from "../world.ts";
import type { Session } from "./command.ts";
import { lookup } from "./lib/vfs.ts";
import { viewOf } from "./lib/vfs-node.ts";

/** The server a background command runs in the foreground of its job (httpd -f, nc -l … -e), if it is one. */
export function serverJobOf(argv: readonly string[], session?: Session): MainServer | undefined {
  const fs = session ? (session.mounts ?? session.machine) : "";
  const server = mainServer(argv, fs, session?.container ?? "", session?.cwd ?? "/", true);
  // A bare `nc -l -p PORT &` is the job commands/nc/listen.ts keeps, its bytes on the job's stdout.
  return server?.app.kind === "nc-exec" && server.app.prog.length === 0 ? undefined : server;
}

/**
 * Job `pid`'s server starting in the session's namespace: the world with its socket open,
 * or what it printed as it exited.
 */
export function openServerJob(
  world: World,
  session: Session,
  server: MainServer,
  pid: number,
): { readonly world: World } | { readonly stderr: string } {
  const ns = world.netns[session.machine];
  if (!ns) return { stderr: "" };
  const prog = server.app.kind === "httpd" ? "httpd" : "nc";
  if (server.app.kind === "httpd" && server.chdir !== undefined) {
    const dir = lookup(viewOf(world, session), server.app.home);
    if ("error" in dir || dir.node.stat.type !== "dir")
      return { stderr: `httpd: can't change directory to '${server.chdir}': No such file or directory\n` };
  }
  const refused = bindError(ns, "tcp", server.listen.addr, server.listen.port);
  if (refused) return { stderr: `${prog}: bind: ${refused}\n` };
  const listeners = [...ns.listeners, mainListener(server, pid)];
  return { world: { ...world, netns: { ...world.netns, [ns.id]: { ...ns, listeners } } } };
}

/** Whether process `pid` still holds a listening socket in `netns`. */
export function holdsSockets(world: World, netns: string, pid: number): boolean {
  return (world.netns[netns]?.listeners ?? []).some((l) => l.pid === pid);
}

/** The job's process ended: the kernel closes its sockets. */
export function closeSockets(world: World, netns: string, pid: number): World {
  const ns = world.netns[netns];
  if (!ns || !ns.listeners.some((l) => l.pid === pid)) return world;
  const listeners = ns.listeners.filter((l) => l.pid !== pid);
  return { ...world, netns: { ...world.netns, [netns]: { ...ns, listeners } } };
}
