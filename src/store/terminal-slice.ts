/**
 * The terminal's scrollback and history. Sending a line goes through the worker;
 * the reply updates both this slice and the sim mirror in one set().
 */
import type { StateCreator } from "zustand";
import type { HelpInfo, RunReply } from "../worker/protocol.ts";
import { promptFor } from "./world-view.ts";
import { explainingDrop, type StepEvent } from "./trace-view.ts";
import type { AppState, SimClient } from "./types.ts";

/** `note` is the lab's own line, never a tool's output: it says the trace explains a failure. */
export type TermLineKind = "input" | "stdout" | "stderr" | "note";

export interface TermNote {
  /** The trace (traceSeq) and its full-timeline step that explains the failure. */
  readonly seq: number;
  readonly index: number;
  readonly drop: Extract<StepEvent, { type: "drop" }>;
}

/** The lab's own words in the terminal, as data the UI puts into the reader's language. */
export type LabLine =
  | { readonly kind: "help"; readonly help: HelpInfo }
  | { readonly kind: "lesson-start"; readonly lessonId: string }
  | { readonly kind: "goal-done"; readonly lessonId: string; readonly goal: number }
  | { readonly kind: "lesson-done"; readonly lessonId: string }
  /** A command was not found during a lesson: the hint is offered. */
  | { readonly kind: "stuck"; readonly lessonId: string };

export interface TermLine {
  readonly id: number;
  readonly kind: TermLineKind;
  readonly text: string;
  /** The prompt shown before an input line. */
  readonly prompt?: string;
  /** For a `note`: what it is about (the UI puts it into words). */
  readonly note?: TermNote;
  /** For a `note`: the lab speaking (help, a lesson's progress). */
  readonly lab?: LabLine;
}

/** Scrollback is bounded so a chatty session cannot grow the page without limit. */
export const MAX_SCROLLBACK = 5_000;
/** History kept for the arrows and the share URL. */
export const MAX_HISTORY = 500;

/** In the share log, a machine-switcher attach (a shell would read it as a comment). */
export const ATTACH_PREFIX = "#attach ";

export interface TerminalSlice {
  lines: readonly TermLine[];
  history: readonly string[];
  /** What the share URL replays: typed lines, plus `#attach <machine>` for each machine switch. */
  shareLog: readonly string[];
  nextLineId: number;
  submit: (line: string, prompt?: string) => Promise<RunReply | null>;
  /** Runs lines one after another, as if typed (a shared URL's history). */
  replay: (lines: readonly string[]) => Promise<void>;
  /** Ctrl+C: the line is abandoned, shown with `^C`, and not added to the history. */
  cancelLine: (line: string) => void;
  clearScreen: () => void;
}

function splitOutput(text: string): string[] {
  if (text === "") return [];
  const parts = text.split("\n");
  if (parts[parts.length - 1] === "") parts.pop();
  return parts;
}

export const createTerminalSlice =
  (client: () => SimClient): StateCreator<AppState, [], [], TerminalSlice> =>
  (set, get) => ({
    lines: [],
    history: [],
    shareLog: [],
    nextLineId: 1,
    clearScreen() {
      set({ lines: [] });
    },
    cancelLine(line) {
      const s = get();
      const echoed: TermLine = {
        id: s.nextLineId,
        kind: "input",
        text: `${line}^C`,
        prompt: promptFor(s.world, s.session.machine),
      };
      set({ lines: [...s.lines, echoed].slice(-MAX_SCROLLBACK), nextLineId: s.nextLineId + 1 });
    },
    async replay(lines) {
      for (const line of lines) {
        if (line.startsWith(ATTACH_PREFIX)) await get().attach(line.slice(ATTACH_PREFIX.length).trim());
        else await get().submit(line);
      }
    },
    async submit(line, prompt) {
      const before = get();
      let id = before.nextLineId;
      const echoed: TermLine = {
        id: id++,
        kind: "input",
        text: line,
        prompt: prompt ?? promptFor(before.world, before.session.machine),
      };
      const trimmed = line.trim();
      set((s) => ({
        lines: [...s.lines, echoed].slice(-MAX_SCROLLBACK),
        history: trimmed === "" ? s.history : [...s.history, line].slice(-MAX_HISTORY),
        shareLog: trimmed === "" ? s.shareLog : [...s.shareLog, line].slice(-MAX_HISTORY),
        nextLineId: id,
        busy: true,
      }));
      if (trimmed === "clear") {
        set({ lines: [], busy: false });
        return null;
      }
      let reply: RunReply;
      try {
        reply = await client().run(line);
      } catch (err) {
        // The worker itself failed (not a command: those answer with exit codes). Say so and
        // give the prompt back, rather than leaving the terminal waiting for ever.
        const message = err instanceof Error ? err.message : String(err);
        const n = get().nextLineId;
        set((s) => ({
          lines: [
            ...s.lines,
            { id: n, kind: "stderr" as const, text: `lab: the simulation did not answer: ${message}` },
          ].slice(-MAX_SCROLLBACK),
          nextLineId: n + 1,
          busy: false,
        }));
        return null;
      }
      id = get().nextLineId;
      const out: TermLine[] = [];
      for (const chunk of reply.output) {
        for (const text of splitOutput(chunk.text)) out.push({ id: id++, kind: chunk.stream, text });
      }
      if (reply.help) out.push({ id: id++, kind: "note", text: "", lab: { kind: "help", help: reply.help } });
      const keepEvents = reply.control === undefined && trimmed !== "";
      const explained = keepEvents ? explainingDrop(reply.events) : undefined;
      if (explained) {
        const note = { seq: get().traceSeq + 1, index: explained.index, drop: explained.drop };
        out.push({ id: id++, kind: "note", text: "", note });
      }
      set((s) => ({
        lines: reply.control === "reset" ? [] : [...s.lines, ...out].slice(-MAX_SCROLLBACK),
        nextLineId: id,
        world: reply.world ?? s.world,
        session: reply.session,
        lastEvents: keepEvents ? reply.events : reply.control ? [] : s.lastEvents,
        traceSeq: keepEvents ? s.traceSeq + 1 : s.traceSeq,
        history: reply.control === "reset" ? [] : s.history,
        shareLog: reply.control === "reset" ? [] : s.shareLog,
        selectedNode: reply.control === "reset" ? null : s.selectedNode,
        busy: false,
      }));
      get().noteLessonReply(reply);
      return reply;
    },
  });
