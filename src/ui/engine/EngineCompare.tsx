import { useEffect, useId, useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { markDifferences, sinceLastReset, useAppStore, type CompareLine, type EngineSide } from "../../store/index.ts";

type Source = "article" | "session";

/** No lines: the worker runs the article's `docker run`. */
const NONE: readonly string[] = [];

/** The session's commands since its last `reset` (what the worker's "session" comparison runs). */
function sessionCount(done: Parameters<typeof sinceLastReset>[0]): number {
  return sinceLastReset(done).filter((e) => e.line.trim() !== "reset" && e.engine === undefined).length;
}

/** One engine's `iptables-save`, with the lines the other engine lacks marked. */
function Side({ side, lines }: { side: EngineSide; lines: readonly CompareLine[] }) {
  const { t } = useTranslation("engine");
  const headingId = useId();
  const only = lines.filter((l) => l.kind === "only").length;
  return (
    <section aria-labelledby={headingId} data-engine={side.engine} className="flex min-w-0 flex-col gap-1">
      <h3 id={headingId} className="font-semibold">
        {side.label}
      </h3>
      <p className="text-xs text-slate-700 dark:text-slate-300">{t("compare.summary", { count: only })}</p>
      <pre className="font-term rounded border border-slate-300 p-2 text-xs leading-5 break-all whitespace-pre-wrap dark:border-slate-700">
        {lines.map((l, i) => (
          <div
            key={i}
            data-kind={l.kind}
            className={
              l.kind === "only"
                ? "bg-amber-200 text-amber-950 dark:bg-amber-800 dark:text-amber-50"
                : l.kind === "meta"
                  ? "text-slate-600 dark:text-slate-400"
                  : undefined
            }
          >
            <span aria-hidden="true">{l.kind === "only" ? "▶ " : "  "}</span>
            {l.text}
            {l.kind === "only" ? (
              <span className="sr-only"> ({t("compare.onlyHere", { label: side.label })})</span>
            ) : null}
          </div>
        ))}
      </pre>
    </section>
  );
}

/**
 * Both engines' rule sets side by side for the same commands: the article's `docker run`
 * by default, or the learner's own history. Each runs on a fresh world in the worker.
 */
export function EngineCompare({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation("engine");
  const dialog = useRef<HTMLDialogElement>(null);
  // The log itself is the key: a new line makes the shown comparison stale.
  const log = useAppStore((s) => s.log);
  const count = sessionCount(log.done);
  const compareEngines = useAppStore((s) => s.compareEngines);
  const [source, setSource] = useState<Source>("article");
  // The result says which lines it is for, so a stale one shows as loading, not as the answer.
  const [result, setResult] = useState<{ readonly key: unknown; readonly sides: readonly EngineSide[] }>();
  const titleId = useId();

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    let live = true;
    const key = source === "article" ? NONE : log;
    void compareEngines(source === "article" ? NONE : "session").then((sides) => {
      if (live) setResult({ key, sides });
    });
    return () => {
      live = false;
    };
  }, [open, source, log, compareEngines]);

  const current = result && result.key === (source === "article" ? NONE : log) ? result.sides : [];
  const [a, b] = current;
  const marked = a && b ? markDifferences(a.text, b.text) : null;
  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      onClose={onClose}
      className="m-auto max-h-[90vh] w-[min(1100px,95vw)] rounded-lg border border-slate-300 bg-white p-4 text-slate-900 backdrop:bg-slate-950/50 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100"
    >
      <div className="flex items-start gap-2">
        <h2 id={titleId} className="text-lg font-semibold">
          {t("compare.title")}
        </h2>
        <button
          type="button"
          className="ml-auto min-h-11 rounded border border-slate-300 px-2 py-0.5 text-sm sm:min-h-0 dark:border-slate-700"
          onClick={onClose}
        >
          {t("compare.close")}
        </button>
      </div>
      <p className="mt-1 text-sm">
        <Trans t={t} i18nKey="compare.intro" components={{ code: <code className="font-term" /> }} />
      </p>
      <fieldset className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
        <legend className="sr-only">{t("compare.source")}</legend>
        <label className="flex items-center gap-1">
          <input
            type="radio"
            name="compare-source"
            checked={source === "article"}
            onChange={() => setSource("article")}
          />
          <span>
            <Trans t={t} i18nKey="compare.sourceArticle" components={{ code: <code className="font-term" /> }} />
          </span>
        </label>
        <label className="flex items-center gap-1">
          <input
            type="radio"
            name="compare-source"
            checked={source === "session"}
            disabled={count === 0}
            onChange={() => setSource("session")}
          />
          <span>{t("compare.sourceSession", { count })}</span>
        </label>
      </fieldset>
      {a && b && marked ? (
        <div className="mt-3 grid grid-cols-1 gap-3 md:grid-cols-2">
          <Side side={a} lines={marked[0]} />
          <Side side={b} lines={marked[1]} />
        </div>
      ) : (
        <p className="mt-3 text-sm" role="status">
          {t("compare.loading")}
        </p>
      )}
      <p className="mt-3 text-sm text-slate-700 dark:text-slate-300">{t("compare.whatChanged")}</p>
    </dialog>
  );
}
