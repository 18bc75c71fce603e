/**
 * "The step shown", as a link keeps it: whose trace (an index into the history), where in
 * that trace's full timeline, and how it is viewed (key moments or every step, filters, DNS
 * folded or open). The only place that knows how the player slice holds its position, so a
 * change to the player's API changes this file alone.
 */
import { selectCurrentStep, selectSteps, selectViewMode } from "./player-slice.ts";
import type { StepShown } from "./session-state.ts";
import { NO_FILTERS, type TraceFilters } from "./trace-view.ts";
import type { AppState } from "./types.ts";

export function readStepShown(s: AppState): StepShown | undefined {
  if (s.traceOf < 0) return undefined;
  const { view, filters: f, dnsOpen } = selectViewMode(s);
  // Only the dimensions that narrow the view: an empty list means "all", the default.
  const filters: Partial<TraceFilters> = {
    ...(f.packets.length > 0 ? { packets: f.packets } : {}),
    ...(f.protocols.length > 0 ? { protocols: f.protocols } : {}),
    ...(f.machines.length > 0 ? { machines: f.machines } : {}),
    ...(f.kinds.length > 0 ? { kinds: f.kinds } : {}),
  };
  return {
    trace: s.traceOf,
    index: selectSteps(s).length === 0 ? 0 : selectCurrentStep(s),
    ...(view !== "key" ? { view } : {}),
    ...(Object.keys(filters).length > 0 ? { filters } : {}),
    ...(dnsOpen ? { dnsOpen: true as const } : {}),
  };
}

/**
 * Shows `shown` in the trace that is on show now (the caller has just put it there): its
 * view, filters and DNS folding, then its step, paused. What the link leaves out is the
 * player's default, so a link opens in the view it was made in, never in the reader's last one.
 */
export function showStep(s: AppState, shown: StepShown): void {
  s.setView(shown.view ?? "key");
  s.setFilters({ ...NO_FILTERS, ...shown.filters });
  s.setDnsOpen(shown.dnsOpen === true);
  s.goToStep(shown.index);
}
