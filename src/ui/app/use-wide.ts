import { useSyncExternalStore } from "react";

/** Tailwind's `lg`: from here the page has two columns and the trace panel sits beside the terminal. */
const WIDE = "(min-width: 1024px)";

function subscribe(onChange: () => void): () => void {
  if (typeof window === "undefined" || !window.matchMedia) return () => undefined;
  const mq = window.matchMedia(WIDE);
  mq.addEventListener("change", onChange);
  return () => mq.removeEventListener("change", onChange);
}

/** Whether the page is laid out wide: some controls live in one place or the other, never both. */
export function useWide(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => (typeof window !== "undefined" && window.matchMedia ? window.matchMedia(WIDE).matches : true),
    () => true,
  );
}
