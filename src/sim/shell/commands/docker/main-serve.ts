/**
 * A container whose process ends up a server of its own (docker/main-server.ts): given as
 * its command (`busybox httpd -f …`), or as the last command of its `sh -c` script, which
 * runs first as any one-off command does (oneshot.ts).
 */
import { findContainer, updateContainer } from "../../../docker/container.ts";
import { mainServerOf } from "../../../docker/image-server.ts";
import { mainListener, type MainServer } from "../../../docker/main-server.ts";
import { netnsOfContainer } from "../../../docker/shared-netns.ts";
import { appendLog } from "../../../docker/lookup.ts";
import { bindError } from "../../../kernel/bind.ts";
import { updateNetns } from "../../../kernel/netns.ts";
import { lookup } from "../../lib/vfs.ts";
import { viewOf } from "../../lib/vfs-node.ts";
import type { World } from "../../../world.ts";
import type { Container } from "../../../docker/types.ts";
import type { CommandResult } from "../../command.ts";
import { SHELLS } from "./exec.ts";
import { execTail, type ExecTail } from "./exec-tail.ts";
import { chunksOf, logLines } from "./main-output.ts";

export interface ServerTail extends ExecTail {
  readonly server: MainServer;
}

/** The server container `c`'s process `argv` becomes, and the script that runs before it. */
export function serverTail(c: Container, argv: readonly string[]): ServerTail | undefined {
  const prog = (argv[0] ?? "").replace(/^\/(usr\/)?bin\//, "");
  if (SHELLS.includes(prog) && argv[1] === "-c" && argv[2] !== undefined) {
    const tail = execTail(argv[2]);
    const server = tail ? mainServerOf(c, tail.argv, true) : undefined;
    // Only a plain `nc -l` reads its stdin, to send it to its client.
    const fed = tail?.feed === undefined || (server?.app.kind === "nc-exec" && server.app.prog.length === 0);
    return tail && server && fed ? { ...tail, server } : undefined;
  }
  const server = mainServerOf(c, argv, false);
  return server ? { prefix: "", after: ";", argv, server } : undefined;
}

/**
 * The script `r` ran reached its last command: the server replaces the shell as the
 * container's first process (same PID) and listens, what the script printed staying in the
 * log (`reply`: what the commands piped into nc wrote). `exitCode` is set when the server could not start (httpd's home is missing), with
 * what it printed in `result`.
 */
export function becomeServer(
  r: CommandResult,
  id: string,
  tail: ServerTail,
  reply?: string,
): { readonly result: CommandResult; readonly exitCode?: number } {
  const c = findContainer(r.world, id);
  const server =
    reply !== undefined && tail.server.app.kind === "nc-exec"
      ? { ...tail.server, app: { ...tail.server.app, reply } }
      : tail.server;
  if (server.chdir !== undefined && c && !isDirIn(r.world, c, server.chdir)) {
    const why = `httpd: can't change directory to '${server.chdir}': No such file or directory\n`;
    const output = [...chunksOf(r), { stream: "stderr" as const, text: why }];
    return { result: { ...r, stderr: r.stderr + why, output }, exitCode: 1 };
  }
  const ns = c ? r.world.netns[netnsOfContainer(c)] : undefined;
  const refused = ns && bindError(ns, "tcp", server.listen.addr, server.listen.port);
  if (refused) {
    const why = `${server.app.kind === "httpd" ? "httpd" : "nc"}: bind: ${refused}\n`;
    const output = [...chunksOf(r), { stream: "stderr" as const, text: why }];
    return { result: { ...r, stderr: r.stderr + why, output }, exitCode: 1 };
  }
  const output = chunksOf(r);
  let w = output.length > 0 ? appendLog(r.world, id, logLines(output).join("\n")) : r.world;
  const done = { world: w, stdout: "", stderr: "", exitCode: 0, output, ...(r.events ? { events: r.events } : {}) };
  if (!c || c.status !== "running") return { result: done };
  w = updateContainer(w, id, (x) => ({ ...x, execArgv: tail.argv }));
  w = updateNetns(w, netnsOfContainer(c), (ns) => ({
    ...ns,
    listeners: [...ns.listeners, mainListener(server, c.pid)],
  }));
  return { result: { ...done, world: w } };
}

/** Whether `path` (from the container's working directory) is a directory it can change to. */
function isDirIn(world: World, c: Container, path: string): boolean {
  const cwd = c.settings?.workdir ?? "/";
  const view = viewOf(world, { machine: netnsOfContainer(c), container: c.id, noTty: true, cwd });
  const d = lookup(view, path.startsWith("/") ? path : `${cwd.replace(/\/$/, "")}/${path}`);
  return !("error" in d) && d.node.stat.type === "dir";
}
