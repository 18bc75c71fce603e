/** `xargs`: build and execute command lines from standard input (GNU findutils 4.9.0, or busybox's). */
import { type CommandModule, flag, FREE, valued } from "../../spec.ts";
import { xargs } from "./xargs.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "xargs",
    summary: "build and execute command lines from standard input",
    options: [
      valued(["-n", "--max-args"]),
      valued(["-I"]),
      valued(["-L", "--max-lines"]),
      valued(["-P", "--max-procs"]),
      flag(["-t", "--verbose"]),
      flag(["-r", "--no-run-if-empty"]),
      flag(["-0", "--null"]),
    ],
    args: [FREE],
  },
  run: xargs,
};
