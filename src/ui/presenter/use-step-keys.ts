import { useEffect } from "react";
import { selectPlaying, selectSteps, useAppStore } from "../../store/index.ts";
import { stepKeyAction, type KeyTarget } from "./step-keys.ts";

/** Where a key went, read from the focused element (see stepKeyAction). */
function targetOf(el: EventTarget | null): KeyTarget {
  if (!(el instanceof Element)) return "other";
  if (el.closest("dialog, [role=dialog], [role=alertdialog]")) return "dialog";
  if (el.id === "terminal-input") return "terminal";
  if (
    el.closest(
      "input, textarea, select, [contenteditable=''], [contenteditable=true], [role=slider], [role=separator], [role=listbox], [role=radiogroup], [role=tablist], [role=menu]",
    )
  )
    return "text";
  if (el.closest("button, summary, a[href], [role=button], [role=checkbox]")) return "button";
  return "other";
}

/**
 * The trace's stepping keys, for the whole page: a listener on the window (capture phase,
 * so it decides before any panel sees the key) that steps the trace and stops the key's
 * default only when it steps. Mounted once, by the app.
 */
export function useStepKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const s = useAppStore.getState();
      const action = stepKeyAction(
        { key: e.key, shift: e.shiftKey, command: e.ctrlKey || e.altKey || e.metaKey },
        targetOf(e.target),
        s.presenter,
        selectSteps(s).length > 0,
      );
      if (!action) return;
      e.preventDefault();
      if (action === "next") s.stepBy(1);
      else if (action === "back") s.stepBy(-1);
      else if (action === "first") s.first();
      else if (action === "last") s.last();
      else if (action === "play") {
        if (selectPlaying(s)) s.pause();
        else s.play();
      }
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, []);
}
