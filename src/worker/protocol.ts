/**
 * The typed boundary between the page and the simulation worker. Everything that
 * crosses it is plain structured-clone data; the page never holds the core.
 */
import type { CompletionSpecs, EngineVersion, Outcome, OutputChunk, Session, TraceEvent, World } from "../sim/index.ts";

export type { CompletionSpecs, EngineVersion, OutputChunk, Session, TraceEvent, World };

/**
 * The engines' versions, for the page (which must not load the core to check a link):
 * the same list as the core's ENGINES, which a unit test holds them to.
 */
export const ENGINE_VERSIONS: readonly EngineVersion[] = ["26", "28"];

export function isEngineVersion(v: unknown): v is EngineVersion {
  return typeof v === "string" && (ENGINE_VERSIONS as readonly string[]).includes(v);
}

/** In a history, a machine-switcher attach (a shell would read it as a comment). */
export const ATTACH_PREFIX = "#attach ";

/** One engine's side of a comparison: what `iptables-save` prints after the same lines. */
export interface EngineSide {
  readonly engine: EngineVersion;
  /** The product name, `Docker 28.5.2`. */
  readonly label: string;
  readonly text: string;
}

export const PROTOCOL_VERSION = 1;

/** The lab's own commands, handled by the engine before the core sees the line (as in Learn Git Branching). */
export type LabControl = "undo" | "reset";

/** What the page gets back for one command line. */
export interface RunReply {
  readonly protocolVersion: typeof PROTOCOL_VERSION;
  readonly line: string;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved as written (`nosuch; echo $?` shows the error first). */
  readonly output: readonly OutputChunk[];
  readonly exitCode: number;
  readonly session: Session;
  readonly events: readonly TraceEvent[];
  /**
   * The world after the line, omitted when the line left it unchanged (copying a world
   * of fifty containers across the worker boundary costs milliseconds on each side).
   */
  readonly world?: World;
  /** Set when the line was one of the lab's own commands rather than a shell command. */
  readonly control?: LabControl;
}

/** What a command would print, without changing the world (for the details and pipeline panels). */
export interface PeekReply {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** The worker's API, exposed with comlink. */
export interface SimApi {
  /** Runs a line in the attached machine; `undo` and `reset` are the lab's own commands. */
  run(line: string): RunReply;
  reset(seed?: number): World;
  snapshot(): { world: World; session: Session };
  /** Attaches the terminal to another machine (the machine switcher); unknown machines are refused. */
  attach(machine: string): { world: World; session: Session };
  /** Runs a read-only command against the current world in `machine` and forgets the resulting world. */
  peek(line: string, machine: string): PeekReply;
  /** The commands the shell runs, with their subcommands, options and arguments, for Tab completion (the same specs the shell is built from). */
  completionSpecs(): CompletionSpecs;
  /** The engines the lab can run, with their product names. */
  engines(): readonly { readonly version: EngineVersion; readonly label: string }[];
  /**
   * Rebuilds the world on `engine` from a history (typed lines, `undo`, `reset` and
   * `#attach` lines, as the share link keeps it): the same commands, the other Docker.
   */
  rebuild(engine: EngineVersion, history: readonly string[]): { world: World; session: Session };
  /** `iptables-save` on each engine after the same lines, each on a fresh world. */
  compare(lines: readonly string[]): readonly EngineSide[];
}

export function toReply(line: string, o: Outcome, control?: LabControl, before?: World): RunReply {
  return {
    protocolVersion: PROTOCOL_VERSION,
    line,
    stdout: o.stdout,
    stderr: o.stderr,
    output: o.output,
    exitCode: o.exitCode,
    session: o.session,
    events: o.events,
    ...(o.world === before ? {} : { world: o.world }),
    ...(control ? { control } : {}),
  };
}
