/** `uniq` (and `-c`, `-d`, `-u`). */
import type { Command } from "../../command.ts";
import { readInputs } from "../../lib/inputs.ts";
import { splitLines, usageError } from "../../lib/text.ts";

export const uniq: Command = (argv, ctx) => {
  let count = false;
  let dupOnly = false;
  let uniqueOnly = false;
  let ignoreCase = false;
  const files: string[] = [];
  for (const a of argv.slice(1)) {
    if (a.startsWith("-") && a !== "-") {
      for (const ch of a.slice(1)) {
        if (ch === "c") count = true;
        else if (ch === "d") dupOnly = true;
        else if (ch === "u") uniqueOnly = true;
        else if (ch === "i") ignoreCase = true;
        else return usageError(ctx, "uniq", `invalid option -- '${ch}'`);
      }
    } else files.push(a);
  }
  const r = readInputs("uniq", files.slice(0, 1), ctx);
  const lines = r.inputs.flatMap((i) => splitLines(i.text));
  const same = (a: string, b: string) => (ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b);
  let stdout = "";
  for (let i = 0; i < lines.length;) {
    let j = i + 1;
    while (j < lines.length && same(lines[i]!, lines[j]!)) j++;
    const n = j - i;
    if (!(dupOnly && n < 2) && !(uniqueOnly && n > 1))
      stdout += (count ? `${String(n).padStart(7, " ")} ` : "") + lines[i] + "\n";
    i = j;
  }
  return { world: ctx.world, stdout, stderr: r.stderr, exitCode: r.failed ? 1 : 0 };
};
