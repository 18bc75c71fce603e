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
import { selectPanelShown, selectSteps, useAppStore, type AppState, type PanelId } from "../../store/index.ts";
import { PresenterBar, PresenterToggle } from "../presenter/PresenterBar.tsx";
import { usePresenterClass } from "../presenter/use-presenter-class.ts";
import { useStepKeys } from "../presenter/use-step-keys.ts";
import { autoShare, DEFAULT_SHARE, TRACE_SHARE, useRowShare } from "./row-share.ts";
import { RowSplitter } from "./RowSplitter.tsx";
import { applyTheme, initialTheme, type Theme } from "./theme.ts";
import { Notices } from "../session/Notices.tsx";
import { ReplaceDialog } from "../session/ReplaceDialog.tsx";
import { useDropImport } from "../session/use-drop-import.ts";
import { useSessionLink } from "./use-session-link.ts";

/** Literal class names (Tailwind finds them in the source): where the lesson panel sits on a wide page. */
const LESSON_COL = ["lg:col-start-1", "lg:col-start-2", "lg:col-start-3"] as const;

/** Which panels are on the page, as one string (so a component re-renders only when it changes). */
function shownPanels(s: AppState): string {
  return (["topology", "terminal", "trace", "lesson"] as const)
    .filter((p) => selectPanelShown(s, p) && (p !== "lesson" || s.lesson !== null))
    .join(",");
}

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
  const presenter = useAppStore((s) => s.presenter);
  const shown = useAppStore(shownPanels).split(",").filter(Boolean) as PanelId[];
  useStepKeys();
  usePresenterClass();
  const top = shown.includes("topology");
  // The row under the graph: the terminal, the trace and the lesson, those the presenter left shown.
  const row = (["terminal", "trace", "lesson"] as const).filter((p) => shown.includes(p));
  const both = top && row.length > 0;
  const cols =
    row.length === 0
      ? "minmax(0,1fr)"
      : row.map((p) => (p === "lesson" && !presenter ? "minmax(16rem,20rem)" : "minmax(0,1fr)")).join(" ");
  const rows = both ? "minmax(0,var(--topo-rows)) auto minmax(0,var(--rest-rows))" : "minmax(0,1fr)";
  const lessonCol = LESSON_COL[Math.max(0, row.indexOf("lesson"))];
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
            {/* It gives way (cut short, whole for screen readers) before the header takes a second row. */}
            <p
              className={`min-w-0 flex-1 basis-40 truncate text-sm text-slate-700 dark:text-slate-300 ${presenter ? "hidden" : ""}`}
              title={t("tagline").replace(/<\/?code>/g, "")}
            >
              <Trans i18nKey="tagline" components={{ code: <code className="font-term" /> }} />
            </p>
            <div className="ml-auto flex flex-wrap gap-2">
              <PresenterToggle />
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
                className="rounded border border-slate-300 px-2 py-0.5 text-sm dark:border-slate-700 aria-pressed:bg-slate-800 aria-pressed:text-white dark:aria-pressed:bg-slate-200 dark:aria-pressed:text-slate-900"
                aria-pressed={theme === "dark"}
                onClick={toggleTheme}
              >
                {t("darkTheme")}
              </button>
            </div>
          </header>
          <PresenterBar />
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
            style={
              {
                "--topo-rows": `${share}fr`,
                "--rest-rows": `${100 - share}fr`,
                "--cols": cols,
                "--rows": rows,
              } as CSSProperties
            }
            className="grid min-h-0 flex-1 grid-cols-1 gap-2 p-2 lg:grid-cols-(--cols) lg:grid-rows-(--rows) lg:gap-y-0"
          >
            {/*
              A lesson reads first: above the graph on a phone; on a wide screen a third column beside
              the terminal and the trace, so the graph keeps the page's whole width.
            */}
            <LessonPanel
              className={`max-h-[70svh] lg:max-h-none ${lessonCol} ${top ? "lg:row-start-3" : "lg:row-start-1"}`}
              hidden={!shown.includes("lesson")}
            />
            <TopologyPanel
              className="h-[80svh] lg:col-span-full lg:h-auto"
              hidden={!top}
              colorMode={theme}
              onIdealHeight={setIdealTopology}
              actions={<EnginePicker onCompare={() => setComparing(true)} />}
            />
            {both ? (
              <RowSplitter
                share={share}
                onChange={setShare}
                container={main}
                className="hidden lg:col-span-full lg:flex"
              />
            ) : null}
            <TerminalPanel className="h-[50vh] min-h-64 lg:h-auto lg:min-h-32" hidden={!shown.includes("terminal")} />
            <TracePanel className="max-h-[80vh] min-h-48 lg:max-h-none lg:min-h-0" hidden={!shown.includes("trace")} />
            {shown.length === 0 ? <AllHidden /> : null}
          </main>
          <EngineCompare open={comparing} onClose={() => setComparing(false)} />
          <LessonList />
        </div>
      </MotionConfig>
    </LazyMotion>
  );
}

function AllHidden() {
  const { t } = useTranslation("presenter");
  return <p className="p-4 text-lg lg:col-span-full">{t("allHidden")}</p>;
}
