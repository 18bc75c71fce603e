/**
 * A container's size as `docker ps -s` and `docker system df -v` show it: SizeRw is
 * what its overlay upper directory holds (the files written in the container, in
 * bytes: nginx's 2-byte pid file while it runs, and whatever a learner wrote); the
 * resolver files are bind mounts from the daemon's own directory and count nothing.
 * SizeRootFs ("virtual") adds the image's size.
 */
import { byteLength } from "../kernel/stack/packet.ts";
import { IMAGES } from "../machines/images/index.ts";
import { humanSize, resolveContainerImage } from "./images.ts";
import type { Container, DockerWorld } from "./types.ts";

const BIND_MOUNTED = new Set(["/etc/hosts", "/etc/resolv.conf", "/etc/hostname"]);

/** nginx's pid file (`1\n`) in the layer: removed on a clean exit (SIGTERM, SIGQUIT), left by a SIGKILL (137). */
export function pidFileBytes(c: Container): number {
  return c.cmd[0] === "nginx" && (c.status === "running" || (c.status === "exited" && c.exitCode === 137)) ? 2 : 0;
}

export function sizeRw(world: DockerWorld, c: Container): number {
  const pidFile = pidFileBytes(c);
  // A host-network container shares the host's files: its own layer is not kept apart here.
  if (c.networkMode === "host" || !Object.hasOwn(world.files, c.id)) return pidFile;
  let n = pidFile;
  for (const [path, text] of Object.entries(world.files[c.id]!)) if (!BIND_MOUNTED.has(path)) n += byteLength(text);
  return n;
}

/** SizeRootFs: the layer and its image together. */
export function sizeRootFs(world: DockerWorld, c: Container): number {
  return sizeRw(world, c) + (IMAGES.find((i) => i.id === resolveContainerImage(world.docker, c))?.sizeBytes ?? 0);
}

/** The formatter's Size: `2B (virtual 24.7MB)` (go-units, three significant digits). */
export function sizeText(world: DockerWorld, c: Container): string {
  const rw = sizeRw(world, c);
  const virtual = sizeRootFs(world, c);
  return virtual > 0 ? `${humanSize(rw, 3)} (virtual ${humanSize(virtual, 3)})` : humanSize(rw, 3);
}
