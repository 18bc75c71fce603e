/**
 * bash's `mapfile`/`readarray [-t] [NAME]`: stdin's lines into an indexed array (MAPFILE
 * by default), each with its newline unless -t. Fed by a pipe it runs in a subshell, so
 * the array stays empty there, as in bash; `< <(cmd)` or `<<<` keep it.
 */
import type { Command, CommandResult } from "../../command.ts";
import { type CommandModule, FREE } from "../../spec.ts";
import { assignArray } from "../../arrays.ts";

const mapfile: Command = (argv, ctx): CommandResult => {
  let trim = false;
  let name = "MAPFILE";
  for (const a of argv.slice(1)) {
    if (a === "-t") trim = true;
    else if (!a.startsWith("-")) name = a;
  }
  const parts = ctx.stdin.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const values = parts.map((l) => (trim ? l.replace(/\n$/, "") : l));
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
