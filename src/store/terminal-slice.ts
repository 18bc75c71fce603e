/**
 * The terminal's scrollback and history. Sending a line goes through the worker; the
 * reply updates this slice, the sim mirror and the session log in one set(), then the
 * lesson in hand follows the engine's report (lesson-slice). A worker that fails on the
 * line is replaced and the session rebuilt without it (session-slice).
 */
import type { StateCreator } from "zustand";
import type { EntryResult, HelpInfo, LabNote, RunReply, SetupResult, TraceEvent } from "../worker/protocol.ts";
import { isEngineSwitch, record } from "../worker/session-log.ts";
import type { StoreContext } from "./context.ts";
import { explainingDrop, type StepEvent } from "./trace-view.ts";
import { nextView, promptFor, promptOf } from "./world-view.ts";
import type { AppState, SimClient } from "./types.ts";

/**
 * `note` and `lab` are the lab's own lines, never a tool's output: a `note` says the trace
 * explains a failure (and shows it there); a `lab` line is what the lab says about its own
 * commands, about lines it did not run, and about the lesson in hand.
 */
export type TermLineKind = "input" | "stdout" | "stderr" | "note" | "lab";

export interface TermNote {
  /** The trace (traceSeq) and its full-timeline step that explains the failure. */
  readonly seq: number;
  readonly index: number;
  readonly drop: Extract<StepEvent, { type: "drop" }>;
}

/** What the lab itself says in the terminal, as a code the interface words in the reader's language. */
export type LabLine =
  | LabNote
  | { readonly code: "not-run"; readonly reason: "unknown-machine" | "stopped-the-lab" }
  | { readonly code: "stopped"; readonly failure: "timeout" | "crashed"; readonly seconds: number }
  | { readonly code: "help"; readonly help: HelpInfo }
  | { readonly code: "lesson-start"; readonly lessonId: string }
  | { readonly code: "goal-done"; readonly lessonId: string; readonly goal: number }
  | { readonly code: "lesson-done"; readonly lessonId: string }
  /** A command was not found during a lesson: the hint is offered. */
  | { readonly code: "stuck"; readonly lessonId: string };

export interface TermLine {
  readonly id: number;
  readonly kind: TermLineKind;
  /** The text as typed or printed (an input of several lines holds them all, `\n`-separated). */
  readonly text: string;
  /** The prompt shown before an input line. */
  readonly prompt?: string;
  /** For a `note`: what it is about (the UI puts it into words). */
  readonly note?: TermNote;
  readonly lab?: LabLine;
}

/** Scrollback is bounded so a chatty session cannot grow the page without limit. */
export const MAX_SCROLLBACK = 5_000;
/** History kept for the arrows. */
export const MAX_HISTORY = 500;

export interface TerminalSlice {
  lines: readonly TermLine[];
  history: readonly string[];
  nextLineId: number;
  submit: (line: string, prompt?: string) => Promise<RunReply | null>;
  /**
   * Runs one of the lab's own actions that answers as a line does (starting a lesson), with
   * the same care as a typed line: queued behind other worker work, its reply shown and
   * recorded, a failed worker replaced. `line` is what the history records for it.
   */
  runAction: (line: string, call: (api: SimClient) => RunReply | Promise<RunReply>) => Promise<RunReply | null>;
  /** Ctrl+C: the line is abandoned, shown with `^C`, and not added to the history. */
  cancelLine: (line: string) => void;
  clearScreen: () => void;
}

function splitOutput(text: string): string[] {
  if (text === "") return [];
  // A terminal shows CR LF (what a pseudo-terminal writes, `docker exec -t`) as one line break.
  const parts = text.split(/\r?\n/);
  if (parts[parts.length - 1] === "") parts.pop();
  return parts;
}

type NewLine = Omit<TermLine, "id">;

/** Lines with ids, appended to the scrollback (the caller sets nextLineId from the result). */
export function appendLines(s: AppState, more: readonly NewLine[]): Pick<AppState, "lines" | "nextLineId"> {
  let id = s.nextLineId;
  const added = more.map((l) => ({ ...l, id: id++ }));
  return { lines: [...s.lines, ...added].slice(-MAX_SCROLLBACK), nextLineId: id };
}

/** What `clear` writes: ncurses' (home, erase, erase the scrollback) or busybox's (home, erase to the end). */
const ESC = String.fromCharCode(27);
const CLEAR_SCREEN = new RegExp(`${ESC}\\[H${ESC}\\[(?:2J(?:${ESC}\\[3J)?|J)`, "g");

/**
 * A terminal shows nothing of what came before a clear-screen sequence: `cleared` says the
 * command wrote one, `output` keeps what it wrote after the last one.
 */
export function afterClear(output: RunReply["output"]): { cleared: boolean; output: RunReply["output"] } {
  let last = -1;
  for (let i = 0; i < output.length; i++) if (output[i]!.text.search(CLEAR_SCREEN) >= 0) last = i;
  if (last < 0) return { cleared: false, output };
  const chunk = output[last]!;
  const parts = chunk.text.split(CLEAR_SCREEN);
  const rest = parts[parts.length - 1]!;
  return { cleared: true, output: [...(rest ? [{ ...chunk, text: rest }] : []), ...output.slice(last + 1)] };
}

export function outputLines(output: RunReply["output"]): NewLine[] {
  const out: NewLine[] = [];
  for (const chunk of output) for (const text of splitOutput(chunk.text)) out.push({ kind: chunk.stream, text });
  return out;
}

/** The lab's note under a failed command whose trace (numbered `seq`) shows why, if it does. */
export function explainingNote(events: readonly TraceEvent[], seq: number): NewLine[] {
  const explained = explainingDrop(events);
  if (!explained) return [];
  return [{ kind: "note", text: "", note: { seq, index: explained.index, drop: explained.drop } }];
}

/** A lesson's start as the terminal shows it: the lab says which lesson, then its setup as typed on the host. */
export function lessonStartLines(lessonId: string, setup: readonly SetupResult[]): NewLine[] {
  return [
    { kind: "lab", text: "", lab: { code: "lesson-start", lessonId } },
    ...setup.flatMap((r) => [
      { kind: "input" as const, text: r.line, prompt: promptOf("host", undefined) },
      ...outputLines(r.output),
    ]),
  ];
}

/** What the terminal shows for one replayed line: its prompt and text, then what it printed. */
export function replayedLines(r: EntryResult): NewLine[] {
  const input: NewLine = { kind: "input", text: r.entry.line, prompt: promptOf(r.entry.machine, r.hostname, r.cwd) };
  if (r.entry.skip) return [input, { kind: "lab", text: "", lab: { code: "not-run", reason: r.entry.skip } }];
  if (r.entry.lesson) return lessonStartLines(r.entry.lesson, r.setup ?? []);
  // The engine switch is the lab's line (the picker's), said as such rather than typed.
  if (isEngineSwitch(r.entry) && r.entry.engine)
    return [{ kind: "lab", text: "", lab: { code: "engine", engine: r.entry.engine } }];
  return [input, ...outputLines(r.output)];
}

export const createTerminalSlice =
  (ctx: StoreContext): StateCreator<AppState, [], [], TerminalSlice> =>
  (set, get) => {
    /** Sends `call` to the worker and shows its reply (run from inside ctx.serial). */
    async function runNow(line: string, call: (api: SimClient) => RunReply | Promise<RunReply>) {
      const trimmed = line.trim();
      set({ busy: true });
      const r = await ctx.sup.call(call, ctx.sup.limits.command);
      if (!r.ok) {
        const seconds = Math.round(ctx.sup.limits.command / 1000);
        set((s) => appendLines(s, [{ kind: "lab", text: "", lab: { code: "stopped", failure: r.failure, seconds } }]));
        await get().recover(line, r.failure);
        set({ busy: false });
        return null;
      }
      const reply = r.value;
      const extra: NewLine[] = reply.note ? [{ kind: "lab", text: "", lab: reply.note }] : [];
      if (reply.help) extra.push({ kind: "lab", text: "", lab: { code: "help", help: reply.help } });
      // `help` only looks: the trace on show stays, as after any command that sends nothing.
      const control = reply.control === "help" ? undefined : reply.control;
      const keepEvents = reply.control === undefined && trimmed !== "";
      set((s) => {
        const traced = keepEvents || (control === "redo" && reply.events.length > 0);
        const log = reply.log ?? (reply.entry ? record(s.log, reply.entry) : s.log);
        const clear = afterClear(reply.output);
        const reset = control === "reset";
        const started = reply.entry?.lesson ? lessonStartLines(reply.entry.lesson, reply.setup ?? []) : [];
        const explained = traced ? explainingNote(reply.events, s.traceSeq + 1) : [];
        const lines = appendLines(reset || clear.cleared ? { ...s, lines: [] } : s, [
          ...started,
          ...outputLines(clear.output),
          ...extra,
          ...explained,
        ]);
        const names =
          reply.machineName && reply.entry && s.names[reply.entry.machine] !== reply.machineName
            ? { ...s.names, [reply.entry.machine]: reply.machineName }
            : s.names;
        return {
          ...lines,
          worldView: nextView(s.worldView, reply.view),
          worldSeq:
            reply.view !== undefined || reply.entry?.effect === "world" || reply.log !== undefined
              ? s.worldSeq + 1
              : s.worldSeq,
          session: reply.session,
          log,
          names,
          lastEvents: traced ? reply.events : control ? [] : s.lastEvents,
          traceSeq: traced ? s.traceSeq + 1 : s.traceSeq,
          traceOf: traced ? log.done.length - 1 : control ? -1 : s.traceOf,
          selectedNode: reset ? null : s.selectedNode,
          busy: false,
        };
      });
      get().followLesson(reply);
      return reply;
    }

    return {
      lines: [],
      history: [],
      nextLineId: 1,
      clearScreen() {
        set({ lines: [] });
      },
      cancelLine(line) {
        const s = get();
        set(
          appendLines(s, [
            {
              kind: "input",
              text: `${line}^C`,
              prompt: promptFor(s.worldView, s.session.mounts ?? s.session.machine, s.session.cwd),
            },
          ]),
        );
      },
      submit(line, prompt) {
        return ctx.serial(async () => {
          const before = get();
          const trimmed = line.trim();
          set((s) => ({
            ...appendLines(s, [
              {
                kind: "input",
                text: line,
                prompt:
                  prompt ??
                  promptFor(before.worldView, before.session.mounts ?? before.session.machine, before.session.cwd),
              },
            ]),
            history: trimmed === "" ? s.history : [...s.history, line].slice(-MAX_HISTORY),
          }));
          if (trimmed === "clear") {
            set({ lines: [] });
            return null;
          }
          return runNow(line, (api) => api.run(line));
        });
      },
      runAction(line, call) {
        return ctx.serial(() => runNow(line, call));
      },
    };
  };
