import { useEffect } from "react";
import { useAppStore } from "../../store/index.ts";
import { TerminalPanel } from "../terminal/TerminalPanel.tsx";
import { TopologyPanel } from "../topology/TopologyPanel.tsx";
import { TracePanel } from "../trace/TracePanel.tsx";

export function App() {
  const connect = useAppStore((s) => s.connect);
  useEffect(() => {
    void connect();
  }, [connect]);

  return (
    <div className="flex h-full flex-col bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <header className="flex items-center gap-3 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
        <h1 className="text-lg font-semibold">Docker Network Lab</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          How a container reaches the network, and how <code className="font-term">docker run -p</code> maps ports
        </p>
      </header>
      <main className="grid min-h-0 flex-1 grid-cols-1 gap-2 p-2 lg:grid-cols-[3fr_2fr] lg:grid-rows-[3fr_2fr]">
        <TopologyPanel className="min-h-64 lg:row-span-1" />
        <TracePanel className="min-h-48 lg:row-span-2" />
        <TerminalPanel className="min-h-64" />
      </main>
    </div>
  );
}
