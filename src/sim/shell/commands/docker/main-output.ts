/** What a container's first process printed, as chunks by stream and as its log's lines. */
import { stderrLine } from "../../../docker/log-lines.ts";
import type { CommandResult, OutputChunk } from "../../command.ts";

export function chunksOf(r: CommandResult): OutputChunk[] {
  return r.output
    ? [...r.output]
    : [
        ...(r.stdout ? [{ stream: "stdout" as const, text: r.stdout }] : []),
        ...(r.stderr ? [{ stream: "stderr" as const, text: r.stderr }] : []),
      ];
}

/** The log keeps each line with its stream (docker/log-lines.ts). */
export function logLines(output: readonly OutputChunk[]): string[] {
  return output.flatMap((o) => {
    const lines = o.text.replace(/\n$/, "").split("\n");
    return o.stream === "stderr" ? lines.map(stderrLine) : lines;
  });
}
