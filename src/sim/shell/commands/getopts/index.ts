/** `getopts`: the shell's own option parser for scripts and functions. */
import { FREE, type CommandModule } from "../../spec.ts";
import { getopts } from "./getopts.ts";

export const COMMAND: CommandModule = {
  spec: { name: "getopts", summary: "Parse option arguments.", args: [FREE] },
  run: getopts,
};
