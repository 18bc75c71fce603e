import { useEffect, useRef, type KeyboardEvent } from "react";
import { SPEEDS, useAppStore, type Speed } from "../../store/index.ts";
import { Panel } from "../app/Panel.tsx";
import { stepSeconds } from "./step-time.ts";
import { ChainListing } from "./ChainListing.tsx";
import { conntrackUpTo, describeHeaders, pipelineFor, type HookGroup, type Step } from "./timeline.ts";
import { useTimeline } from "./use-timeline.ts";

const TONE: Record<Step["tone"], string> = {
  packet: "text-sky-800 dark:text-sky-300",
  hop: "text-slate-800 dark:text-slate-200",
  hook: "text-slate-800 dark:text-slate-200",
  rule: "text-amber-800 dark:text-amber-300",
  nat: "font-semibold text-fuchsia-800 dark:text-fuchsia-300",
  conntrack: "text-teal-800 dark:text-teal-300",
  route: "text-slate-700 dark:text-slate-300",
  deliver: "font-semibold text-emerald-800 dark:text-emerald-300",
  drop: "font-semibold text-red-700 dark:text-red-300",
};

const btn =
  "rounded border border-slate-300 px-2 py-0.5 text-sm hover:bg-slate-100 disabled:opacity-40 dark:border-slate-700 dark:hover:bg-slate-800";

/** The first step of the packet before or after the current one. */
function packetJump(steps: readonly Step[], from: number, dir: 1 | -1): number | null {
  const id = steps[from]?.event.packetId;
  if (dir === 1) {
    const next = steps.findIndex((s, i) => i > from && s.event.packetId !== id && s.event.type === "packet");
    return next < 0 ? null : next;
  }
  let i = from;
  while (i > 0 && steps[i - 1]?.event.packetId === id) i--;
  if (i !== from) return i;
  const prevId = steps[from - 1]?.event.packetId;
  if (prevId === undefined) return null;
  while (i > 0 && steps[i - 1]?.event.packetId === prevId) i--;
  return i === from ? null : i;
}

function Transport({ count, steps }: { readonly count: number; readonly steps: readonly Step[] }) {
  const step = useAppStore((s) => s.step);
  const playing = useAppStore((s) => s.playing);
  const speed = useAppStore((s) => s.speed);
  const { goTo, stepBy, play, pause, setSpeed } = useAppStore.getState();
  return (
    <div className="flex flex-wrap items-center gap-1" role="group" aria-label="Animation controls">
      <button type="button" className={btn} onClick={() => goTo(0)} disabled={count === 0}>
        First
      </button>
      <button type="button" className={btn} onClick={() => stepBy(-1)} disabled={step <= 0}>
        Back
      </button>
      <button type="button" className={btn} onClick={() => (playing ? pause() : play())} disabled={count === 0}>
        {playing ? "Pause" : "Play"}
      </button>
      <button type="button" className={btn} onClick={() => stepBy(1)} disabled={step >= count - 1}>
        Next
      </button>
      <button type="button" className={btn} onClick={() => goTo(count - 1)} disabled={count === 0}>
        Last
      </button>
      <button
        type="button"
        className={btn}
        onClick={() => {
          const to = packetJump(steps, step, -1);
          if (to !== null) goTo(to);
        }}
        disabled={packetJump(steps, step, -1) === null}
      >
        Previous packet
      </button>
      <button
        type="button"
        className={btn}
        onClick={() => {
          const to = packetJump(steps, step, 1);
          if (to !== null) goTo(to);
        }}
        disabled={packetJump(steps, step, 1) === null}
      >
        Next packet
      </button>
      <label className="ml-2 text-sm">
        Speed{" "}
        <select
          className="rounded border border-slate-300 bg-transparent text-sm dark:border-slate-700 dark:bg-slate-900"
          value={speed}
          onChange={(e) => setSpeed(Number(e.target.value) as Speed)}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <span
        className="ml-auto text-sm text-slate-700 dark:text-slate-300"
        // Announced when a person steps; while playing, a voice per step would drown everything.
        aria-live={playing ? "off" : "polite"}
        data-testid="step-counter"
      >
        {count === 0 ? "no packets" : `step ${step + 1} of ${count}`}
      </span>
    </div>
  );
}

function HeaderCard({ step }: { readonly step: Step }) {
  const p = step.packet;
  return (
    <div className="rounded border border-slate-300 p-2 dark:border-slate-700" data-testid="header-card">
      <div className="text-sm font-semibold">
        Packet #{step.event.packetId}
        {p ? ` · ${p.label} from ${p.sender}${p.direction === "reply" ? " · reply" : ""}` : ""}
      </div>
      {step.headers ? <div className="font-term text-sm">{describeHeaders(step.headers)}</div> : null}
      {step.headers ? (
        <div className="font-term text-xs text-slate-700 dark:text-slate-300">
          TTL {step.headers.ttl}, {step.headers.len} bytes
        </div>
      ) : null}
      {step.event.type === "drop" ? (
        <p className="mt-1 font-semibold text-red-700 dark:text-red-300" data-testid="drop-reason">
          {step.text.replace(/^#\d+ /, "")}
        </p>
      ) : null}
      {step.rewrites.length > 0 ? (
        <ul className="mt-1 text-sm" aria-label="Address rewrites">
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

function Pipeline({ groups, stepIndex }: { readonly groups: readonly HookGroup[]; readonly stepIndex: number }) {
  const { goTo } = useAppStore.getState();
  return (
    <section aria-label="Netfilter pipeline" data-testid="pipeline">
      <h3 className="font-semibold">Hooks and chains this packet passes</h3>
      <ol className="space-y-0.5">
        {groups.map((g) => {
          const here = g.first === stepIndex || g.steps.some((s) => s.index === stepIndex);
          const passed = g.first <= stepIndex;
          return (
            <li
              key={g.first}
              className={`rounded border px-1 ${here ? "border-amber-500 bg-amber-50 dark:bg-amber-950" : "border-transparent"} ${passed ? "" : "text-slate-500 dark:text-slate-400"}`}
            >
              <button type="button" className="font-term text-left text-xs font-semibold" onClick={() => goTo(g.first)}>
                {g.hook} · {g.where}
              </button>
              {!here && g.steps.length > 0 ? (
                <span className="font-term ml-2 text-xs">
                  {g.steps.length} step{g.steps.length === 1 ? "" : "s"}
                </span>
              ) : null}
              {here && g.steps.length > 0 ? (
                <ul className="pl-3">
                  {g.steps.map((s) => (
                    <li
                      key={s.index}
                      className={`font-term text-xs ${s.index === stepIndex ? "bg-amber-200 dark:bg-amber-800" : ""} ${passed ? TONE[s.tone] : ""}`}
                    >
                      {s.text.replace(/^#\d+ /, "")}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

export function TracePanel({ className }: { readonly className?: string }) {
  const timeline = useTimeline();
  const events = useAppStore((s) => s.lastEvents);
  const stepIndex = useAppStore((s) => s.step);
  const playing = useAppStore((s) => s.playing);
  const speed = useAppStore((s) => s.speed);
  const count = timeline.steps.length;
  const listBox = useRef<HTMLElement>(null);

  useEffect(() => {
    useAppStore.getState().setStepCount(count);
  }, [events, count]);

  useEffect(() => {
    if (!playing) return;
    const t = window.setTimeout(
      () => {
        const s = useAppStore.getState();
        if (s.step >= s.stepCount - 1) s.pause();
        else s.stepBy(1);
      },
      (stepSeconds(timeline.steps[stepIndex]) * 1000) / speed,
    );
    return () => window.clearTimeout(t);
  }, [playing, stepIndex, speed, timeline]);

  // Keep the current step in view inside the list only (scrollIntoView would scroll the page too).
  useEffect(() => {
    const box = listBox.current;
    const li = box?.querySelector<HTMLElement>('[aria-current="step"]');
    if (!box || !li) return;
    if (li.offsetTop < box.scrollTop || li.offsetTop + li.offsetHeight > box.scrollTop + box.clientHeight)
      box.scrollTop = Math.max(0, li.offsetTop - box.clientHeight / 3);
  }, [stepIndex]);

  /** ← → step, Home/End jump, P plays or pauses — from anywhere in the panel but its controls. */
  const onKeys = (e: KeyboardEvent<HTMLDivElement>) => {
    if (count === 0 || (e.target as HTMLElement).closest("button, select, input")) return;
    const s = useAppStore.getState();
    const keys: Record<string, () => void> = {
      ArrowRight: () => s.stepBy(1),
      ArrowLeft: () => s.stepBy(-1),
      Home: () => s.goTo(0),
      End: () => s.goTo(count - 1),
      p: () => (s.playing ? s.pause() : s.play()),
    };
    const act = keys[e.key];
    if (!act || e.ctrlKey || e.metaKey || e.altKey) return;
    e.preventDefault();
    act();
  };

  const step = timeline.steps[stepIndex];
  const groups = step ? pipelineFor(timeline, stepIndex) : [];
  const entries = step ? conntrackUpTo(timeline, stepIndex) : [];
  const { goTo } = useAppStore.getState();

  return (
    <Panel id="trace" title="Packet trace" className={className}>
      <div className="flex h-full flex-col text-sm" onKeyDown={onKeys}>
        <div
          className="flex max-h-[65%] shrink-0 flex-col gap-2 overflow-auto p-2"
          tabIndex={0}
          aria-label="Current step"
        >
          {timeline.command ? (
            <p className="font-term" data-testid="trace-command">
              {timeline.command.line} → exit {timeline.command.exitCode}
            </p>
          ) : null}
          {count === 0 ? (
            <p className="text-slate-600 dark:text-slate-400">
              {timeline.command
                ? "This command sent no packets."
                : "Run a command in the terminal; the packets it sends are traced here, hook by hook."}
            </p>
          ) : (
            <>
              <Transport count={count} steps={timeline.steps} />
              {step ? <HeaderCard step={step} /> : null}
              {step?.event.type === "rule" ? <ChainListing event={step.event} /> : null}
              {step && groups.length > 0 ? <Pipeline groups={groups} stepIndex={stepIndex} /> : null}
              {entries.length > 0 ? (
                <section aria-label="Conntrack entries" data-testid="conntrack">
                  <h3 className="font-semibold">conntrack</h3>
                  <ul>
                    {entries.map((e) => (
                      <li key={`${e.netns}/${e.entryId}`} className="font-term text-xs break-all">
                        {e.text}
                      </li>
                    ))}
                  </ul>
                </section>
              ) : null}
            </>
          )}
        </div>
        {count > 0 ? (
          <section
            ref={listBox}
            className="relative min-h-24 flex-1 overflow-auto border-t border-slate-200 p-2 dark:border-slate-800"
            tabIndex={0}
            aria-label="All trace events"
          >
            <h3 className="font-semibold">Every step</h3>
            <ol className="font-term list-decimal space-y-0.5 pl-8 text-xs" data-testid="trace-events">
              {timeline.steps.map((s) => (
                <li key={s.index} aria-current={s.index === stepIndex ? "step" : undefined}>
                  <button
                    type="button"
                    onClick={() => goTo(s.index)}
                    className={`block w-full text-left ${TONE[s.tone]} ${s.index === stepIndex ? "bg-amber-200 dark:bg-amber-800" : ""}`}
                  >
                    {s.text}
                  </button>
                </li>
              ))}
            </ol>
          </section>
        ) : null}
      </div>
    </Panel>
  );
}
