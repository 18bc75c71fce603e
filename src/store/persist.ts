/**
 * The session in the browser's storage, so a reload, a crash or a closed tab gives it back:
 * this tab's copy in sessionStorage (a reload of this tab finds its own session even when
 * another tab has since saved one) and the latest of any tab in localStorage (a tab opened
 * afresh takes the last session up). Written whole on every change, in the link's JSON
 * form and read back with the same checks as a link.
 */
import { fromWire, toWire, type SessionState } from "./session-state.ts";

export const SESSION_STORAGE_KEY = "dnl.session";

export interface Saved {
  readonly state: SessionState;
  /** Whether this tab saved it (sessionStorage): a reload, not a session another tab left. */
  readonly thisTab: boolean;
}

export interface SessionStore {
  load(): Saved | null;
  /** False when the browser refused (storage full or disabled). */
  save(state: SessionState): boolean;
}

/** Storage the way the browser offers it, or not at all (private modes, sandboxed frames). */
function storages(): { storage: Storage; thisTab: boolean }[] {
  const out: { storage: Storage; thisTab: boolean }[] = [];
  const kinds = [
    { get: () => globalThis.sessionStorage, thisTab: true },
    { get: () => globalThis.localStorage, thisTab: false },
  ];
  for (const { get, thisTab } of kinds) {
    try {
      const storage = get();
      if (storage) out.push({ storage, thisTab });
    } catch {
      // access itself can throw when storage is disabled
    }
  }
  return out;
}

export function browserSessionStore(): SessionStore {
  return {
    load() {
      for (const { storage, thisTab } of storages()) {
        let text: string | null = null;
        try {
          text = storage.getItem(SESSION_STORAGE_KEY);
        } catch {
          continue;
        }
        if (text === null) continue;
        const read = fromWire(text);
        if (read.ok) return { state: read.state, thisTab };
      }
      return null;
    },
    save(state) {
      const text = toWire(state);
      let saved = false;
      for (const { storage } of storages()) {
        try {
          storage.setItem(SESSION_STORAGE_KEY, text);
          saved = true;
        } catch {
          // full or refused: the other storage may still take it
        }
      }
      return saved;
    },
  };
}

/** A store in memory, for tests and for pages without storage (what it holds counts as this tab's). */
export function memorySessionStore(initial: SessionState | null = null): SessionStore & { saved: string | null } {
  const store = {
    saved: initial ? toWire(initial) : null,
    load() {
      if (store.saved === null) return null;
      const read = fromWire(store.saved);
      return read.ok ? { state: read.state, thisTab: true } : null;
    },
    save(state: SessionState) {
      store.saved = toWire(state);
      return true;
    },
  };
  return store;
}
