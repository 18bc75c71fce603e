import { useEffect, useState } from "react";
import { decodeHistory, encodeHistory, useAppStore } from "../../store/index.ts";

/**
 * Replays the history a shared URL carries (once, at start-up), then keeps the URL's
 * hash in step with the history so the address bar is always a share link.
 * The hash is untrusted: decodeHistory validates it, and its lines are only typed as commands.
 */
export function useShareUrl(): { notice: string | null } {
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    const start = async () => {
      await useAppStore.getState().connect();
      // The lesson in hand first, so the replayed lines are checked against its goals.
      await useAppStore.getState().resumeSavedLesson();
      const decoded = decodeHistory(window.location.hash);
      if (cancelled) return;
      if (!decoded.ok) {
        setNotice(`The shared link was not replayed: ${decoded.reason}.`);
      } else if (decoded.lines.length > 0) {
        await useAppStore.getState().replay(decoded.lines);
      }
      if (!cancelled) {
        // Only now follow the history, so a replay in progress does not rewrite the link.
        unsubscribe = useAppStore.subscribe((s, prev) => {
          if (s.shareLog === prev.shareLog) return;
          const hash = encodeHistory(s.shareLog);
          window.history.replaceState(null, "", hash ? `#${hash}` : window.location.pathname + window.location.search);
        });
      }
    };
    let unsubscribe: (() => void) | undefined;
    void start();
    return () => {
      cancelled = true;
      unsubscribe?.();
    };
  }, []);
  return { notice };
}
