import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { machineLabel, selectWorldView, useAppStore, type WorldView } from "../../store/index.ts";
import { buildTimeline, type NameOf, type Timeline, type TraceT } from "./timeline.ts";

/** How the page names a namespace: the host by its hostname, containers by their names. */
export function nameOfIn(world: WorldView | null): NameOf {
  return (id: string) => (id === "host" ? (world?.netns.host?.hostname ?? "host") : machineLabel(world, id));
}

export function useNameOf(): NameOf {
  const world = useAppStore(selectWorldView);
  return useMemo(() => nameOfIn(world), [world]);
}

// The graph and the trace panel both read the timeline: built once per trace, world and language.
let memo: { events: unknown; world: unknown; t: unknown; timeline: Timeline } | null = null;

function timelineOf(events: Parameters<typeof buildTimeline>[0], world: WorldView | null, t: TraceT): Timeline {
  if (memo && memo.events === events && memo.world === world && memo.t === t) return memo.timeline;
  const timeline = buildTimeline(events, nameOfIn(world), t);
  memo = { events, world, t, timeline };
  return timeline;
}

/** The last command's trace as animation steps, in the interface's language. */
export function useTimeline(): Timeline {
  const events = useAppStore((s) => s.lastEvents);
  const world = useAppStore(selectWorldView);
  const { t } = useTranslation("trace");
  return useMemo(() => timelineOf(events, world, t), [events, world, t]);
}
