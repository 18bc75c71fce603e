/**
 * Trace events: the core's account of what happened, in order, as plain data.
 * The UI animates them; the core never knows how (or whether) they are shown.
 */
export type TraceEvent = CommandEvent;

/** A command ran on a machine (always the first event of a command's trace). */
export interface CommandEvent {
  readonly type: "command";
  readonly machine: string;
  readonly line: string;
  readonly exitCode: number;
}
