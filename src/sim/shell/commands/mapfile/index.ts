/**
 * bash's `mapfile`/`readarray [-t] [-n COUNT] [-s SKIP] [NAME]`: stdin's lines into an
 * indexed array (MAPFILE by default), each with its newline unless -t; -s drops the first
 * SKIP lines, -n keeps at most COUNT (0: all). Fed by a pipe it runs in a subshell, so
 * the array stays empty there, as in bash; `< <(cmd)` or `<<<` keep it.
 */
import type { Command, CommandResult } from "../../command.ts";
import { type CommandModule, FREE } from "../../spec.ts";
import { assignArray } from "../../arrays.ts";

const mapfile: Command = (argv, ctx): CommandResult => {
  let trim = false;
  let name = "MAPFILE";
  let count = 0;
  let skip = 0;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    const n = /^-([ns])(\d*)$/.exec(a);
    if (n) {
      const v = Number(n[2] !== "" ? n[2] : argv[++i]);
      if (!Number.isInteger(v) || v < 0) {
        const where = ctx.session.shell === "bash-c" ? "bash: line 1: " : "bash: ";
        return {
          world: ctx.world,
          stdout: "",
          stderr: `${where}mapfile: ${argv[i] ?? ""}: invalid line count\n`,
          exitCode: 1,
        };
      }
      if (n[1] === "n") count = v;
      else skip = v;
    } else if (a === "-t") trim = true;
    else if (!a.startsWith("-")) name = a;
  }
  const parts = (ctx.stdin.match(/[^\n]*\n|[^\n]+$/g) ?? []).slice(skip);
  const values = (count > 0 ? parts.slice(0, count) : parts).map((l) => (trim ? l.replace(/\n$/, "") : l));
  return {
    world: ctx.world,
    stdout: "",
    stderr: "",
    exitCode: 0,
    session: assignArray(ctx.session, name, values, false),
  };
};

export const COMMANDS: readonly CommandModule[] = [
  {
    spec: { name: "mapfile", summary: "Read lines from the standard input into an indexed array.", args: [FREE] },
    run: mapfile,
  },
  {
    spec: { name: "readarray", summary: "Read lines from a file into an array variable.", args: [FREE] },
    run: mapfile,
  },
];
