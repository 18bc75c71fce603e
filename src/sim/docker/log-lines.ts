/**
 * A container's log (`world.logs[id]`) as Docker keeps it: each line with the stream the
 * container wrote it on. A line written on stderr carries a leading marker, so the log
 * stays a list of strings; `docker logs` sends each line back on its own stream, so
 * `docker logs web 2>/dev/null` keeps nginx's access lines and drops its error lines.
 */
const STDERR = "\u0002";

export function stderrLine(text: string): string {
  return STDERR + text;
}

export function logLine(line: string): { readonly stream: "stdout" | "stderr"; readonly text: string } {
  return line.startsWith(STDERR) ? { stream: "stderr", text: line.slice(1) } : { stream: "stdout", text: line };
}
