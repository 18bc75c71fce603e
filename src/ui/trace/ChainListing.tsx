import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { selectWorldSeq, useAppStore } from "../../store/index.ts";
import type { RuleEvent } from "../../sim/trace/events.ts";

/**
 * The chain a rule step matched in, as `iptables -t T -nvL CHAIN --line-numbers` prints it
 * (asked of the worker, so it is the real tool's text and counters), with the matched rule's
 * line highlighted. The matched rule is also shown apart, wrapped, so no screen cuts it off.
 */
export function ChainListing({ event }: { readonly event: RuleEvent }) {
  const { t } = useTranslation("trace");
  const peek = useAppStore((s) => s.peek);
  const worldSeq = useAppStore(selectWorldSeq);
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
  }, [line, event.netns, peek, worldSeq]);

  const lines = text === null ? [] : text.replace(/\n$/, "").split("\n");
  const isHit = (l: string) => new RegExp(`^${event.ruleIndex}\\s`).test(l);
  const hitLine = lines.find(isHit);
  return (
    <div className="flex flex-col gap-1">
      <div
        className="rounded border border-amber-500 bg-amber-50 p-1.5 dark:bg-amber-950"
        data-testid="matched-rule-apart"
      >
        <div className="text-sm font-semibold">
          {t("matched", { index: event.ruleIndex, table: event.table, chain: event.chain })}
        </div>
        <div className="font-term text-sm break-all whitespace-pre-wrap">{event.ruleText}</div>
        {hitLine ? (
          <div className="font-term text-sm break-all whitespace-pre-wrap">{hitLine.replace(/\s+/g, " ")}</div>
        ) : null}
      </div>
      {text !== null ? (
        <div>
          <div className="font-term text-sm text-slate-600 dark:text-slate-400">$ {line}</div>
          <pre
            className="font-term overflow-x-auto text-sm leading-5 whitespace-pre"
            data-testid="chain-listing"
            tabIndex={0}
            aria-label={t("listing", { table: event.table, chain: event.chain, index: event.ruleIndex })}
          >
            {lines.map((l, i) => {
              const hit = isHit(l);
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
      ) : null}
    </div>
  );
}
