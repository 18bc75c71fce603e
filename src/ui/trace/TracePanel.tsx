import { useAppStore } from "../../store/index.ts";
import type { TraceEvent } from "../../worker/protocol.ts";
import { Panel } from "../app/Panel.tsx";

function describe(e: TraceEvent): string {
  if (e.type === "command") return `${e.machine}: ${e.line} → exit ${e.exitCode}`;
  return e.type;
}

export function TracePanel({ className }: { readonly className?: string }) {
  const events = useAppStore((s) => s.lastEvents);
  return (
    <Panel id="trace" title="Packet trace" className={className}>
      <div className="h-full overflow-auto p-3 text-sm">
        {events.length === 0 ? (
          <p className="text-slate-600 dark:text-slate-400">
            Run a command in the terminal; the packets it sends are traced here, hook by hook.
          </p>
        ) : (
          <ol className="font-term list-decimal space-y-1 pl-6" data-testid="trace-events">
            {events.map((e, i) => (
              <li key={i}>{describe(e)}</li>
            ))}
          </ol>
        )}
      </div>
    </Panel>
  );
}
