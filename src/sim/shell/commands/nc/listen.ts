/**
 * busybox `nc -l -p PORT` run as a background job (`nc -l -p 9000 >/tmp/got &`): a
 * listening socket in the machine's namespace that takes one connection, writes what the
 * client sent where the job's stdout points, and ends (oracle, session an01). Its stdin is
 * /dev/null, as a non-interactive shell gives a background job, so it never sends.
 */
import type { Listener, Netns } from "../../../kernel/types.ts";
import type { World } from "../../../world.ts";

/** `nc -l -p PORT` (or `busybox nc …`) with the small nc's options: the port, or why it cannot listen. */
export function listenPort(argv: readonly string[]): number | undefined {
  const words = argv[0] === "busybox" ? argv.slice(1) : argv;
  if (words[0] !== "nc") return undefined;
  let listen = false;
  let port: number | undefined;
  for (let i = 1; i < words.length; i++) {
    const a = words[i]!;
    if (a === "-l") listen = true;
    else if (a === "-p") port = Number(words[++i]);
    else if (/^-p\d+$/.test(a)) port = Number(a.slice(2));
    else if (a === "-lp") {
      listen = true;
      port = Number(words[++i]);
    } else return undefined;
  }
  return listen && port !== undefined && Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
}

/**
 * A listening nc, run as it is or by `ip netns exec NAME` in a named namespace (a server
 * behind a DNAT rule of one's own): its port, its program name, and that namespace's name.
 */
export function ncListenOf(argv: readonly string[]): { port: number; prog: string; netnsName?: string } | undefined {
  const named = argv[0] === "ip" && argv[1] === "netns" && argv[2] === "exec" ? argv[3] : undefined;
  const cmd = named === undefined ? argv : argv.slice(4);
  const port = listenPort(cmd);
  if (port === undefined) return undefined;
  return { port, prog: cmd[0]!, ...(named !== undefined ? { netnsName: named } : {}) };
}

/** Whether a background command is a listening nc the lab keeps as a job. */
export function isNcListen(argv: readonly string[]): boolean {
  return ncListenOf(argv) !== undefined;
}

function mapNs(world: World, netns: string, f: (ns: Netns) => Netns): World {
  const ns = world.netns[netns];
  return ns ? { ...world, netns: { ...world.netns, [netns]: f(ns) } } : world;
}

/** The job's socket, listening on every address, IPv4 and IPv6. */
export function openNcListener(
  world: World,
  netns: string,
  port: number,
  job: number,
  pid: number,
  process: string,
): World {
  // The small nc listens on [::] with v6only off, asking listen() for a backlog of 1 (one -l).
  const l: Listener = {
    proto: "tcp",
    addr: "::",
    dualStack: true,
    backlog: 1,
    port,
    pid,
    process,
    app: { kind: "nc", job, received: "", done: false },
  };
  return mapNs(world, netns, (ns) => ({ ...ns, listeners: [...ns.listeners, l] }));
}

/** Job `job`'s socket, if it still listens. */
export function ncListenerOf(world: World, netns: string, job: number): Listener | undefined {
  return world.netns[netns]?.listeners.find((l) => l.app.kind === "nc" && l.app.job === job);
}

/** The job ended: its socket is closed. */
export function closeNcListener(world: World, netns: string, job: number): World {
  return mapNs(world, netns, (ns) => ({
    ...ns,
    listeners: ns.listeners.filter((l) => !(l.app.kind === "nc" && l.app.job === job)),
  }));
}

export { served } from "../../../programs/nc-served.ts";
