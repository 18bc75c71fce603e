/** `cut -c/-f/-d`, `-s`, and GNU's `--complement` and `--output-delimiter`. */
import type { Command } from "../../command.ts";
import { readInputs } from "../../lib/inputs.ts";
import { splitLines, usageError } from "../../lib/text.ts";

/** `1,3-5,7-` → a membership test on 1-based positions. */
function parseList(spec: string): ((n: number) => boolean) | null {
  const ranges: [number, number][] = [];
  for (const part of spec.split(",")) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || (m[1] === "" && m[3] === "") || m[1] === "0") return null;
    const from = m[1] === "" ? 1 : Number(m[1]);
    const to = m[2] === "" ? from : m[3] === "" ? Infinity : Number(m[3]);
    ranges.push([from, to]);
  }
  return (n) => ranges.some(([a, b]) => n >= a && n <= b);
}

export const cut: Command = (argv, ctx) => {
  let delim = "\t";
  let fields: string | undefined;
  let chars: string | undefined;
  let onlyDelimited = false;
  let complement = false;
  let outDelim: string | undefined;
  const files: string[] = [];
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-d") delim = args[++i] ?? "";
    else if (a.startsWith("-d")) delim = a.slice(2);
    else if (a === "-f") fields = args[++i];
    else if (a.startsWith("-f")) fields = a.slice(2);
    else if (a === "-c" || a === "-b") chars = args[++i];
    else if (a.startsWith("-c") || a.startsWith("-b")) chars = a.slice(2);
    else if (a === "-s" || a === "--only-delimited") onlyDelimited = true;
    else if (a === "--complement") complement = true;
    else if (a.startsWith("--output-delimiter=")) outDelim = a.slice(19);
    else if (a.startsWith("--delimiter=")) delim = a.slice(12);
    else if (a.startsWith("--fields=")) fields = a.slice(9);
    else if (a.startsWith("--characters=") || a.startsWith("--bytes=")) chars = a.slice(a.indexOf("=") + 1);
    else if (a.startsWith("--") && a.length > 2) return usageError(ctx, "cut", `unrecognized option '${a}'`);
    else if (a.startsWith("-") && a !== "-") return usageError(ctx, "cut", `invalid option -- '${a[1]}'`);
    else files.push(a);
  }
  if (delim.length !== 1) return usageError(ctx, "cut", "the delimiter must be a single character");
  if (fields === undefined && chars === undefined)
    return usageError(ctx, "cut", "you must specify a list of bytes, characters, or fields");
  const listed = parseList(fields ?? chars ?? "");
  const pick = listed && complement ? (n: number) => !listed(n) : listed;
  if (!pick)
    return usageError(
      ctx,
      "cut",
      fields !== undefined ? "fields are numbered from 1" : "byte/character positions are numbered from 1",
    );
  const r = readInputs("cut", files, ctx);
  let stdout = "";
  for (const line of r.inputs.flatMap((i) => splitLines(i.text))) {
    if (chars !== undefined) {
      stdout += [...line].filter((_, i) => pick(i + 1)).join(outDelim ?? "") + "\n";
    } else if (!line.includes(delim)) {
      if (!onlyDelimited) stdout += line + "\n";
    } else {
      stdout +=
        line
          .split(delim)
          .filter((_, i) => pick(i + 1))
          .join(outDelim ?? delim) + "\n";
    }
  }
  return { world: ctx.world, stdout, stderr: r.stderr, exitCode: r.failed ? 1 : 0 };
};
