/** Where a background job's output goes: the terminal, a file, /dev/null, or its pipeline's pipe. */
import { readFile, writeFile } from "../kernel/files.ts";
import { LIMITS } from "../limits.ts";
import type { Sink } from "../programs/tcpdump/types.ts";
import type { World } from "../world.ts";
import type { OutputChunk } from "./command.ts";
import type { Redirect } from "./parse.ts";
import { storedBytes } from "./redirect.ts";

/**
 * Where fds 1 and 2 of a background command point after its redirections (files are
 * created now). In a pipeline fd 1 is the pipe before any redirection, so `2>&1 |` sends
 * both down it.
 */
export function sinksOf(
  world: World,
  machine: string,
  redirects: readonly Redirect[],
  piped = false,
): [World, Sink, Sink] {
  const sinks: Record<1 | 2, Sink> = {
    1: piped ? { kind: "pipe" } : { kind: "terminal", stream: "stdout" },
    2: { kind: "terminal", stream: "stderr" },
  };
  let w = world;
  for (const r of redirects) {
    if (r.op === "dup") sinks[r.fd] = sinks[r.to];
    else if (r.op === ">" || r.op === ">>") {
      if (r.path === "/dev/null") sinks[r.fd] = { kind: "null" };
      else {
        // run.ts resolved it against the shell's directory already.
        const path = r.path.startsWith("/") ? r.path : `/root/${r.path}`;
        if (r.op === ">" || readFile(w, machine, path) === undefined) w = writeFile(w, machine, path, "");
        sinks[r.fd] = { kind: "file", path };
      }
    }
  }
  return [w, sinks[1], sinks[2]];
}

/**
 * Writes `text` where a sink points: terminal chunks, or appended to a file, within the
 * machine's disk bound (a full disk takes what fits; tcpdump's later writes fail unseen).
 */
export function emit(
  world: World,
  machine: string,
  sink: Sink,
  text: string,
  chunks: OutputChunk[],
  piped: string[],
): World {
  if (text === "" || sink.kind === "null") return world;
  if (sink.kind === "pipe") {
    piped.push(text);
    return world;
  }
  if (sink.kind === "terminal") {
    chunks.push({ stream: sink.stream, text });
    return world;
  }
  const room = Math.max(0, LIMITS.maxFileBytesPerMachine - storedBytes(world, machine));
  if (room === 0) return world;
  return writeFile(world, machine, sink.path, (readFile(world, machine, sink.path) ?? "") + text.slice(0, room));
}
