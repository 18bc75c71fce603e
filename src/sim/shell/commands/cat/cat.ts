/** `cat FILE...` (and `-n`), reading through lib/inputs.ts. */
import { LIMITS } from "../../../limits.ts";
import type { Command, CommandContext } from "../../command.ts";
import { readInputs } from "../../lib/inputs.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { resolvePath } from "../../vars.ts";

/**
 * Operands that are the file stdout appends to. GNU cat refuses each ("input file is
 * output file") and leaves the file as it was; busybox cat has no such check and copies
 * what it has just written again, until the disk is full.
 */
function selfCopies(files: readonly string[], ctx: CommandContext): Set<string> {
  const out = ctx.stdoutFile;
  if (!out?.append) return new Set();
  const same = files.filter((f) =>
    f === "-" ? ctx.stdinFile === out.path : resolvePath(ctx.world, ctx.session, f) === out.path,
  );
  // With no operand, cat reads stdin, which it names `-`.
  if (files.length === 0 && ctx.stdinFile === out.path) same.push("-");
  return new Set(same);
}

export const cat: Command = (argv, ctx) => {
  let number = false;
  const files: string[] = [];
  let options = true;
  for (const a of argv.slice(1)) {
    if (options && a === "--") options = false;
    else if (options && a === "-n") number = true;
    else if (options && a.startsWith("-") && a !== "-") {
      if (a === "-A" || a === "-e" || a === "-E" || a === "-v" || a === "-s" || a === "-T") continue;
      return {
        world: ctx.world,
        stdout: "",
        stderr: `cat: invalid option -- '${a.slice(1, 2)}'\nTry 'cat --help' for more information.\n`,
        exitCode: 1,
      };
    } else files.push(a);
  }
  const self = selfCopies(files, ctx);
  const bb = isBusybox(machineOf(ctx.world, ctx.session), "cat");
  const r = readInputs("cat", files, ctx);
  let stderr = r.stderr;
  let failed = r.failed;
  const parts: string[] = [];
  for (const input of r.inputs) {
    if (!self.has(input.name) || input.text === "") parts.push(input.text);
    else if (bb) {
      // It reads back what it appends: the file doubles until the write fails.
      const times = Math.ceil((LIMITS.maxFileBytesPerMachine + 1) / input.text.length) + 1;
      parts.push(input.text.repeat(Math.min(times, LIMITS.maxFileBytesPerMachine + 2)));
    } else {
      stderr += `cat: ${input.name}: input file is output file\n`;
      failed = true;
    }
  }
  let text = parts.join("");
  if (number) {
    const lines = text.split("\n");
    const last = lines.pop();
    text = lines.map((l, i) => `${String(i + 1).padStart(6, " ")}\t${l}\n`).join("");
    if (last) text += `${String(lines.length + 1).padStart(6, " ")}\t${last}`;
  }
  return { world: ctx.world, stdout: text, stderr, exitCode: failed ? 1 : 0 };
};
