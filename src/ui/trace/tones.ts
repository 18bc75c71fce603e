import type { Step } from "./timeline.ts";

/** The colour of a step's sentence by what kind of step it is. */
export const TONE: Record<Step["tone"], string> = {
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
