/** Where a line runs, and what the engine answers when the core fails on one (engine.ts). */
import { findContainer } from "../sim/docker/container.ts";
import type { Outcome, Session, World } from "../sim/index.ts";

/** The name a person knows a machine by, for scenario files; undefined for host and internet. */
export function containerName(world: World, machine: string): string | undefined {
  if (machine === "host" || machine === "internet") return undefined;
  return world.docker.containers.find((c) => c.id === machine)?.name;
}

/** `host`, `internet`, a namespace id, or a container (by id, name or id prefix) → a namespace id now. */
export function resolveMachine(world: World, ref: string): string | undefined {
  if (ref === "host" || Object.hasOwn(world.netns, ref)) return ref;
  const c = findContainer(world, ref);
  if (!c) return undefined;
  const ns = c.networkMode === "host" ? "host" : c.id;
  return Object.hasOwn(world.netns, ns) ? ns : undefined;
}

/** The terminal on a machine: a running container's shell knows its container, so that it ends when the container does. */
export function sessionOn(world: World, machine: string): Session {
  const owner = world.docker.containers.find((c) => c.id === machine && c.status === "running");
  return owner ? { machine, container: owner.id } : { machine };
}

export function internalError(world: World, session: Session, err: unknown): Outcome {
  // A throw here is a bug in the core. Keep the last good world so the page
  // survives, and say so plainly instead of pretending a tool printed it.
  const message = err instanceof Error ? err.message : String(err);
  const stderr = `lab: internal error: ${message}\n`;
  return { world, session, stdout: "", stderr, output: [{ stream: "stderr", text: stderr }], exitCode: 70, events: [] };
}

/** Whether two records differ in any field but the ones named (compared as references, as immutable data allows). */
function changedBeyond<T extends object>(before: T, after: T, ignored: readonly (keyof T)[]): boolean {
  if (before === after) return false;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]) as Set<keyof T>;
  for (const k of keys) if (!ignored.includes(k) && before[k] !== after[k]) return true;
  return false;
}

/**
 * Whether a line moved the terminal or changed its shell (directory, variables). Every line
 * a shell reads joins its `history`, so that alone is no change: `echo hi` stays a look.
 */
export function sessionChanged(before: Session, after: Session): boolean {
  return changedBeyond(before, after, ["history"]);
}

/**
 * Whether a line changed the world in a way a person would undo. The clock a command
 * advances (`docker ps` takes a moment) and the PIDs its processes use are the lab's
 * bookkeeping (pidns holds only PID counters): a line that moved only those only looked, so it stays with the change
 * before it (undo takes them back together) and leaves `redo` possible.
 */
export function worldChanged(before: World, after: World): boolean {
  return changedBeyond(before, after, ["clock", "nextPid", "pidns"]);
}
