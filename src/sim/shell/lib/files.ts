/** Each operand's text for the tools that word their errors their own way (od, xxd, rev, column, base64 ...). */
import type { CommandContext } from "../command.ts";
import { errnoText, readPath, viewOf } from "./vfs.ts";

export interface Opened {
  readonly name: string;
  readonly text?: string;
  /** errno's words when it could not be read. */
  readonly why?: string;
}

/** stdin when there are no operands (or for `-`), else each file, read or with why not. */
export function openEach(ctx: CommandContext, files: readonly string[]): Opened[] {
  if (files.length === 0) return [{ name: "-", text: ctx.stdin }];
  const view = viewOf(ctx.world, ctx.session);
  return files.map((f) => {
    if (f === "-") return { name: f, text: ctx.stdin };
    const r = readPath(view, f);
    return "text" in r ? { name: f, text: r.text } : { name: f, why: errnoText(r.errno) };
  });
}
