import type { Step } from "./timeline.ts";

/** Seconds a step is shown at speed 1: a hop (the packet moving along a wire) takes longer than a decision. */
export function stepSeconds(step: Step | undefined): number {
  if (!step) return 0.3;
  if (step.event.type === "hop") return 0.7;
  if (step.tone === "nat" || step.tone === "drop" || step.tone === "deliver") return 0.6;
  return 0.25;
}
