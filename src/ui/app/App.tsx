import { LazyMotion, MotionConfig, domAnimation } from "motion/react";
import { useState } from "react";
import { TerminalPanel } from "../terminal/TerminalPanel.tsx";
import { TopologyPanel } from "../topology/TopologyPanel.tsx";
import { TracePanel } from "../trace/TracePanel.tsx";
import { applyTheme, initialTheme, type Theme } from "./theme.ts";
import { useShareUrl } from "./use-share-url.ts";

export function App() {
  const { notice } = useShareUrl();
  const [theme, setTheme] = useState<Theme>(() => {
    const t = initialTheme();
    applyTheme(t);
    return t;
  });
  const [copied, setCopied] = useState(false);

  const toggleTheme = () => {
    const next = theme === "dark" ? "light" : "dark";
    applyTheme(next, true);
    setTheme(next);
  };

  const copyLink = () => {
    void navigator.clipboard?.writeText(window.location.href).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };

  return (
    <LazyMotion features={domAnimation} strict>
      <MotionConfig reducedMotion="user">
        <div className="flex min-h-full flex-col bg-slate-50 text-slate-900 lg:h-full dark:bg-slate-950 dark:text-slate-100">
          <header className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
            <h1 className="text-lg font-semibold">Docker Network Lab</h1>
            <p className="text-sm text-slate-700 dark:text-slate-300">
              How a container reaches the network, and how <code className="font-term">docker run -p</code> maps ports
            </p>
            <div className="ml-auto flex gap-2">
              <button
                type="button"
                className="rounded border border-slate-300 px-2 py-0.5 text-sm dark:border-slate-700"
                onClick={copyLink}
              >
                {copied ? "Link copied" : "Copy share link"}
              </button>
              <button
                type="button"
                className="rounded border border-slate-300 px-2 py-0.5 text-sm dark:border-slate-700"
                aria-pressed={theme === "dark"}
                onClick={toggleTheme}
              >
                Dark theme
              </button>
            </div>
          </header>
          {notice ? (
            <p
              role="status"
              className="bg-amber-100 px-4 py-1 text-sm text-amber-950 dark:bg-amber-900 dark:text-amber-50"
            >
              {notice}
            </p>
          ) : null}
          <main className="grid min-h-0 flex-1 grid-cols-1 gap-2 p-2 lg:grid-cols-[3fr_2fr] lg:grid-rows-[minmax(0,3fr)_minmax(0,2fr)]">
            <TopologyPanel className="h-[60vh] lg:h-auto" colorMode={theme} />
            <TracePanel className="max-h-[80vh] min-h-48 lg:row-span-2 lg:max-h-none" />
            <TerminalPanel className="h-[50vh] min-h-64 lg:h-auto" />
          </main>
        </div>
      </MotionConfig>
    </LazyMotion>
  );
}
