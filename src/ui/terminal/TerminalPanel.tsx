import { memo, useEffect, useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent } from "react";
import {
  listContainers,
  listNetworks,
  machineLabel,
  selectPrompt,
  useAppStore,
  type TermLine,
} from "../../store/index.ts";
import { Panel } from "../app/Panel.tsx";
import { LabLineView } from "../lesson/LabLineView.tsx";
import { Welcome } from "../lesson/Welcome.tsx";
import { LabNote } from "../trace/LabNote.tsx";
import { complete } from "./completion.ts";
import { MachineSwitcher } from "./MachineSwitcher.tsx";
import { Suggestions } from "./Suggestions.tsx";
import { useHistoryCursor } from "./use-history.ts";

/** One scrollback line; memoised, so a new command does not re-render thousands of old lines. */
const TermRow = memo(function TermRow({ line: l }: { readonly line: TermLine }) {
  if (l.note) return <LabNote note={l.note} />;
  if (l.lab) return <LabLineView line={l.lab} />;
  return (
    <div className={`break-all whitespace-pre-wrap ${l.kind === "stderr" ? "text-red-300" : ""}`}>
      {l.kind === "input" ? (
        <>
          <span className="text-emerald-300">{l.prompt}</span> {l.text}
        </>
      ) : (
        l.text || "\u00a0"
      )}
    </div>
  );
});

export function TerminalPanel({ className }: { readonly className?: string }) {
  const lines = useAppStore((s) => s.lines);
  const history = useAppStore((s) => s.history);
  const busy = useAppStore((s) => s.busy);
  const world = useAppStore((s) => s.world);
  const completionSpecs = useAppStore((s) => s.completionSpecs);
  const prompt = useAppStore(selectPrompt);
  const [input, setInput] = useState("");
  const [listing, setListing] = useState<readonly string[]>([]);
  const cursor = useHistoryCursor(history);
  const scroller = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
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
  }, [lines, listing]);

  // Lines pasted together run one after another, as in a real terminal.
  useEffect(() => {
    if (busy || queue.current.length === 0) return;
    const next = queue.current.shift()!;
    void useAppStore.getState().submit(next);
  }, [busy, lines]);

  function run(line: string) {
    cursor.reset();
    setListing([]);
    if (busy) queue.current.push(line);
    else void useAppStore.getState().submit(line);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    const el = e.currentTarget;
    if (e.key === "Enter") {
      e.preventDefault();
      run(input);
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
      // With a selection, Ctrl+C copies as usual; without one it interrupts the line, as in bash.
      e.preventDefault();
      useAppStore.getState().cancelLine(input);
      cursor.reset();
      setListing([]);
      setInput("");
    } else if (e.ctrlKey && (e.key === "l" || e.key === "L")) {
      e.preventDefault();
      useAppStore.getState().clearScreen();
      setListing([]);
    }
  }

  function onPaste(e: ClipboardEvent<HTMLInputElement>) {
    const text = e.clipboardData.getData("text/plain");
    if (!text.includes("\n")) return;
    e.preventDefault();
    const parts = text.replace(/\r\n?/g, "\n").split("\n");
    const last = parts.pop() ?? "";
    const first = input + (parts.shift() ?? "");
    for (const l of [first, ...parts]) run(l);
    setInput(last);
  }

  const attached = useAppStore((s) => s.session.machine);

  return (
    <Panel id="terminal" title="Terminal" className={className}>
      <div className="flex h-full flex-col">
        <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-2 py-1 text-sm dark:border-slate-800">
          <MachineSwitcher />
          <span className="text-slate-700 dark:text-slate-300">
            attached to <strong>{machineLabel(world, attached)}</strong>
          </span>
        </div>
        <div
          ref={scroller}
          className="font-term min-h-0 flex-1 overflow-auto bg-slate-950 p-2 text-sm text-slate-100"
          onClick={() => {
            if (!window.getSelection()?.toString()) inputRef.current?.focus();
          }}
        >
          <Welcome />
          <div role="log" aria-live="polite" aria-label="Terminal output" data-testid="terminal-output">
            {lines.map((l) => (
              <TermRow key={l.id} line={l} />
            ))}
          </div>
          {listing.length > 0 ? (
            <div className="break-all whitespace-pre-wrap text-slate-300" data-testid="completions">
              {listing.join("  ")}
            </div>
          ) : null}
          <div className="flex gap-2">
            <label htmlFor="terminal-input" className="shrink-0 text-emerald-300" data-testid="prompt">
              {prompt}
              <span className="sr-only"> command</span>
            </label>
            <input
              id="terminal-input"
              ref={inputRef}
              className="min-w-0 flex-1 bg-transparent text-slate-100 caret-emerald-300 outline-none"
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
