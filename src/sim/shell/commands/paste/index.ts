/**
 * `paste [-s] [-d LIST] [FILE...]` (coreutils, or busybox's): lines of the files side by
 * side, joined by the delimiters in turn (a tab by default); `-s` joins each file's own
 * lines into one. Learners reach for `paste -sd,` to turn a column into a list.
 */
import type { Command, CommandResult } from "../../command.ts";
import { type CommandModule, FREE } from "../../spec.ts";
import { openEach } from "../../lib/files.ts";
import { LIMITS } from "../../../limits.ts";

const TRY = "Try 'paste --help' for more information.\n";

/** The delimiter list as paste reads it: `\n`, `\t`, `\\` and `\0` (none) escaped. */
function delimiters(list: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const ch = list[i]!;
    if (ch !== "\\" || i === list.length - 1) {
      out.push(ch);
      continue;
    }
    const next = list[++i]!;
    out.push(next === "n" ? "\n" : next === "t" ? "\t" : next === "0" ? "" : next);
  }
  return out.length > 0 ? out : [""];
}

function linesOf(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Joins `parts` with the delimiters, taken in turn and reused from the first. */
function joined(parts: readonly string[], delims: readonly string[]): string {
  return parts.map((p, i) => (i === 0 ? p : delims[(i - 1) % delims.length]! + p)).join("");
}

const paste: Command = (argv, ctx): CommandResult => {
  let serial = false;
  let delims = ["\t"];
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      files.push(...argv.slice(i + 1));
      break;
    }
    if (a === "-s" || a === "--serial") serial = true;
    else if (a.startsWith("--delimiters=")) delims = delimiters(a.slice(13));
    else if (/^-s*d/.test(a)) {
      if (a.startsWith("-s")) serial = true;
      const rest = a.slice(a.indexOf("d") + 1);
      const list = rest !== "" ? rest : argv[++i];
      if (list === undefined)
        return {
          world: ctx.world,
          stdout: "",
          stderr: `paste: option requires an argument -- 'd'\n${TRY}`,
          exitCode: 1,
        };
      delims = delimiters(list);
    } else if (a.startsWith("-") && a !== "-") {
      return { world: ctx.world, stdout: "", stderr: `paste: invalid option -- '${a[1]}'\n${TRY}`, exitCode: 1 };
    } else files.push(a);
  }
  const inputs: string[][] = [];
  // Operands `-` share one stdin: in a row, each takes the next line of it.
  const dashes = files.length === 0 ? 1 : files.filter((f) => f === "-").length;
  const stdinLines = linesOf(ctx.stdin);
  let dash = 0;
  for (const f of openEach(ctx, files)) {
    if (f.text === undefined)
      return { world: ctx.world, stdout: "", stderr: `paste: ${f.name}: ${f.why}\n`, exitCode: 1 };
    if (f.name !== "-") inputs.push(linesOf(f.text));
    else if (serial) inputs.push(dash++ === 0 ? stdinLines : []);
    else {
      const k = dash++;
      inputs.push(stdinLines.filter((_, i) => i % dashes === k));
    }
  }
  let stdout = "";
  if (serial) {
    for (const lines of inputs) stdout += joined(lines, delims) + "\n";
  } else {
    const rows = Math.min(Math.max(0, ...inputs.map((l) => l.length)), LIMITS.maxWords);
    for (let r = 0; r < rows; r++)
      stdout +=
        joined(
          inputs.map((l) => l[r] ?? ""),
          delims,
        ) + "\n";
  }
  return { world: ctx.world, stdout, stderr: "", exitCode: 0 };
};

export const COMMAND: CommandModule = {
  spec: { name: "paste", summary: "merge lines of files", args: [FREE] },
  run: paste,
};
