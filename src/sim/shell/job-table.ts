/**
 * The job table as bash shows it: a job's line with its `+`/`-` mark, and the jobs
 * that ended, forgotten (and, by an interactive shell, reported) at the next prompt.
 */
import type { Capture } from "../programs/tcpdump/types.ts";
import type { World } from "../world.ts";
import type { JobOutput } from "./jobs.ts";

/** `[1]+  Done                    tcpdump -n -i eth0`: bash's line for a job's state. */
export function jobLine(c: Capture, mark: string, status: string, amp = false): string {
  return `[${c.job}]${mark}  ${status.padEnd(24)}${c.jobText ?? c.command}${amp ? " &" : ""}\n`;
}

/** The `+` (current) and `-` (previous) marks of the job table. */
export function markOf(captures: readonly Capture[], c: Capture): string {
  const jobs = captures.map((x) => x.job).sort((a, b) => b - a);
  return c.job === jobs[0] ? "+" : c.job === jobs[1] ? "-" : " ";
}

/** Forgets the jobs that ended; an interactive shell reports each at its next prompt. */
export function reapJobs(world: World): JobOutput {
  const captures = world.captures;
  if (!captures || !captures.some((c) => c.ended)) return { world, chunks: [], exitCode: 0 };
  let text = "";
  for (const c of captures) {
    if (!c.ended) continue;
    if (c.interactive) text += jobLine(c, markOf(captures, c), c.ended);
    // A shell without job control still reports a job a signal killed (as `bash -c` does).
    else if (c.ended === "Killed") text += `bash: line 1: ${c.pid} ${c.ended.padEnd(24)}${c.jobText ?? c.command}\n`;
  }
  const left = captures.filter((c) => !c.ended);
  const w: World = { ...world, captures: left };
  if (left.length === 0) delete (w as { captures?: readonly Capture[] }).captures;
  return { world: w, chunks: text ? [{ stream: "stderr", text }] : [], exitCode: 0 };
}
