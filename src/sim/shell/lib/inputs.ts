/**
 * How every text tool reads its inputs: files (through the machine's small
 * filesystem, kernel/files.ts) or stdin. Errors carry GNU coreutils' wording, or
 * busybox's where the tool comes from busybox.
 */
import { isDirectory, readFile } from "../../kernel/files.ts";
import type { CommandContext } from "../command.ts";
import { isBusybox, machineOf } from "../machine.ts";

export interface Input {
  /** The name a tool prints for it (`-` is stdin). */
  readonly name: string;
  readonly text: string;
}

export interface ReadInputs {
  readonly inputs: readonly Input[];
  readonly stderr: string;
  readonly failed: boolean;
}

export function absolute(path: string): string {
  return path.startsWith("/") ? path : `/root/${path}`;
}

/** Reads each operand (stdin when there are none, or for `-`), reporting the unreadable ones. */
export function readInputs(tool: string, files: readonly string[], ctx: CommandContext): ReadInputs {
  if (files.length === 0) return { inputs: [{ name: "-", text: ctx.stdin }], stderr: "", failed: false };
  const bb = isBusybox(machineOf(ctx.world, ctx.session), tool);
  const inputs: Input[] = [];
  let stderr = "";
  let failed = false;
  for (const f of files) {
    if (f === "-") {
      inputs.push({ name: "-", text: ctx.stdin });
      continue;
    }
    const text = readFile(ctx.world, ctx.session.machine, absolute(f));
    if (text !== undefined) {
      inputs.push({ name: f, text });
      continue;
    }
    failed = true;
    if (isDirectory(ctx.world, ctx.session.machine, absolute(f))) {
      stderr += bb ? `${tool}: read error: Is a directory\n` : `${tool}: ${f}: Is a directory\n`;
    } else {
      stderr += bb
        ? `${tool}: can't open '${f}': No such file or directory\n`
        : `${tool}: ${f}: No such file or directory\n`;
    }
  }
  return { inputs, stderr, failed };
}
