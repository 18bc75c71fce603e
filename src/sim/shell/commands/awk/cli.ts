/** awk's command line (`-F`, `-v`, the program, files) and its parse, with mawk's or busybox's words for what is wrong. */
import { AwkSyntax, parseAwk, type Item } from "./parse.ts";
import { BB_AWK_USAGE, MAWK_USAGE } from "./usage.ts";

export type CommandLine =
  { fs: string; assigns: [string, string][]; files: string[]; items: Item[] } | { stderr: string; exitCode: number };

export function readCommandLine(argv: readonly string[], bb: boolean, me: string): CommandLine {
  const args = argv.slice(1);
  let fs = " ";
  const assigns: [string, string][] = [];
  let program: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (program === undefined && a === "-F") {
      if (args[i + 1] === undefined)
        return {
          stderr: bb ? "awk: option requires an argument -- 'F'\n" : `${me}: option -F lacks argument\n`,
          exitCode: bb ? 1 : 2,
        };
      fs = args[++i]!;
    } else if (program === undefined && a.startsWith("-F")) fs = a.slice(2);
    else if (program === undefined && a === "-v") {
      const v = args[++i] ?? "";
      const eq = v.indexOf("=");
      if (eq > 0) assigns.push([v.slice(0, eq), v.slice(eq + 1)]);
    } else if (program === undefined && a === "--") continue;
    else if (program === undefined && a.startsWith("-") && a !== "-") {
      const stderr = bb ? `awk: unrecognized option '${a}'\n` : `${me}: not an option ${a}\n`;
      return { stderr, exitCode: bb ? 1 : 2 };
    } else if (program === undefined) program = a;
    else files.push(a);
  }
  if (program === undefined) {
    const stderr = bb ? BB_AWK_USAGE : MAWK_USAGE;
    return { stderr, exitCode: bb ? 1 : 0 };
  }
  let items: Item[];
  try {
    items = parseAwk(program);
  } catch (e) {
    if (!(e instanceof AwkSyntax)) throw e;
    let stderr: string;
    if (bb)
      stderr = `awk: cmd. line:1: ${!e.eofBrace && (e.near === "end of file" || e.near === "end of line") ? "Unexpected end of string" : "Unexpected token"}\n`;
    else if (e.eofBrace) stderr = `${me}: line ${e.line}: missing } near end of file\n`;
    else if (e.near === "extra }")
      stderr = `${me}: line ${e.line}: extra '}'\n${me}: line ${e.line}: syntax error at or near end of line\n`;
    else if (e.near.startsWith("runaway")) stderr = `${me}: line ${e.line}: ${e.near}\n`;
    else stderr = `${me}: line ${e.line}: syntax error at or near ${e.near}\n`;
    return { stderr, exitCode: bb ? 1 : 2 };
  }

  return { fs, assigns, files, items };
}
