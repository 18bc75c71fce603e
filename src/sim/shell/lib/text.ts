/** What the text tools (sort, head, tail, wc, cut, uniq; GNU coreutils 9.1 in the C locale) share. */
import type { CommandContext, CommandResult } from "../command.ts";

export function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

export function usageError(ctx: CommandContext, tool: string, msg: string): CommandResult {
  return {
    world: ctx.world,
    stdout: "",
    stderr: `${tool}: ${msg}\nTry '${tool} --help' for more information.\n`,
    exitCode: tool === "sort" ? 2 : 1,
  };
}
