import { useMemo } from "react";
import { machineLabel, useAppStore } from "../../store/index.ts";
import { buildTimeline, type Timeline } from "./timeline.ts";

/** The last command's trace as animation steps, with namespaces named as a person knows them. */
export function useTimeline(): Timeline {
  const events = useAppStore((s) => s.lastEvents);
  const world = useAppStore((s) => s.world);
  return useMemo(
    () =>
      buildTimeline(events, (id) =>
        id === "host" ? (world?.netns.host?.hostname ?? "host") : machineLabel(world, id),
      ),
    [events, world],
  );
}
