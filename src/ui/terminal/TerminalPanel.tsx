import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { selectPrompt, useAppStore } from "../../store/index.ts";
import { Panel } from "../app/Panel.tsx";
import { useHistoryCursor } from "./use-history.ts";

export function TerminalPanel({ className }: { readonly className?: string }) {
  const lines = useAppStore((s) => s.lines);
  const history = useAppStore((s) => s.history);
  const busy = useAppStore((s) => s.busy);
  const submit = useAppStore((s) => s.submit);
  const clearScreen = useAppStore((s) => s.clearScreen);
  const prompt = useAppStore(selectPrompt);
  const [input, setInput] = useState("");
  const cursor = useHistoryCursor(history);
  const scroller = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines]);

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "Enter") {
      e.preventDefault();
      if (busy) return;
      cursor.reset();
      void submit(input, prompt);
      setInput("");
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      const v = cursor.older(input);
      if (v !== null) setInput(v);
    } else if (e.key === "ArrowDown") {
      e.preventDefault();
      const v = cursor.newer();
      if (v !== null) setInput(v);
    } else if (e.ctrlKey && e.key === "l") {
      e.preventDefault();
      clearScreen();
    }
  }

  return (
    <Panel id="terminal" title="Terminal" className={className}>
      <div
        ref={scroller}
        className="font-term h-full overflow-auto bg-slate-950 p-2 text-sm text-slate-100"
        onClick={() => inputRef.current?.focus()}
      >
        <div role="log" aria-live="polite" aria-label="Terminal output" data-testid="terminal-output">
          {lines.map((l) => (
            <div key={l.id} className={`whitespace-pre-wrap break-all ${l.kind === "stderr" ? "text-red-300" : ""}`}>
              {l.kind === "input" ? (
                <>
                  <span className="text-emerald-300">{l.prompt}</span> {l.text}
                </>
              ) : (
                l.text || "\u00a0"
              )}
            </div>
          ))}
        </div>
        <div className="flex gap-2">
          <label htmlFor="terminal-input" className="shrink-0 text-emerald-300">
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
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            autoFocus
          />
        </div>
      </div>
    </Panel>
  );
}
