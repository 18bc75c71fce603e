/**
 * How a program that starts others (xargs, find -exec, nohup, setsid) runs one: execvp
 * on the machine's PATH (or, in a standalone busybox, its applet), through the shell's
 * own runner, as env does. Output of the run keeps its order.
 */
import { BUSYBOX_APPLETS } from "../../machines/packages.ts";
import type { World } from "../../world.ts";
import type { CommandContext, OutputChunk } from "../command.ts";
import { machineOf, onPath } from "../machine.ts";
import { commandText } from "./command-text.ts";

export interface Ran {
  readonly world: World;
  readonly output: readonly OutputChunk[];
  readonly exitCode: number;
}

/** Whether execvp finds `name` here (a path is taken as found when it names a program the machine has). */
export function canExec(ctx: CommandContext, name: string): boolean {
  const spec = machineOf(ctx.world, ctx.session).spec;
  return onPath(spec, name) || (spec.busyboxStandalone && BUSYBOX_APPLETS.includes(name));
}

/** Runs argv as a program (not through a shell: no builtins beyond the ones on disk), in `world`. */
export function execArgv(ctx: CommandContext, world: World, argv: readonly string[]): Ran {
  const r = ctx.runLine(world, ctx.session, commandText(argv));
  const output: OutputChunk[] = r.output
    ? [...r.output]
    : [
        ...(r.stdout ? [{ stream: "stdout" as const, text: r.stdout }] : []),
        ...(r.stderr ? [{ stream: "stderr" as const, text: r.stderr }] : []),
      ];
  return { world: r.world, output, exitCode: r.exitCode };
}

/**
 * What a program that writes its stdout through stdio shows: on a terminal, as written;
 * into a pipe or a file (the oracle's transcripts), fully buffered, so its stderr comes
 * first unless stdout passed 4096 bytes.
 */
export function stdioOrder(ctx: CommandContext, chunks: readonly OutputChunk[]): OutputChunk[] {
  if (ctx.stdoutTty) return [...chunks];
  const out: OutputChunk[] = [];
  let buf = "";
  for (const c of chunks) {
    if (c.stream === "stderr") {
      out.push(c);
      continue;
    }
    buf += c.text;
    if (buf.length >= 4096) {
      const n = buf.length - (buf.length % 4096);
      out.push({ stream: "stdout", text: buf.slice(0, n) });
      buf = buf.slice(n);
    }
  }
  if (buf) out.push({ stream: "stdout", text: buf });
  return out;
}

/** A command result from chunks in order. */
export function fromChunks(world: World, chunks: readonly OutputChunk[], exitCode: number) {
  const stdout = chunks
    .filter((c) => c.stream === "stdout")
    .map((c) => c.text)
    .join("");
  const stderr = chunks
    .filter((c) => c.stream === "stderr")
    .map((c) => c.text)
    .join("");
  return { world, stdout, stderr, exitCode, output: chunks };
}
