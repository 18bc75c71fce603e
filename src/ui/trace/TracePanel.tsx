import { memo, useEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import {
  selectCurrentStep,
  selectPlaying,
  selectSteps,
  selectView,
  useAppStore,
  type ViewEntry,
} from "../../store/index.ts";
import { Panel } from "../app/Panel.tsx";
import { useWide } from "../app/use-wide.ts";
import { ChainListing } from "./ChainListing.tsx";
import { explainCause } from "./explain.ts";
import { ViewBar } from "./ViewBar.tsx";
import { stepSeconds } from "./step-time.ts";
import { conntrackUpTo, describeHeaders, type Step, type Timeline } from "./timeline.ts";
import { Transport } from "./Transport.tsx";
import { useNameOf, useTimeline } from "./use-timeline.ts";
import { TONE } from "./tones.ts";
import { entryText, entryTone } from "./view-text.ts";

/** Autoplay: one view step after another, each shown as long as it takes to see it. */
function useAutoplay(timeline: Timeline) {
  const playing = useAppStore(selectPlaying);
  const current = useAppStore(selectCurrentStep);
  const speed = useAppStore((s) => s.speed);
  const view = useAppStore(selectView);
  useEffect(() => {
    if (!playing) return;
    const entry = view.find((e) => e.index === current);
    const seconds = entry?.fold ? 0.9 : stepSeconds(timeline.steps[current]);
    const t = window.setTimeout(() => useAppStore.getState().advance(), (seconds * 1000) / speed);
    return () => window.clearTimeout(t);
  }, [playing, current, speed, timeline, view]);
}

/** What the step shown is: its sentence, a folded step's contents, a drop's cause in words. */
function CurrentStep({ timeline, entry }: { readonly timeline: Timeline; readonly entry: ViewEntry | undefined }) {
  const { t } = useTranslation("trace");
  const nameOf = useNameOf();
  const current = useAppStore(selectCurrentStep);
  const dnsOpen = useAppStore((s) => s.dnsOpen);
  const step = timeline.steps[current];
  if (!step) return null;
  const shown = entry && entry.index === current ? entry : { index: current, from: current, to: current };
  const e = step.event;
  return (
    <div className="rounded border border-slate-300 p-2 dark:border-slate-700" data-testid="current-step">
      <p className={`font-term text-base leading-6 break-words ${TONE[entryTone(shown, step)]}`}>
        {entryText(shown, timeline, nameOf, t)}
      </p>
      {shown.fold === "dns" || dnsOpen ? (
        <button
          type="button"
          className="mt-1 rounded border border-slate-300 px-2 py-0.5 text-sm max-lg:min-h-11 dark:border-slate-700"
          onClick={() => useAppStore.getState().setDnsOpen(!dnsOpen)}
        >
          {dnsOpen ? t("dns.close") : t("dns.open")}
        </button>
      ) : null}
      {e.type === "drop" && e.cause ? (
        <p className="mt-1 text-base font-semibold text-red-700 dark:text-red-300" data-testid="drop-reason">
          {t("fixHere")}: {explainCause(e.cause, nameOf, t)}
        </p>
      ) : null}
    </div>
  );
}

function HeaderCard({ step }: { readonly step: Step }) {
  const { t } = useTranslation("trace");
  const p = step.packet;
  return (
    <div className="rounded border border-slate-300 p-2 dark:border-slate-700" data-testid="header-card">
      <div className="text-sm font-semibold">
        {t("headers", { id: step.event.packetId })}
        {p
          ? ` · ${t("from", { label: p.label, sender: p.sender })}${p.direction === "reply" ? ` · ${t("reply")}` : ""}`
          : ""}
      </div>
      {step.headers ? <div className="font-term text-sm">{describeHeaders(step.headers)}</div> : null}
      {step.headers ? (
        <div className="font-term text-sm text-slate-700 dark:text-slate-300">
          {t("ttl", { ttl: step.headers.ttl, len: step.headers.len })}
        </div>
      ) : null}
      {step.rewrites.length > 0 ? (
        <ul className="mt-1 text-sm" aria-label={t("rewrites")}>
          {step.rewrites.map((r, i) => (
            <li key={i} className="font-term text-fuchsia-800 dark:text-fuchsia-300">
              {r.kind}: {r.text}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** One step of the list; memoised, so moving the cursor re-renders two rows, not hundreds. */
const StepRow = memo(function StepRow({
  index,
  text,
  tone,
  current,
}: {
  readonly index: number;
  readonly text: string;
  readonly tone: Step["tone"];
  readonly current: boolean;
}) {
  return (
    <li aria-current={current ? "step" : undefined}>
      <button
        type="button"
        onClick={() => useAppStore.getState().goToStep(index)}
        className={`block w-full text-left break-words max-lg:min-h-11 ${TONE[tone]} ${
          current ? "bg-amber-200 dark:bg-amber-800" : ""
        }`}
      >
        {text}
      </button>
    </li>
  );
});

export function TracePanel({ className, hidden }: { readonly className?: string; readonly hidden?: boolean }) {
  const { t } = useTranslation("trace");
  const timeline = useTimeline();
  const nameOf = useNameOf();
  const current = useAppStore(selectCurrentStep);
  const view = useAppStore(selectView);
  const total = useAppStore((s) => selectSteps(s).length);
  const listBox = useRef<HTMLElement>(null);
  const wide = useWide();
  useAutoplay(timeline);

  // Keep the current step in view inside the list only (scrollIntoView would scroll the page too).
  useEffect(() => {
    const box = listBox.current;
    const li = box?.querySelector<HTMLElement>('[aria-current="step"]');
    if (!box || !li) return;
    if (li.offsetTop < box.scrollTop || li.offsetTop + li.offsetHeight > box.scrollTop + box.clientHeight)
      box.scrollTop = Math.max(0, li.offsetTop - box.clientHeight / 3);
  }, [current, view]);

  const step = timeline.steps[current];
  const entries = step ? conntrackUpTo(timeline, current) : [];
  // The entry the step shown belongs to (a folded step stands for several).
  let at = -1;
  for (let i = 0; i < view.length && view[i]!.from <= current; i++) at = i;
  const entry = at >= 0 ? view[at] : undefined;
  const rows = useMemo(
    () =>
      view.map((v) => ({
        index: v.index,
        text: entryText(v, timeline, nameOf, t),
        tone: entryTone(v, timeline.steps[v.index]),
      })),
    [view, timeline, nameOf, t],
  );

  return (
    <Panel id="trace" title={t("panel")} className={className} hidden={hidden}>
      <div className="flex h-full flex-col overflow-auto text-sm">
        <div className="flex shrink-0 flex-col gap-2 p-2" tabIndex={0} aria-label={t("current")}>
          {timeline.command ? (
            <p className="font-term" data-testid="trace-command">
              {t("exit", { line: timeline.command.line, code: timeline.command.exitCode })}
            </p>
          ) : null}
          {total === 0 ? (
            <p className="text-slate-600 dark:text-slate-400">{timeline.command ? t("sentNothing") : t("idle")}</p>
          ) : (
            <>
              {/* On a narrow page the controls sit under the graph (StepCaption), with the step shown. */}
              {wide ? <Transport /> : null}
              <ViewBar />
              <CurrentStep timeline={timeline} entry={entry} />
              {step?.event.type === "rule" ? <ChainListing event={step.event} /> : null}
              {step ? (
                <details className="rounded border border-slate-200 dark:border-slate-800">
                  <summary className="cursor-pointer px-2 py-1 font-semibold max-lg:min-h-11">{t("details")}</summary>
                  <div className="flex flex-col gap-2 p-2">
                    <HeaderCard step={step} />
                    {entries.length > 0 ? (
                      <section aria-label={t("conntrackLabel")} data-testid="conntrack">
                        <h3 className="font-semibold">{t("conntrack")}</h3>
                        <ul>
                          {entries.map((e) => (
                            <li key={`${e.netns}/${e.entryId}`} className="font-term text-sm break-all">
                              {e.text}
                            </li>
                          ))}
                        </ul>
                      </section>
                    ) : null}
                  </div>
                </details>
              ) : null}
            </>
          )}
        </div>
        {total > 0 ? (
          <section
            ref={listBox}
            className="relative min-h-32 flex-1 overflow-auto border-t border-slate-200 p-2 dark:border-slate-800"
            tabIndex={0}
            aria-label={t("listLabel")}
          >
            <h3 className="font-semibold">{t("list")}</h3>
            <ol className="font-term list-decimal space-y-0.5 pl-10 text-sm" data-testid="trace-events">
              {rows.map((r, i) => (
                <StepRow key={r.index} index={r.index} text={r.text} tone={r.tone} current={i === at} />
              ))}
            </ol>
          </section>
        ) : null}
      </div>
    </Panel>
  );
}
