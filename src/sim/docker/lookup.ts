/** How the daemon finds a container a command names and writes its record back (kept apart so the lifecycle, its
 * network attachments and pause all use it without importing one another). */
import { stampedLine } from "./log-lines.ts";
import { withDocker } from "./network.ts";
import type { Container, DockerWorld } from "./types.ts";

/** Finds a container by full id, name (with or without its `/`), or unique id prefix. */
export function findContainer(world: Pick<DockerWorld, "docker">, ref: string): Container | undefined {
  const cs = world.docker.containers;
  const exact = cs.find((c) => c.id === ref) ?? cs.find((c) => c.name === ref || `/${c.name}` === ref);
  if (exact) return exact;
  const byPrefix = ref.length > 0 ? cs.filter((c) => c.id.startsWith(ref)) : [];
  return byPrefix.length === 1 ? byPrefix[0] : undefined;
}

export function updateContainer<W extends DockerWorld>(world: W, id: string, fn: (c: Container) => Container): W {
  return withDocker(world, (d) => ({ ...d, containers: d.containers.map((c) => (c.id === id ? fn(c) : c)) }));
}

/** Appends `text`'s lines to container `id`'s log, written at `at` (one time, or one per line; now by default). */
export function appendLog<W extends DockerWorld>(
  world: W,
  id: string,
  text: string,
  at: number | readonly number[] = world.clock,
): W {
  if (text === "") return world;
  const lines = text
    .replace(/\n$/, "")
    .split("\n")
    .map((l, i) => stampedLine(l, typeof at === "number" ? at : (at[i] ?? world.clock)));
  const prev = Object.hasOwn(world.logs, id) ? world.logs[id]! : [];
  return { ...world, logs: { ...world.logs, [id]: [...prev, ...lines] } };
}
