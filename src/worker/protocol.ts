/**
 * The typed boundary between the page and the simulation worker. Everything that
 * crosses it is plain structured-clone data; the page never holds the core.
 */
import type {
  AvailableCommand,
  CompletionSpecs,
  Outcome,
  OutputChunk,
  Session,
  TraceEvent,
  World,
} from "../sim/index.ts";

export type { AvailableCommand, CompletionSpecs, OutputChunk, Session, TraceEvent, World };

export const PROTOCOL_VERSION = 1;

/** The lab's own commands, handled by the engine before the core sees the line (as in Learn Git Branching). */
export type LabControl = "undo" | "reset" | "help";

/**
 * What `help` answers, as data the page puts into words in the reader's language: the kind
 * of machine the terminal is on and the commands it can run there (the tools' own summaries).
 */
export interface HelpInfo {
  readonly machine: "host" | "internet" | "container";
  readonly commands: readonly AvailableCommand[];
}

/** Where the active lesson stands after a line: goals reached (in order), and where its proof is. */
export interface LessonReport {
  readonly id: string;
  readonly goalsDone: number;
  /** The lesson's proof goal was reached by this line, at this step of its trace. */
  readonly proofStep?: number;
}

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
  /** For `help`: what to list. */
  readonly help?: HelpInfo;
  /** Set while a lesson is active: its goals checked against this line's world and trace. */
  readonly lesson?: LessonReport;
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
  /**
   * Makes `id` the lesson whose goals every line is checked against, from `goalsDone` on
   * (a restored session); null ends it. An unknown id ends it too, and answers null.
   */
  setLesson(id: string | null, goalsDone?: number): LessonReport | null;
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
