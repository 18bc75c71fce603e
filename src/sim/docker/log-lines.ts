/**
 * A container's log (`world.logs[id]`) as Docker keeps it: each line with the stream the
 * container wrote it on and the time it was written. Both ride in leading markers, so the
 * log stays a list of strings that moves, trims and pauses as one: `docker logs` sends each
 * line back on its own stream (`docker logs web 2>/dev/null` keeps nginx's access lines and
 * drops its error lines), and `-t`, `--since` and `--until` read its time.
 */
import { appendLog, type WalkState } from "../kernel/stack/context.ts";

const STDERR = "\u0002";
const TIME = "\u0001";

export function stderrLine(text: string): string {
  return STDERR + text;
}

/** `line` stamped with when it was written (ms of the lab's clock); a line stamped already keeps its time. */
export function stampedLine(line: string, at: number): string {
  return line.startsWith(TIME) ? line : `${TIME}${Math.round(at)}${TIME}${line}`;
}

export interface LogLine {
  readonly stream: "stdout" | "stderr";
  readonly text: string;
  /** When it was written, where the log kept it. */
  readonly at?: number;
}

export function logLine(line: string): LogLine {
  let at: number | undefined;
  if (line.startsWith(TIME)) {
    const end = line.indexOf(TIME, 1);
    at = Number(line.slice(1, end));
    line = line.slice(end + 1);
  }
  const stream = line.startsWith(STDERR) ? "stderr" : "stdout";
  const text = stream === "stderr" ? line.slice(1) : line;
  return at === undefined ? { stream, text } : { stream, text, at };
}

/** A server in a container logs `lines` as a packet walk reaches it: written now, on the walk's clock. */
export function appendContainerLog(st: WalkState, id: string, lines: readonly string[]): void {
  appendLog(
    st,
    id,
    lines.map((l) => stampedLine(l, st.world.clock)),
  );
}
