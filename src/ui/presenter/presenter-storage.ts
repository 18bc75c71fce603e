/**
 * Presenter mode and the panels hidden, remembered across visits when the presenter sets
 * them (as a dragged row share is): a classroom's reload comes back presenting. A link's
 * layout holds for its visit only, as with the share.
 */
import { isPanel, type PanelId } from "../../store/index.ts";

const KEY = "dnl-presenter";

export interface PresenterChoice {
  readonly on: boolean;
  readonly hidden: readonly PanelId[];
}

export function savedPresenter(): PresenterChoice | null {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(KEY) ?? "null");
    if (typeof raw !== "object" || raw === null) return null;
    const r = raw as Record<string, unknown>;
    const hidden = Array.isArray(r.hidden) ? r.hidden.filter(isPanel) : [];
    return { on: r.on === true, hidden };
  } catch {
    return null;
  }
}

export function rememberPresenter(choice: PresenterChoice): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ on: choice.on, hidden: choice.hidden }));
  } catch {
    // Not remembered; the page still changes.
  }
}
