/** `sort`: sort lines of text files. */
import { type CommandModule, flag, FREE, valued } from "../../spec.ts";
import { sort } from "./sort.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "sort",
    summary: "sort lines of text files",
    options: [
      flag(["-n", "--numeric-sort"]),
      flag(["-r", "--reverse"]),
      flag(["-u", "--unique"]),
      valued(["-k", "--key"]),
      valued(["-t", "--field-separator"]),
    ],
    args: [FREE],
  },
  run: sort,
};
