/**
 * Presenter mode, for an instructor in front of a class: large type, a high-contrast theme
 * and the panels the presenter chose to show. Which panels are hidden is kept while
 * presenter mode is off, so turning it on again brings back the same room; outside presenter
 * mode every panel shows. A link and storage carry both (see LayoutState).
 */
import type { StateCreator } from "zustand";
import type { AppState } from "./types.ts";

/** The panels a presenter can hide, in the order their controls are listed. */
export const PANELS = ["topology", "terminal", "trace", "lesson"] as const;
export type PanelId = (typeof PANELS)[number];

export const isPanel = (x: unknown): x is PanelId => PANELS.includes(x as PanelId);

export interface PresenterSlice {
  presenter: boolean;
  /** Panels hidden in presenter mode, in PANELS' order. */
  hiddenPanels: readonly PanelId[];
  setPresenter: (on: boolean) => void;
  togglePanel: (id: PanelId) => void;
  setHiddenPanels: (ids: readonly PanelId[]) => void;
}

/** `hidden` with `id` hidden or shown again, in PANELS' order, each once. */
export function toggled(hidden: readonly PanelId[], id: PanelId): readonly PanelId[] {
  const set = new Set(hidden);
  if (set.has(id)) set.delete(id);
  else set.add(id);
  return PANELS.filter((p) => set.has(p));
}

/** Whether a panel is on the page now: always outside presenter mode, unless hidden inside it. */
export function selectPanelShown(s: Pick<AppState, "presenter" | "hiddenPanels">, id: PanelId): boolean {
  return !s.presenter || !s.hiddenPanels.includes(id);
}

export const createPresenterSlice: StateCreator<AppState, [], [], PresenterSlice> = (set) => ({
  presenter: false,
  hiddenPanels: [],
  setPresenter(presenter) {
    set({ presenter });
  },
  togglePanel(id) {
    set((s) => ({ hiddenPanels: toggled(s.hiddenPanels, id) }));
  },
  setHiddenPanels(ids) {
    set({ hiddenPanels: PANELS.filter((p) => ids.includes(p)) });
  },
});
