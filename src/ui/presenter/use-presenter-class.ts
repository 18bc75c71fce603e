import { useEffect } from "react";
import { useAppStore } from "../../store/index.ts";
import { savedPresenter } from "./presenter-storage.ts";

/** Presenter mode on <html>: the large type and the high-contrast theme are its CSS (index.css). */
export function usePresenterClass(): void {
  const on = useAppStore((s) => s.presenter);
  useEffect(() => {
    document.documentElement.classList.toggle("presenter", on);
  }, [on]);
  // The presenter's own last choice, unless a link or the saved session set one first.
  useEffect(() => {
    const saved = savedPresenter();
    const s = useAppStore.getState();
    if (saved && !s.presenter && s.hiddenPanels.length === 0) {
      s.setHiddenPanels(saved.hidden);
      s.setPresenter(saved.on);
    }
  }, []);
}
