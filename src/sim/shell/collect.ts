/**
 * What a compound command's lists wrote and did, gathered as they run (control.ts): the
 * world and session each leaves, the streams apart and in written order, the trace events.
 */
import type { TraceEvent } from "../trace/events.ts";
import type { World } from "../world.ts";
import type { CommandResult, OutputChunk, Session } from "./command.ts";

export class Collect {
  world: World;
  session: Session;
  stdout = "";
  stderr = "";
  chunks: OutputChunk[] = [];
  events: TraceEvent[] = [];
  changed = false;
  constructor(world: World, session: Session) {
    this.world = world;
    this.session = session;
  }
  add(r: CommandResult): number {
    this.world = r.world;
    if (r.session) {
      this.session = r.session;
      this.changed = true;
    }
    this.stdout += r.stdout;
    this.stderr += r.stderr;
    this.chunks.push(
      ...(r.output ?? [
        { stream: "stdout" as const, text: r.stdout },
        { stream: "stderr" as const, text: r.stderr },
      ]),
    );
    this.events.push(...(r.events ?? []));
    return r.exitCode;
  }
  note(text: string) {
    this.stderr += text;
    this.chunks.push({ stream: "stderr", text });
  }
  result(exitCode: number): CommandResult {
    return {
      world: this.world,
      stdout: this.stdout,
      stderr: this.stderr,
      exitCode,
      output: this.chunks.filter((c) => c.text !== ""),
      events: this.events,
      ...(this.changed ? { session: this.session } : {}),
    };
  }
}
