/**
 * Two of the shell's answers that run-simple.ts gives in bash's, dash's or ash's words:
 * `. FILE` (`source`) and `set -u`'s complaint about an unset variable.
 */
import type { World } from "../world.ts";
import type { CommandResult, Session } from "./command.ts";
import { asSourced, listInterrupted, shellExit, takeReturn } from "./control.ts";
import type { ExpandEnv } from "./expand.ts";
import { errnoText, readPath, viewOf } from "./lib/vfs.ts";
import type { Shell } from "./redirect.ts";
import { errorPrefix } from "./machine.ts";
import { dialectOf, runSourced } from "./script.ts";

/** `. FILE ARGS…`: the file's commands in this shell; a missing file ends dash and ash, not bash. */
export function sourceFile(
  world: World,
  session: Session,
  argv: readonly string[],
  shell: Shell,
  list: (world: World, session: Session, src: string, status: number) => CommandResult,
): CommandResult {
  const dialect = dialectOf(shell, session);
  const file = argv[1];
  if (file === undefined) {
    const stderr =
      dialect === "bash"
        ? `${errorPrefix(shell)}${argv[0]}: filename argument required\n${argv[0]}: usage: ${argv[0]} filename [arguments]\n`
        : "";
    return { world, stdout: "", stderr, exitCode: dialect === "bash" ? 2 : 0 };
  }
  const read = readPath(viewOf(world, session), file);
  if ("errno" in read) {
    if (dialect === "bash")
      return { world, stdout: "", stderr: `${errorPrefix(shell)}${file}: ${errnoText(read.errno)}\n`, exitCode: 1 };
    shellExit(2);
    const stderr =
      dialect === "dash"
        ? `sh: ${argv[0]}: cannot open ${file}: No such file\n`
        : `sh: ${argv[0]}: line 0: can't open '${file}': No such file or directory\n`;
    return { world, stdout: "", stderr, exitCode: 2 };
  }
  const r = asSourced(() =>
    runSourced(world, session, { name: file, text: read.text, args: argv.slice(2) }, dialect, list, listInterrupted),
  );
  const returned = takeReturn();
  return returned === undefined ? r : { ...r, exitCode: returned };
}

/**
 * `set -u`'s complaint: `bash -c` names its line (oracle cq08) and ends with 127, a script
 * ends with 1 (the script renames the line); dash and ash say "parameter not set" and end
 * with 2, dash naming `$2` as plain `2`.
 */
export function unboundWords(shell: Shell, session: Session): NonNullable<ExpandEnv["unbound"]> {
  const named = (n: string) => (/^\d+$/.test(n) && !session.dash ? `$${n}` : n);
  if (shell === "sh") return { text: (n) => `sh: ${named(n)}: parameter not set\n`, status: 2 };
  const script = session.argv0 !== undefined;
  const prefix = shell === "bash-c" ? "bash: line 1: " : "bash: ";
  return { text: (n) => `${prefix}${named(n)}: unbound variable\n`, status: script ? 1 : 127 };
}
