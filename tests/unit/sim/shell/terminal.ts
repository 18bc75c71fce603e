/** What the shell tests share: one terminal typed into line by line, and the recorded transcripts' blocks. */
import { applyCommand, createWorld, HOST_SESSION, type Session, type World } from "../../../../src/sim/index.ts";

/**
 * Runs lines in one terminal, as a person types them, and returns what each printed
 * (both streams, in the order written). A line led by `NAME$ ` runs on that machine
 * (`internet$ curl …`), as the oracle's scenario files write it.
 */
export function terminal(
  lines: readonly string[],
  opts: { readonly seed?: number; readonly start?: Session } = {},
): { out: string[]; world: World; s: Session } {
  let world: World = createWorld(opts.seed ?? 11);
  let s = opts.start ?? HOST_SESSION;
  const out: string[] = [];
  for (const raw of lines) {
    const m = /^(\w+)\$ (.*)$/.exec(raw);
    const o = m ? applyCommand(world, m[2]!, { machine: m[1]! }) : applyCommand(world, raw, s);
    world = o.world;
    if (!m) s = o.session;
    out.push(o.output.map((c) => c.text).join(""));
  }
  return { out, world, s };
}

/** A recorded transcript (`### LINE` then what it printed) as [line, output] pairs. */
export function transcriptBlocks(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of text.replace(/\n$/, "").split("\n")) {
    if (line.startsWith("### ")) out.push([line.slice(4), ""]);
    else if (out.length) out[out.length - 1]![1] += line + "\n";
  }
  return out;
}
