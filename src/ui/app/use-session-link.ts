import { useCallback, useEffect, useRef, useState } from "react";
import { i18n, setLanguage } from "../i18n/i18n.ts";
import { isLanguage } from "../i18n/languages.ts";
import {
  decodeLink,
  encodeLink,
  layoutMoved,
  lessonMoved,
  MAX_LINK_LENGTH,
  planStart,
  sameEntries,
  useAppStore,
  viewMoved,
  type AppState,
  type DecodedLink,
  type SessionState,
} from "../../store/index.ts";

/** How long the address bar waits after a change before it is rewritten (one write for a burst of steps). */
const WRITE_DELAY_MS = 250;

function linkState(): SessionState {
  return useAppStore.getState().currentState({ forLink: true, language: i18n.language });
}

function here(): string {
  return window.location.pathname + window.location.search;
}

/** The language a link carries applies for this visit, without replacing the reader's saved choice. */
function applyLanguage(state: SessionState) {
  if (state.language && isLanguage(state.language) && state.language !== i18n.language)
    setLanguage(state.language, false);
}

function notifyProblem(d: Extract<DecodedLink, { kind: "problem" }>) {
  useAppStore
    .getState()
    .notify(
      `link-${d.problem}`,
      d.version === undefined ? {} : { version: d.version },
      d.problem === "not-a-link" ? "info" : "error",
    );
}

/**
 * `?engine=28` in the address (a lab before session links kept the engine there): read once
 * and taken out of the address, which from then on is the session's link alone.
 */
function takeQueryEngine(): string | null {
  const params = new URLSearchParams(window.location.search);
  const v = params.get("engine");
  if (v === null) return null;
  params.delete("engine");
  const query = params.toString();
  window.history.replaceState(
    window.history.state,
    "",
    window.location.pathname + (query ? `?${query}` : "") + window.location.hash,
  );
  return v;
}

/** Opens the lab from the address bar's link or the browser's storage (see planStart). */
function start(): Promise<void> {
  const s = useAppStore.getState();
  return s.startWith(async () => {
    const queryEngine = takeQueryEngine();
    let decoded = await decodeLink(window.location.hash);
    const saved = s.savedSession();
    // Only a page that would open empty takes it (a bad value is refused as a link's would be).
    if (decoded.kind === "none" && queryEngine !== null && !saved) decoded = await decodeLink(`engine=${queryEngine}`);
    if (decoded.kind === "problem") notifyProblem(decoded);
    const plan = planStart(decoded, saved);
    if (plan) applyLanguage(decoded.kind === "session" ? decoded.state : plan.state);
    return plan;
  });
}

/** One start per page, however often React mounts the hook (StrictMode mounts twice in development). */
let starting: Promise<void> | null = null;

const changed = (a: AppState, b: AppState) =>
  a.log !== b.log ||
  a.session.machine !== b.session.machine ||
  viewMoved(a, b) ||
  a.traceOf !== b.traceOf ||
  layoutMoved(a, b) ||
  lessonMoved(a, b) ||
  a.playing !== b.playing;

/**
 * Keeps the address bar a link to the exact moment (the lines, the step on show, the layout,
 * the language, the lesson in hand and its goals reached), asks before a link pasted into this running tab replaces the session, and
 * copies the current link on demand. The hash is untrusted input: decodeLink checks it, and
 * its lines are only ever run as commands and shown as text.
 */
export function useSessionLink() {
  const [pendingLink, setPendingLink] = useState<SessionState | null>(null);
  const [copied, setCopied] = useState(false);
  const started = useRef(false);

  const writeHash = useCallback(async () => {
    const state = linkState();
    const hash = await encodeLink(state);
    // An empty session (no lines, no lesson) needs no link; one too long for a link lives in storage (and a scenario file).
    const empty = state.entries.length === 0 && !state.lesson;
    const url = empty || hash.length > MAX_LINK_LENGTH ? here() : `${here()}#${hash}`;
    if (window.location.pathname + window.location.search + window.location.hash !== url)
      window.history.replaceState(window.history.state, "", url);
  }, []);

  useEffect(() => {
    let cancelled = false;
    let timer: number | undefined;
    const schedule = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        // While the trace plays, the step changes several times a second: write once it stops.
        if (!cancelled && started.current && !useAppStore.getState().playing && !useAppStore.getState().restoring)
          void writeHash();
      }, WRITE_DELAY_MS);
    };
    const unsubscribe = useAppStore.subscribe((s, prev) => {
      if (changed(s, prev)) {
        schedule();
        setCopied(false);
      }
    });
    const onLanguage = () => {
      schedule();
      setCopied(false);
    };
    i18n.on("languageChanged", onLanguage);

    const onHashChange = () => {
      void (async () => {
        const decoded = await decodeLink(window.location.hash);
        if (decoded.kind === "none") return void writeHash();
        if (decoded.kind === "problem") {
          notifyProblem(decoded);
          return void writeHash();
        }
        const current = linkState();
        if (sameEntries(decoded.state.entries, current.entries) && decoded.state.lesson?.id === current.lesson?.id)
          return;
        // Nothing to lose (no lines, no lesson in hand): open it; otherwise ask first.
        if (current.entries.length === 0 && !current.lesson) {
          applyLanguage(decoded.state);
          await useAppStore.getState().restore(decoded.state, "link");
        } else setPendingLink(decoded.state);
      })();
    };
    window.addEventListener("hashchange", onHashChange);

    starting ??= start();
    void starting.then(() => {
      if (cancelled) return;
      started.current = true;
      void writeHash();
    });
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
      unsubscribe();
      i18n.off("languageChanged", onLanguage);
      window.removeEventListener("hashchange", onHashChange);
    };
  }, [writeHash]);

  const openPending = useCallback(() => {
    const state = pendingLink;
    setPendingLink(null);
    if (!state) return;
    applyLanguage(state);
    void useAppStore.getState().restore(state, "link", { keepCurrent: true });
  }, [pendingLink]);

  const keepMine = useCallback(() => {
    setPendingLink(null);
    void writeHash();
  }, [writeHash]);

  /** Copies a link to the state as it is now (not the address bar's, which may lag a moment behind). */
  const copyLink = useCallback(async () => {
    const hash = await encodeLink(linkState());
    if (hash.length > MAX_LINK_LENGTH) {
      useAppStore.getState().notify("link-too-long-to-copy", {}, "warning");
      return;
    }
    const url = `${window.location.origin}${here()}#${hash}`;
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }, []);

  return { pendingLink, openPending, keepMine, copyLink, copied };
}
