import { useEffect, useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import {
  listContainers,
  listNetworks,
  machineLabel,
  needsMoreInput,
  selectPrompt,
  selectWorldView,
  useAppStore,
} from "../../store/index.ts";
import { Panel } from "../app/Panel.tsx";
import { Welcome } from "../lesson/Welcome.tsx";
import { ScenarioControls } from "../session/ScenarioControls.tsx";
import { complete } from "./completion.ts";
import { MachineSwitcher } from "./MachineSwitcher.tsx";
import { Suggestions } from "./Suggestions.tsx";
import { CONTINUATION_PROMPT, InputLines, TermRow } from "./TermRow.tsx";
import { useHistoryCursor } from "./use-history.ts";

/** An unfinished command: its lines so far, and the prompt its first line was typed at. */
interface Pending {
  readonly prompt: string;
  readonly lines: readonly string[];
}
const NONE: Pending = { prompt: "", lines: [] };

export function TerminalPanel({ className, hidden }: { readonly className?: string; readonly hidden?: boolean }) {
  const { t } = useTranslation("session");
  const lines = useAppStore((s) => s.lines);
  const history = useAppStore((s) => s.history);
  const busy = useAppStore((s) => s.busy);
  const restoring = useAppStore((s) => s.restoring);
  const world = useAppStore(selectWorldView);
  const completionSpecs = useAppStore((s) => s.completionSpecs);
  const prompt = useAppStore(selectPrompt);
  const [input, setInput] = useState("");
  /**
   * Lines of a command bash would not run yet (an open here-document, quote or trailing
   * `\`), shown above the input with their prompts; the ref is what Enter and paste read,
   * so a pasted block is gathered line by line within one event.
   */
  const [pending, setPending] = useState<Pending>(NONE);
  const pendingRef = useRef<Pending>(NONE);
  const [listing, setListing] = useState<readonly string[]>([]);
  const cursor = useHistoryCursor(history);
  const scroller = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const queue = useRef<string[]>([]);

  const ctx = useMemo(
    () => ({
      specs: completionSpecs,
      containers: world ? listContainers(world).map((c) => c.name) : [],
      networks: world ? listNetworks(world) : [],
    }),
    [completionSpecs, world],
  );

  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines, listing, pending]);

  // Commands entered while the lab is busy (a paste, a link replaying) run one after another.
  useEffect(() => {
    if (busy || queue.current.length === 0) return;
    const next = queue.current.shift()!;
    void useAppStore.getState().submit(next);
  }, [busy, lines]);

  function setPendingLines(next: Pending) {
    pendingRef.current = next;
    setPending(next);
  }

  function run(command: string) {
    cursor.reset();
    setListing([]);
    if (busy || queue.current.length > 0) queue.current.push(command);
    else void useAppStore.getState().submit(command);
  }

  /** One line as Enter sends it: bash runs the command once it is complete, and prompts `> ` until then. */
  function accept(line: string) {
    const before = pendingRef.current;
    const text = [...before.lines, line].join("\n");
    if (needsMoreInput(text)) {
      setPendingLines({ prompt: before.lines.length === 0 ? prompt : before.prompt, lines: [...before.lines, line] });
      return;
    }
    setPendingLines(NONE);
    run(text);
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    const el = e.currentTarget;
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      accept(input);
      setInput("");
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      const v = cursor.older(input);
      if (v !== null) setInput(v);
    } else if (e.key === "ArrowDown") {
      e.preventDefault();
      const v = cursor.newer();
      if (v !== null) setInput(v);
    } else if (e.key === "Tab") {
      e.preventDefault();
      const at = el.selectionStart ?? input.length;
      const r = complete(input.slice(0, at), ctx);
      const next = r.before + input.slice(at);
      setInput(next);
      setListing(r.candidates);
      requestAnimationFrame(() => el.setSelectionRange(r.before.length, r.before.length));
    } else if (e.ctrlKey && (e.key === "c" || e.key === "C") && el.selectionStart === el.selectionEnd) {
      // With a selection, Ctrl+C copies as usual; without one it abandons the command, as in bash.
      e.preventDefault();
      useAppStore.getState().cancelLine([...pendingRef.current.lines, input].join("\n"));
      setPendingLines(NONE);
      cursor.reset();
      setListing([]);
      setInput("");
    } else if (e.ctrlKey && (e.key === "l" || e.key === "L")) {
      e.preventDefault();
      useAppStore.getState().clearScreen();
      setListing([]);
    }
  }

  /** A pasted block runs as bash reads it: line by line, a command running once it is complete. */
  function onPaste(e: ClipboardEvent<HTMLTextAreaElement>) {
    const text = e.clipboardData.getData("text/plain");
    if (!/[\r\n]/.test(text)) return;
    e.preventDefault();
    const el = e.currentTarget;
    const at = el.selectionStart ?? input.length;
    const parts = (input.slice(0, at) + text + input.slice(el.selectionEnd ?? at)).replace(/\r\n?/g, "\n").split("\n");
    const last = parts.pop() ?? "";
    for (const l of parts) accept(l);
    setInput(last);
  }

  const attached = useAppStore((s) => s.session.machine);
  const continuing = pending.lines.length > 0;

  return (
    <Panel
      id="terminal"
      title={t("terminal.title")}
      className={className}
      hidden={hidden}
      actions={<ScenarioControls />}
    >
      <div className="flex h-full flex-col">
        <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-2 py-1 text-sm dark:border-slate-800">
          <MachineSwitcher />
          <span className="text-slate-700 dark:text-slate-300">
            {t("terminal.attachedTo")} <strong>{machineLabel(world, attached)}</strong>
          </span>
          {restoring ? (
            <span className="text-slate-700 dark:text-slate-300" role="status">
              {t("replaying")}
            </span>
          ) : null}
        </div>
        <div
          ref={scroller}
          // A terminal's tab stops are every 8 columns (Tailwind's base sets 4): `time`'s `sys\t` lines up with `real\t`.
          className="font-term relative min-h-0 flex-1 overflow-auto bg-slate-950 p-2 text-sm text-slate-100 [tab-size:8]"
          onClick={() => {
            if (!window.getSelection()?.toString()) inputRef.current?.focus();
          }}
        >
          <Welcome />
          <div role="log" aria-live="polite" aria-label={t("terminal.output")} data-testid="terminal-output">
            {lines.map((l) => (
              <TermRow key={l.id} line={l} />
            ))}
          </div>
          {continuing ? (
            <div className="break-all whitespace-pre-wrap" data-testid="pending-input">
              <InputLines prompt={pending.prompt} text={pending.lines.join("\n")} />
            </div>
          ) : null}
          {listing.length > 0 ? (
            <div className="break-all whitespace-pre-wrap text-slate-300" data-testid="completions">
              {listing.join("  ")}
            </div>
          ) : null}
          <div className="flex gap-2">
            <label htmlFor="terminal-input" className="shrink-0 text-emerald-300" data-testid="prompt">
              {continuing ? CONTINUATION_PROMPT : prompt}
              <span className="sr-only"> {continuing ? t("terminal.continued") : t("terminal.command")}</span>
            </label>
            <textarea
              id="terminal-input"
              ref={inputRef}
              rows={Math.min(12, input.split("\n").length)}
              className="min-w-0 flex-1 resize-none overflow-hidden bg-transparent break-all whitespace-pre-wrap text-slate-100 caret-emerald-300 outline-none"
              value={input}
              onChange={(e) => setInput(e.target.value)}
              onKeyDown={onKeyDown}
              onPaste={onPaste}
              autoComplete="off"
              autoCapitalize="off"
              autoCorrect="off"
              spellCheck={false}
              enterKeyHint="send"
              autoFocus
            />
          </div>
        </div>
        <Suggestions
          onPick={(text) => {
            setInput((cur) => (cur.trim() === "" ? text : `${cur.replace(/\s*$/, "")} ${text}`));
            inputRef.current?.focus();
          }}
        />
      </div>
    </Panel>
  );
}
