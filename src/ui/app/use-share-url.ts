import { useEffect, useState } from "react";
import {
  decodeHistory,
  encodeHistory,
  isEngineVersion,
  LINK_DEFAULT_ENGINE,
  selectEngine,
  useAppStore,
  type EngineVersion,
} from "../../store/index.ts";

/** `?engine=28` in the address: the engine to start on when the link's hash names none. */
function queryEngine(): EngineVersion | undefined {
  const v = new URLSearchParams(window.location.search).get("engine");
  return isEngineVersion(v) ? v : undefined;
}

/** The address with the history and engine in its hash, and `?engine=` kept in step. */
function addressFor(hash: string, engine: EngineVersion): string {
  const params = new URLSearchParams(window.location.search);
  if (engine === LINK_DEFAULT_ENGINE) params.delete("engine");
  else params.set("engine", engine);
  const query = params.toString();
  return window.location.pathname + (query ? `?${query}` : "") + (hash ? `#${hash}` : "");
}

/**
 * Replays the history a shared URL carries (once, at start-up) on the engine it names,
 * then keeps the URL's hash in step with the history and the engine so the address bar
 * is always a share link. The hash is untrusted: decodeHistory validates it, and its
 * lines are only typed as commands.
 */
export function useShareUrl(): { notice: string | null } {
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    const start = async () => {
      await useAppStore.getState().connect();
      const decoded = decodeHistory(window.location.hash);
      if (cancelled) return;
      const engine = (decoded.ok ? decoded.engine : undefined) ?? queryEngine();
      if (engine !== undefined && engine !== selectEngine(useAppStore.getState()))
        await useAppStore.getState().switchEngine(engine);
      if (!decoded.ok) {
        setNotice(`The shared link was not replayed: ${decoded.reason}.`);
      } else if (decoded.lines.length > 0) {
        await useAppStore.getState().replay(decoded.lines);
      }
      if (!cancelled) {
        // Only now follow the history, so a replay in progress does not rewrite the link.
        unsubscribe = useAppStore.subscribe((s, prev) => {
          const engine = selectEngine(s);
          if (s.shareLog === prev.shareLog && engine === selectEngine(prev)) return;
          window.history.replaceState(null, "", addressFor(encodeHistory(s.shareLog, engine), engine));
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
