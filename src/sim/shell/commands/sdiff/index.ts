/**
 * `sdiff`: without -o it only runs `diff -y` (GNU diffutils 3.8), so its output, its
 * errors' wording aside, is diff's: -s leaves out common lines, -w sets the width.
 */
import type { Command, CommandResult } from "../../command.ts";
import { type CommandModule, flag, FREE, valued } from "../../spec.ts";
import { COMMAND as DIFF } from "../diff/index.ts";

const sdiff: Command = (argv, ctx): CommandResult => {
  const args: string[] = ["diff", "-y"];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-s" || a === "--suppress-common-lines") args.push("--suppress-common-lines");
    else if (a === "-w" || a === "--width") args.push("-W", argv[++i] ?? "");
    else if (/^-w\d+$/.test(a)) args.push("-W", a.slice(2));
    else if (a.startsWith("-") && a !== "-")
      return {
        world: ctx.world,
        stdout: "",
        stderr: `sdiff: invalid option -- '${a.slice(1, 2)}'\nsdiff: Try 'sdiff --help' for more information.\n`,
        exitCode: 2,
      };
    else args.push(a);
  }
  const r = DIFF.run(args, ctx);
  return { ...r, stderr: r.stderr.replace(/^diff: /gm, "sdiff: ").replace(/'diff --help'/g, "'sdiff --help'") };
};

export const COMMAND: CommandModule = {
  spec: {
    name: "sdiff",
    summary: "side-by-side merge of file differences",
    options: [flag(["-s", "--suppress-common-lines"]), valued(["-w", "--width"])],
    args: [FREE],
  },
  run: sdiff,
};
