/**
 * The simulation core's public entry. Pure: a world and a command line go in; the
 * new world, what the terminal prints and the trace of what happened come out.
 *
 * @example
 *   const r = applyCommand(createWorld(42), "echo hello");
 *   r.stdout === "hello\n"
 */
import type { OutputChunk, Session } from "./shell/command.ts";
import { containerSessionState } from "./shell/machine.ts";
import { runLine } from "./shell/run.ts";
import { IMAGES } from "./machines/images/index.ts";
import { COMMAND_SPECS } from "./shell/registry.ts";
import type { CommandSpec } from "./shell/spec.ts";
import type { TraceEvent } from "./trace/events.ts";
import type { World } from "./world.ts";

export { createWorld, type World, type WorldOptions } from "./world.ts";
export { DEFAULT_ENGINE, ENGINES, isEngineAvailable, type EngineVersion } from "./docker/engine/index.ts";
import { engineProfile, ENGINES } from "./docker/engine/index.ts";
import { findContainer } from "./docker/container.ts";
import { settleExits } from "./docker/exits.ts";
import type { EngineVersion } from "./docker/engine/index.ts";

/** Each engine the lab can run, with its product name (`Docker 28.5.2`), oldest first. */
export function engineChoices(): readonly { readonly version: EngineVersion; readonly label: string }[] {
  return ENGINES.map((version) => ({ version, label: engineProfile(version).label }));
}

/**
 * The namespace a machine reference names: `host`, `internet`, a namespace id, or a
 * running container's name or id (what a link records, since ids differ between engines).
 */
export function resolveMachine(world: World, ref: string): string | undefined {
  if (Object.hasOwn(world.netns, ref)) return ref;
  const c = findContainer(world, ref);
  return c && c.status === "running" && Object.hasOwn(world.netns, c.id) ? c.id : undefined;
}
export type { CommandSpec, OptionSpec, ValueSource } from "./shell/spec.ts";
export type { OutputChunk, Session } from "./shell/command.ts";
export type { TraceEvent } from "./trace/events.ts";
export { withEntryTexts } from "./trace/entry-text.ts";
export { commandsOn, type AvailableCommand } from "./shell/available.ts";

export const HOST_SESSION: Session = { machine: "host" };

export interface Outcome {
  readonly world: World;
  readonly session: Session;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr in the order they were written, as a terminal shows them. */
  readonly output: readonly OutputChunk[];
  readonly exitCode: number;
  readonly events: readonly TraceEvent[];
}

export function applyCommand(world0: World, line: string, session: Session = HOST_SESSION): Outcome {
  const trimmed = line.trim();
  if (trimmed === "") {
    return { world: world0, session, stdout: "", stderr: "", output: [], exitCode: 0, events: [] };
  }
  // A container whose PID 1 was due to exit before this line has exited.
  const world = settleExits(world0);
  const where = containerSessionState(world, session);
  if (where !== "live") {
    // The container under this shell stopped or went away: its `docker exec` ended then,
    // silently, with status 137, and the terminal is back on the host; the line typed at
    // the stale prompt reaches no shell. A paused container's shell reads nothing.
    const next = where === "gone" ? HOST_SESSION : session;
    const exitCode = where === "gone" ? 137 : 0;
    const events: TraceEvent[] = [{ type: "command", machine: session.machine, line: trimmed, exitCode }];
    return { world, session: next, stdout: "", stderr: "", output: [], exitCode, events };
  }
  const read = withHistory(session, line);
  const r = runLine(world, read, trimmed);
  const events: TraceEvent[] = [
    { type: "command", machine: session.machine, line: trimmed, exitCode: r.exitCode },
    ...(r.events ?? []),
  ];
  return {
    world: r.world,
    session: r.session ?? read,
    stdout: r.stdout,
    stderr: r.stderr,
    output: r.output ?? inWrittenOrder(r.stdout, r.stderr),
    exitCode: r.exitCode,
    events,
  };
}

/** bash's default HISTSIZE: an interactive shell keeps its last 500 lines. */
const HISTSIZE = 500;

/** An interactive shell's history takes the line as it is read, before it runs (`history` lists itself). */
function withHistory(session: Session, line: string): Session {
  if (session.noTty || session.shell === "bash-c") return session;
  const text = line.replace(/\n+$/, "");
  const before = session.history ?? [];
  return { ...session, history: [...(before.length >= HISTSIZE ? before.slice(1) : before), text] };
}

/** Without a record of the order, a command wrote its stdout first (most print errors last). */
function inWrittenOrder(stdout: string, stderr: string): OutputChunk[] {
  const chunks: OutputChunk[] = [];
  if (stdout !== "") chunks.push({ stream: "stdout", text: stdout });
  if (stderr !== "") chunks.push({ stream: "stderr", text: stderr });
  return chunks;
}

/** What Tab completion needs, as plain data: every command's spec, and the images the lab has. */
export interface CompletionSpecs {
  readonly commands: readonly CommandSpec[];
  readonly images: readonly string[];
}

export function completionSpecs(): CompletionSpecs {
  return { commands: COMMAND_SPECS, images: IMAGES.map((i) => i.repository) };
}
