import { LazyMotion, MotionConfig, domAnimation } from "motion/react";
import { useEffect, useRef, useState, type CSSProperties } from "react";
import { Trans, useTranslation } from "react-i18next";
import { EngineCompare } from "../engine/EngineCompare.tsx";
import { EnginePicker } from "../engine/EnginePicker.tsx";
import { LanguagePicker } from "../i18n/LanguagePicker.tsx";
import { LessonList, LessonsButton } from "../lesson/LessonList.tsx";
import { LessonPanel } from "../lesson/LessonPanel.tsx";
import { TerminalPanel } from "../terminal/TerminalPanel.tsx";
import { TopologyPanel } from "../topology/TopologyPanel.tsx";
import { TracePanel } from "../trace/TracePanel.tsx";
import { selectSteps, useAppStore } from "../../store/index.ts";
import { autoShare, DEFAULT_SHARE, TRACE_SHARE, useRowShare } from "./row-share.ts";
import { RowSplitter } from "./RowSplitter.tsx";
import { applyTheme, initialTheme, type Theme } from "./theme.ts";
import { Notices } from "../session/Notices.tsx";
import { ReplaceDialog } from "../session/ReplaceDialog.tsx";
import { useDropImport } from "../session/use-drop-import.ts";
import { useSessionLink } from "./use-session-link.ts";

export function App() {
  const { t } = useTranslation();
  const { t: ts } = useTranslation("session");
  const link = useSessionLink();
  const drop = useDropImport();
  const [theme, setTheme] = useState<Theme>(() => {
    const t = initialTheme();
    applyTheme(t);
    return t;
  });
  const [comparing, setComparing] = useState(false);
  const [chosenShare, setShare] = useRowShare();
  const [idealTopology, setIdealTopology] = useState<number | null>(null);
  const main = useRef<HTMLElement>(null);
  const [rowsPx, setRowsPx] = useState(0);
  useEffect(() => {
    const el = main.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    // Both rows share the content box less the splitter's 8 px.
    const ro = new ResizeObserver(([entry]) => setRowsPx((entry?.contentRect.height ?? 0) - 8));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const tracing = useAppStore((s) => selectSteps(s).length > 0);
  const inLesson = useAppStore((s) => s.lesson !== null);
  const share = chosenShare ?? autoShare(idealTopology, rowsPx, tracing ? TRACE_SHARE : DEFAULT_SHARE);

  const toggleTheme = () => {
    const next = theme === "dark" ? "light" : "dark";
    applyTheme(next, true);
    setTheme(next);
  };

  return (
    <LazyMotion features={domAnimation} strict>
      <MotionConfig reducedMotion="user">
        <div
          className="relative flex min-h-full flex-col bg-slate-50 text-slate-900 lg:h-full dark:bg-slate-950 dark:text-slate-100"
          {...drop.handlers}
        >
          <header className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
            <h1 className="text-lg font-semibold">{t("title")}</h1>
            <p className="text-sm text-slate-700 dark:text-slate-300">
              <Trans i18nKey="tagline" components={{ code: <code className="font-term" /> }} />
            </p>
            <div className="ml-auto flex flex-wrap gap-2">
              <LessonsButton />
              <LanguagePicker />
              <button
                type="button"
                className="rounded border border-slate-300 px-2 py-0.5 text-sm dark:border-slate-700"
                onClick={() => void link.copyLink()}
              >
                {link.copied ? ts("linkCopied") : ts("copyLink")}
              </button>
              <button
                type="button"
                className="rounded border border-slate-300 px-2 py-0.5 text-sm dark:border-slate-700"
                aria-pressed={theme === "dark"}
                onClick={toggleTheme}
              >
                {t("darkTheme")}
              </button>
            </div>
          </header>
          <Notices />
          {link.pendingLink ? (
            <ReplaceDialog link={link.pendingLink} onOpen={link.openPending} onKeep={link.keepMine} />
          ) : null}
          {drop.dragging ? (
            <div
              aria-hidden="true"
              className="pointer-events-none absolute inset-0 z-50 flex items-center justify-center border-4 border-dashed border-sky-600 bg-sky-50/80 text-lg font-semibold text-sky-900 dark:bg-sky-950/80 dark:text-sky-100"
            >
              {ts("dropHere")}
            </div>
          ) : null}
          {/*
            Wide screens: the topology spans the full width (its chain of nodes runs left to right, so
            width is what makes it readable), with the terminal and the trace side by side below and
            a bar between the rows to trade height. Narrow screens: one column, the page scrolls.
          */}
          <main
            ref={main}
            style={{ "--topo-rows": `${share}fr`, "--rest-rows": `${100 - share}fr` } as CSSProperties}
            className={`grid min-h-0 flex-1 grid-cols-1 gap-2 p-2 lg:grid-rows-[minmax(0,var(--topo-rows))_auto_minmax(0,var(--rest-rows))] lg:gap-y-0 ${
              inLesson ? "lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_minmax(16rem,20rem)]" : "lg:grid-cols-2"
            }`}
          >
            {/*
              A lesson reads first: above the graph on a phone; on a wide screen a third column beside
              the terminal and the trace, so the graph keeps the page's whole width.
            */}
            <LessonPanel className="max-h-[70svh] lg:col-start-3 lg:row-start-3 lg:max-h-none" />
            <TopologyPanel
              className={`h-[80svh] lg:h-auto ${inLesson ? "lg:col-span-3" : "lg:col-span-2"}`}
              colorMode={theme}
              onIdealHeight={setIdealTopology}
              actions={<EnginePicker onCompare={() => setComparing(true)} />}
            />
            <RowSplitter
              share={share}
              onChange={setShare}
              container={main}
              className={`hidden lg:flex ${inLesson ? "lg:col-span-3" : "lg:col-span-2"}`}
            />
            <TerminalPanel className="h-[50vh] min-h-64 lg:h-auto" />
            <TracePanel className="max-h-[80vh] min-h-48 lg:max-h-none lg:min-h-0" />
          </main>
          <EngineCompare open={comparing} onClose={() => setComparing(false)} />
          <LessonList />
        </div>
      </MotionConfig>
    </LazyMotion>
  );
}
