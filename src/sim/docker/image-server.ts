/** What a container's image runs as its server (nginx), when the container runs that program. */
import type { Listener } from "../kernel/types.ts";
import { containerImage, type ImageServer } from "../machines/images/index.ts";
import { mainServer, type MainServer } from "./main-server.ts";
import { netnsOfContainer } from "./shared-netns.ts";
import type { Container } from "./types.ts";

/** The image's server, when the container runs it (its command starts with the server's program). */
export function serverOf(c: Container): ImageServer | undefined {
  const server = containerImage(c)?.server;
  const argv = processArgv(c);
  return server && argv[0] === server.process && server.serves(argv) ? server : undefined;
}

/** What the container's first process runs: its entrypoint, then its command. */
export function processArgv(c: Container): readonly string[] {
  return c.entrypoint.length > 0 ? [...c.entrypoint, ...c.cmd] : c.cmd;
}

/** The server `argv` starts in container `c` (busybox httpd, nc -ll -e), other than its image's own. */
export function mainServerOf(c: Container, argv: readonly string[], viaShell: boolean): MainServer | undefined {
  return mainServer(argv, netnsOfContainer(c), c.id, c.settings?.workdir, viaShell);
}

/** The sockets the container's server listens on (none for a shell or a one-off command). */
export function imageListeners(c: Container, pid: number): Listener[] {
  const server = serverOf(c);
  return server ? serverListeners(server, c.id, pid) : [];
}

/** The sockets the image's server opens in container `container` when process `pid` runs it. */
export function serverListeners(server: ImageServer, container: string, pid: number): Listener[] {
  const app = { kind: server.program, container };
  return server.listens.map((l) => ({ ...l, pid, process: server.process, app }));
}

/**
 * The exit status a stop by SIGTERM leaves: the server's own (nginx shuts down with
 * 0); a shell as PID 1 ignores SIGTERM, so dockerd kills it after the timeout (137).
 */
export function termExitCode(c: Container): number {
  return serverOf(c)?.termExit ?? 137;
}
