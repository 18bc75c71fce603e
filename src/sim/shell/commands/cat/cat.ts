/** `cat FILE...` (and `-n`), reading through lib/inputs.ts. */
import type { Command } from "../../command.ts";
import { readInputs } from "../../lib/inputs.ts";

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
  const r = readInputs("cat", files, ctx);
  let text = r.inputs.map((i) => i.text).join("");
  if (number) {
    const lines = text.split("\n");
    const last = lines.pop();
    text = lines.map((l, i) => `${String(i + 1).padStart(6, " ")}\t${l}\n`).join("");
    if (last) text += `${String(lines.length + 1).padStart(6, " ")}\t${last}`;
  }
  return { world: ctx.world, stdout: text, stderr: r.stderr, exitCode: r.failed ? 1 : 0 };
};
