/** How the daemon finds a container a command names (kept apart so shared-netns.ts and container.ts both use it). */
import type { Container, DockerWorld } from "./types.ts";

/** Finds a container by full id, name (with or without its `/`), or unique id prefix. */
export function findContainer(world: Pick<DockerWorld, "docker">, ref: string): Container | undefined {
  const cs = world.docker.containers;
  const exact = cs.find((c) => c.id === ref) ?? cs.find((c) => c.name === ref || `/${c.name}` === ref);
  if (exact) return exact;
  const byPrefix = ref.length > 0 ? cs.filter((c) => c.id.startsWith(ref)) : [];
  return byPrefix.length === 1 ? byPrefix[0] : undefined;
}
