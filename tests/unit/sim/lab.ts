/** What the core's tests share: lines run on the host, one line's result, a container's shell. */
import { applyCommand, HOST_SESSION, type Session, type World } from "../../../src/sim/index.ts";

/** The world after `lines`, each typed on the host. */
export function run(w: World, ...lines: string[]): World {
  let world = w;
  for (const l of lines) world = applyCommand(world, l, HOST_SESSION).world;
  return world;
}

/** One line's streams (apart and together), exit code and world. */
export function out(w: World, line: string, session: Session = HOST_SESSION) {
  const r = applyCommand(w, line, session);
  return { stdout: r.stdout, stderr: r.stderr, text: r.stdout + r.stderr, code: r.exitCode, world: r.world };
}

/** A shell in container `name`, as the oracle's `docker exec NAME sh -c` runs one. */
export function inside(w: World, name: string): Session {
  const c = w.docker.containers.find((x) => x.name === name)!;
  return { machine: c.id, container: c.id, shell: "sh" };
}
