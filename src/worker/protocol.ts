/**
 * The typed boundary between the page and the simulation worker. Everything that
 * crosses it is plain structured-clone data; the page never holds the core.
 */
import type {
  AvailableCommand,
  CompletionSpecs,
  EngineVersion,
  Outcome,
  OutputChunk,
  Session,
  TraceEvent,
  World,
} from "../sim/index.ts";
import { withEntryTexts } from "../sim/index.ts";
import type { Entry, LogEntry, SessionLog } from "./session-log.ts";
import type { ViewPatch } from "./view-patch.ts";
import type { WorldView } from "./view.ts";

export type { AvailableCommand, CompletionSpecs, EngineVersion, OutputChunk, Session, TraceEvent, World };
export type { ViewPatch } from "./view-patch.ts";
export type { ContainerView, DockerView, LinkView, NetnsView, NetworkView, WorldView } from "./view.ts";

/**
 * How the page's view of the world moves: the whole view (the first answer of a worker,
 * a rebuilt session), or what changed since the view this worker last sent.
 */
export type ViewUpdate = { readonly full: WorldView } | { readonly patch: ViewPatch };
export type { Effect, Entry, LogEntry, SessionLog, SkipReason } from "./session-log.ts";

/**
 * The engines' versions, for the page (which must not load the core to check a link):
 * the same list as the core's ENGINES, which a unit test holds them to.
 */
export const ENGINE_VERSIONS: readonly EngineVersion[] = ["26", "28"];

/** The engine a session starts on, and the one a `reset` without an engine makes. */
export const DEFAULT_ENGINE_VERSION: EngineVersion = "26";

export function isEngineVersion(v: unknown): v is EngineVersion {
  return typeof v === "string" && (ENGINE_VERSIONS as readonly string[]).includes(v);
}

/** One engine's side of a comparison: what `iptables-save` prints after the same lines. */
export interface EngineSide {
  readonly engine: EngineVersion;
  /** The product name, `Docker 28.5.2`. */
  readonly label: string;
  readonly text: string;
}

/**
 * 4: entries carry an engine (a `reset` on Docker 28, the `#engine` switch); switchEngine and compare.
 * 5: the page receives a view of the world (view.ts) or what changed in it, never the world.
 */
export const PROTOCOL_VERSION = 5;

/** The lab's own commands, handled by the engine before the core sees the line (as in Learn Git Branching). */
export type LabControl = "undo" | "redo" | "reset" | "help" | "engine";

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

/** A lesson's setup line, run by the line that started the lesson, with what it printed. */
export interface SetupResult {
  readonly line: string;
  readonly output: readonly OutputChunk[];
  readonly exitCode: number;
}

/**
 * What the lab itself says about one of its own commands, as a code the page words in the
 * reader's language (never a finished sentence: see the i18n rules).
 */
export type LabNote =
  | { readonly code: "nothing-to-undo" }
  | { readonly code: "nothing-to-redo" }
  | { readonly code: "undone"; readonly lines: readonly string[] }
  | { readonly code: "redone"; readonly lines: readonly string[] }
  /** The world rebuilt on `engine` from `count` lines (the `#engine` switch; no count when a history is replayed). */
  | { readonly code: "engine"; readonly engine: EngineVersion; readonly count?: number };

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
   * How the page's view of the world changed with the line (usually a patch of what did),
   * omitted when it did not: the world itself never crosses (23 MB at 5,000 containers).
   */
  readonly view?: ViewUpdate;
  /** Set when the line was one of the lab's own commands rather than a shell command. */
  readonly control?: LabControl;
  /** The line as the history keeps it (absent for an empty line, `undo` and `redo`). */
  readonly entry?: LogEntry;
  /** The container name of the machine the line ran on, for scenario files (`web$ ...`). */
  readonly machineName?: string;
  readonly note?: LabNote;
  /** The whole history after `undo` or `redo` (other lines send `entry`, which the page records itself). */
  readonly log?: SessionLog;
  /** For `help`: what to list. */
  readonly help?: HelpInfo;
  /**
   * The lesson in hand after the line, its goals checked against the line's world and
   * trace; absent when there is none (the sandbox, or an `undo` took the lesson's start back).
   */
  readonly lesson?: LessonReport;
  /** For a line that started a lesson: its setup lines as they ran. */
  readonly setup?: readonly SetupResult[];
}

/** One line replayed by `load` or `append`, with what the terminal showed for it. */
export interface EntryResult {
  readonly entry: LogEntry;
  /** The machine's hostname when the line ran (for its prompt). */
  readonly hostname?: string;
  /** The shell's working directory when the line ran (for its prompt), when `cd` moved it. */
  readonly cwd?: string;
  readonly machineName?: string;
  readonly output: readonly OutputChunk[];
  readonly exitCode: number;
  /** For a line that started a lesson: its setup lines as they ran. */
  readonly setup?: readonly SetupResult[];
}

export interface LoadRequest {
  /** The history to rebuild on a fresh world, in order. */
  readonly entries: readonly Entry[];
  /** Groups `redo` may bring back afterwards. */
  readonly undone?: readonly (readonly Entry[])[];
  /** The machine the terminal is attached to at the end (the machine switcher's choice). */
  readonly at?: string;
  /** Whose trace to send back: an index into `entries` (default: the last line that ran). */
  readonly traceOf?: number;
}

export interface LoadReply {
  readonly results: readonly EntryResult[];
  /** The whole view of the rebuilt world (the page's view starts again from it). */
  readonly view: WorldView;
  readonly session: Session;
  readonly log: SessionLog;
  /** The trace of the line `traceOf` chose, and that line's index in `log.done` (-1 when none ran). */
  readonly events: readonly TraceEvent[];
  readonly traceOf: number;
  /** The lesson in hand once the history is rebuilt (its starts are lines of the history), if any. */
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
  /** Runs a line in the attached machine; `help`, `undo`, `redo` and `reset` are the lab's own commands. */
  run(line: string): RunReply;
  /**
   * Starts a lesson as one line of the history (a `reset` that carries it): a fresh world,
   * the lesson's setup run on the host, its goals checked from then on. An unknown id is
   * a plain `reset`.
   */
  startLesson(id: string): RunReply;
  /** Rebuilds the session from a history on a fresh world (a reload, a link, a replaced worker). */
  load(request: LoadRequest): LoadReply;
  /** Runs more lines on top of the current session, recording them (a replaced worker's careful rebuild). */
  append(entries: readonly Entry[]): LoadReply;
  /** A fresh world and an empty history; answers the fresh world's whole view. */
  reset(seed?: number): WorldView;
  /** The whole view of the world now, and the terminal's session (the page's start). */
  snapshot(): { view: WorldView; session: Session };
  /** Attaches the terminal to another machine (the machine switcher); unknown machines are refused. */
  attach(machine: string): { session: Session };
  /** Runs a read-only command against the current world in `machine` and forgets the resulting world. */
  peek(line: string, machine: string): PeekReply;
  /** The commands the shell runs, with their subcommands, options and arguments, for Tab completion (the same specs the shell is built from). */
  completionSpecs(): CompletionSpecs;
  /**
   * Makes `id` the lesson every line is checked against from `goalsDone` on, without a line
   * of the history (a lesson left for the sandbox, a link's lesson kept from another
   * version); null ends it. An unknown id ends it too, and answers null.
   */
  setLesson(id: string | null, goalsDone?: number): LessonReport | null;
  /** The engines the lab can run, with their product names. */
  engines(): readonly { readonly version: EngineVersion; readonly label: string }[];
  /**
   * Switches the session to another engine as one line of the history (the lab's
   * `#engine 28`): the world is rebuilt from the lines since the last `reset`, the same
   * commands on the other Docker, each run where it ran (a container found again by its
   * name, as its id differs). `undo` takes the switch back.
   */
  switchEngine(engine: EngineVersion): RunReply;
  /**
   * `iptables-save` on each engine, each on a fresh world: after `lines` typed on the host
   * (none: the article's `docker run`), or after this session's own history ("session").
   */
  compare(lines: readonly string[] | "session"): readonly EngineSide[];
}

export function toReply(line: string, o: Outcome, control?: LabControl, view?: ViewUpdate): RunReply {
  return {
    protocolVersion: PROTOCOL_VERSION,
    line,
    stdout: o.stdout,
    stderr: o.stderr,
    output: o.output,
    exitCode: o.exitCode,
    session: o.session,
    events: withEntryTexts(o.events),
    ...(view ? { view } : {}),
    ...(control ? { control } : {}),
  };
}
