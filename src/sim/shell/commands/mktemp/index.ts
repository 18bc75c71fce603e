/** `mktemp`: create a temporary file or directory. */
import { type CommandModule, flag, FREE, valued } from "../../spec.ts";
import { mktemp } from "./mktemp.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "mktemp",
    summary: "create a temporary file or directory",
    options: [
      flag(["-d", "--directory"]),
      flag(["-u", "--dry-run"]),
      flag(["-q", "--quiet"]),
      valued(["-p", "--tmpdir"]),
    ],
    args: [FREE],
  },
  run: mktemp,
};
