import { useRef } from "react";

/** Walks the command history with the arrow keys, keeping the draft the user was typing. */
export function useHistoryCursor(history: readonly string[]) {
  const cursor = useRef<number | null>(null);
  const draft = useRef("");
  return {
    reset() {
      cursor.current = null;
    },
    older(current: string): string | null {
      if (history.length === 0) return null;
      if (cursor.current === null) {
        draft.current = current;
        cursor.current = history.length;
      }
      cursor.current = Math.max(0, cursor.current - 1);
      return history[cursor.current] ?? null;
    },
    newer(): string | null {
      if (cursor.current === null) return null;
      cursor.current += 1;
      if (cursor.current >= history.length) {
        cursor.current = null;
        return draft.current;
      }
      return history[cursor.current] ?? null;
    },
  };
}
