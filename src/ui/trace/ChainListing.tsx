import { useEffect, useState } from "react";
import { useAppStore } from "../../store/index.ts";
import type { RuleEvent } from "../../sim/trace/events.ts";

/**
 * The chain a rule step matched in, as `iptables -t T -nvL CHAIN --line-numbers`
 * prints it (asked of the worker, so it is the real tool's text and counters),
 * with the matched rule's line highlighted.
 */
export function ChainListing({ event }: { readonly event: RuleEvent }) {
  const peek = useAppStore((s) => s.peek);
  const world = useAppStore((s) => s.world);
  const [text, setText] = useState<string | null>(null);
  const line = `iptables -t ${event.table} -nvL ${event.chain} --line-numbers`;
  useEffect(() => {
    let live = true;
    void peek(line, event.netns).then((r) => {
      if (live) setText(r.exitCode === 0 ? r.stdout : null);
    });
    return () => {
      live = false;
    };
  }, [line, event.netns, peek, world]);

  if (text === null) {
    return (
      <pre className="font-term rounded bg-amber-100 px-1 whitespace-pre-wrap text-slate-900 dark:bg-amber-900 dark:text-slate-100">
        {event.ruleText}
      </pre>
    );
  }
  const lines = text.replace(/\n$/, "").split("\n");
  return (
    <div>
      <div className="font-term text-[11px] text-slate-600 dark:text-slate-400">$ {line}</div>
      <pre
        className="font-term overflow-x-auto text-[11px] leading-4 whitespace-pre"
        data-testid="chain-listing"
        tabIndex={0}
        aria-label={`${event.table} table, chain ${event.chain}; rule ${event.ruleIndex} matched`}
      >
        {lines.map((l, i) => {
          const hit = new RegExp(`^${event.ruleIndex}\\s`).test(l);
          return (
            <span
              key={i}
              className={
                hit ? "block bg-amber-200 font-semibold text-slate-950 dark:bg-amber-700 dark:text-white" : "block"
              }
              {...(hit ? { "data-testid": "matched-rule" } : {})}
            >
              {l || "\u00a0"}
            </span>
          );
        })}
      </pre>
    </div>
  );
}
