/**
 * Which key steps the trace, from where. Pure, so the rules are unit-tested: one place
 * decides, so the trace's keys cannot fight the terminal's own.
 *
 * - PageDown / PageUp (what a presentation clicker sends): next / previous step from
 *   anywhere in presenter mode, the terminal's prompt included; there they never scroll
 *   the page or the terminal. Outside presenter mode they keep their usual meaning.
 * - → / ← / Space (Shift+Space: back), Home / End, P: anywhere but where the key is typed
 *   or already means something: the terminal's prompt, a text field, a list box, a button
 *   (Space presses it) and inside a dialog.
 */
export type StepAction = "next" | "back" | "first" | "last" | "play" | "swallow";

/** Where the key was pressed, as far as these rules care. */
export type KeyTarget = "terminal" | "text" | "button" | "dialog" | "other";

export interface KeyPress {
  readonly key: string;
  readonly shift: boolean;
  /** Ctrl, Alt or Meta held: a shortcut of the browser or the system, never a step. */
  readonly command: boolean;
}

export function stepKeyAction(
  press: KeyPress,
  target: KeyTarget,
  presenter: boolean,
  hasTrace: boolean,
): StepAction | null {
  if (press.command || target === "dialog") return null;
  if (press.key === "PageDown" || press.key === "PageUp") {
    if (!presenter) return null;
    // Presenting, the page never scrolls by these keys, trace or not.
    if (!hasTrace) return "swallow";
    return press.key === "PageDown" ? "next" : "back";
  }
  if (!hasTrace || target === "terminal" || target === "text") return null;
  switch (press.key) {
    case "ArrowRight":
      return "next";
    case "ArrowLeft":
      return "back";
    case " ":
      if (target === "button") return null;
      return press.shift ? "back" : "next";
    case "Home":
      return "first";
    case "End":
      return "last";
    case "p":
    case "P":
      return press.shift ? null : "play";
    default:
      return null;
  }
}
