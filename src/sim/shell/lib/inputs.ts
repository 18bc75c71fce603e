/**
 * How every text tool reads its inputs: files (through the machine's small
 * filesystem, kernel/files.ts) or stdin. Errors carry GNU coreutils' wording, or
 * busybox's where the tool comes from busybox.
 */
import type { CommandContext } from "../command.ts";
import { isBusybox, machineOf } from "../machine.ts";
import { errnoText, readPath, viewOf } from "./vfs.ts";

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

/** Errors that happen when the file is opened (the rest happen when it is read). */
const OPEN_ERRORS = new Set(["ENOENT", "ENOTDIR", "EACCES", "ELOOP"]);

/** Reads each operand (stdin when there are none, or for `-`), reporting the unreadable ones. */
export function readInputs(tool: string, files: readonly string[], ctx: CommandContext): ReadInputs {
  if (files.length === 0 && ctx.stdinError !== undefined) {
    return { inputs: [], stderr: `${tool}: -: ${ctx.stdinError}\n`, failed: true };
  }
  if (files.length === 0) return { inputs: [{ name: "-", text: ctx.stdin }], stderr: "", failed: false };
  // busybox grep reports an unreadable file with perror, in GNU's words (the oracle's nginx image).
  const bb = tool !== "grep" && isBusybox(machineOf(ctx.world, ctx.session), tool);
  const view = viewOf(ctx.world, ctx.session);
  const inputs: Input[] = [];
  let stderr = "";
  let failed = false;
  for (const f of files) {
    if (f === "-" && ctx.stdinError !== undefined) {
      stderr += `${tool}: -: ${ctx.stdinError}\n`;
      failed = true;
      continue;
    }
    if (f === "-") {
      inputs.push({ name: "-", text: ctx.stdin });
      continue;
    }
    const r = readPath(view, f);
    if ("text" in r) {
      inputs.push({ name: f, text: r.text });
      continue;
    }
    failed = true;
    const why = errnoText(r.errno);
    if (!bb) stderr += `${tool}: ${f}: ${why}\n`;
    else if (OPEN_ERRORS.has(r.errno)) stderr += `${tool}: can't open '${f}': ${why}\n`;
    else stderr += `${tool}: read error: ${why}\n`;
  }
  return { inputs, stderr, failed };
}
