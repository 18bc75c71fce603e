/**
 * The typed boundary between the page and the simulation worker. Everything that
 * crosses it is plain structured-clone data; the page never holds the core.
 */
import type { Outcome, Session, TraceEvent, World } from "../sim/index.ts";

export type { Session, TraceEvent, World };

export const PROTOCOL_VERSION = 1;

/** What the page gets back for one command line. */
export interface RunReply {
  readonly protocolVersion: typeof PROTOCOL_VERSION;
  readonly line: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  readonly session: Session;
  readonly events: readonly TraceEvent[];
  readonly world: World;
}

/** The worker's API, exposed with comlink. */
export interface SimApi {
  run(line: string): RunReply;
  reset(seed?: number): World;
  snapshot(): { world: World; session: Session };
}

export function toReply(line: string, o: Outcome): RunReply {
  return {
    protocolVersion: PROTOCOL_VERSION,
    line,
    stdout: o.stdout,
    stderr: o.stderr,
    exitCode: o.exitCode,
    session: o.session,
    events: o.events,
    world: o.world,
  };
}
