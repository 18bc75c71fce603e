/**
 * `xtables-monitor --trace`: the real tool listens forever and prints each TRACEd
 * packet as it passes. The lab's version behaves as if it had been listening since
 * the last time it ran: it prints the lines the walk logged for this namespace
 * (world.logs["xtables-monitor:<netns>"]) and clears them.
 */
import { traceLogName } from "../../../kernel/stack/context.ts";
import type { Command } from "../../command.ts";

const USAGE = `xtables-monitor v1.8.9 (nf_tables): unknown option\n`;

export const xtablesMonitor: Command = (argv, { world, session }) => {
  let trace = false;
  for (const a of argv.slice(1)) {
    if (a === "--trace" || a === "-t") trace = true;
    else if (a === "-4" || a === "--ipv4" || a === "-e" || a === "--event" || a === "-c" || a === "--counters")
      continue;
    else return { world, stdout: "", stderr: USAGE, exitCode: 1 };
  }
  if (!trace) return { world, stdout: "", stderr: "", exitCode: 0 };
  const key = traceLogName(session.machine);
  const lines = Object.hasOwn(world.logs, key) ? world.logs[key]! : [];
  const logs = { ...world.logs };
  delete logs[key];
  return { world: { ...world, logs }, stdout: lines.map((l) => l + "\n").join(""), stderr: "", exitCode: 0 };
};
