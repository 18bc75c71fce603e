/**
 * runc's exec of a container's first process, as `run` and `start` both meet it: a program
 * the image lacks fails the task after the network was set up. The container is left
 * `created` with State.Error; 26 sets the ports up before the task and its cleanup leaves
 * NetworkSettings.Ports as they were, so `docker ps` still lists them (28 publishes after).
 */
import { findContainer, processArgv, removeContainer, stopContainer } from "../../../docker/container.ts";
import { updateContainer } from "../../../docker/lookup.ts";
import { profileOf } from "../../../docker/engine/index.ts";
import { containerImage } from "../../../machines/images/index.ts";
import type { World } from "../../../world.ts";
import { onPath } from "../../machine.ts";

/** Why runc cannot exec the started container's first process, or undefined when it can. */
export function taskError(world: World, id: string): string | undefined {
  const c = findContainer(world, id);
  const image = c && containerImage(c);
  if (!c || !image) return undefined;
  const prog = processArgv(c)[0] ?? "";
  return onPath(image.machine, prog) ? undefined : profileOf(world.docker).errors.runNotFound(prog);
}

/**
 * Why the task fails before the container's networking is set up (28 creates it first),
 * so that a start which would also fail there reports runc's error instead.
 */
export function taskErrorFirst(world: World, id: string): string | undefined {
  return profileOf(world.docker).endpoints.afterTask ? taskError(world, id) : undefined;
}

/** The task failed before the container had a network: it stays created, or goes with --rm. */
export function failTaskUnnetworked(world: World, id: string, why: string): World {
  const w = updateContainer(world, id, (x) => ({ ...x, exitCode: 127, startError: why }));
  return findContainer(w, id)?.autoRemove ? removeContainer(w, id) : w;
}

/** The started container's task failed with `why`: its network goes and it stays created (--rm removes it). */
export function failTask(world: World, id: string, why: string): World {
  const c = findContainer(world, id)!;
  const keep = profileOf(world.docker).ports.keptAfterFailedTask;
  let w = stopContainer(world, id, 127);
  w = updateContainer(w, id, (x) => ({
    ...x,
    status: "created",
    startError: why,
    ...(keep ? { stalePorts: c.ports } : {}),
  }));
  return c.autoRemove ? removeContainer(w, id) : w;
}
