/**
 * The terminal's scrollback and history. Sending a line goes through the worker;
 * the reply updates both this slice and the sim mirror in one set().
 */
import type { StateCreator } from "zustand";
import type { AppState, SimClient } from "./types.ts";

export type TermLineKind = "input" | "stdout" | "stderr";

export interface TermLine {
  readonly id: number;
  readonly kind: TermLineKind;
  readonly text: string;
  /** The prompt shown before an input line. */
  readonly prompt?: string;
}

/** Scrollback is bounded so a chatty session cannot grow the page without limit. */
export const MAX_SCROLLBACK = 5_000;

export interface TerminalSlice {
  lines: readonly TermLine[];
  history: readonly string[];
  nextLineId: number;
  submit: (line: string, prompt: string) => Promise<void>;
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
    nextLineId: 1,
    clearScreen() {
      set({ lines: [] });
    },
    async submit(line, prompt) {
      let id = get().nextLineId;
      const echoed: TermLine = { id: id++, kind: "input", text: line, prompt };
      const trimmed = line.trim();
      set((s) => ({
        lines: [...s.lines, echoed].slice(-MAX_SCROLLBACK),
        history: trimmed === "" ? s.history : [...s.history, line],
        nextLineId: id,
        busy: true,
      }));
      if (trimmed === "clear") {
        set({ lines: [], busy: false });
        return;
      }
      const reply = await client().run(line);
      id = get().nextLineId;
      const out: TermLine[] = [];
      for (const text of splitOutput(reply.stdout)) out.push({ id: id++, kind: "stdout", text });
      for (const text of splitOutput(reply.stderr)) out.push({ id: id++, kind: "stderr", text });
      set((s) => ({
        lines: [...s.lines, ...out].slice(-MAX_SCROLLBACK),
        nextLineId: id,
        world: reply.world,
        session: reply.session,
        lastEvents: reply.events,
        busy: false,
      }));
    },
  });
