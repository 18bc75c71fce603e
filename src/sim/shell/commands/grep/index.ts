/** `grep`: print lines that match patterns. */
import { type CommandModule, flag, FREE, valued } from "../../spec.ts";
import { grep } from "./grep.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "grep",
    summary: "print lines that match patterns",
    options: [
      flag(["-i", "--ignore-case"]),
      flag(["-v", "--invert-match"]),
      flag(["-c", "--count"]),
      flag(["-n", "--line-number"]),
      flag(["-E", "--extended-regexp"]),
      flag(["-F", "--fixed-strings"]),
      flag(["-o", "--only-matching"]),
      flag(["-q", "--quiet"]),
      flag(["-w", "--word-regexp"]),
      flag(["-x", "--line-regexp"]),
      flag(["-l", "--files-with-matches"]),
      flag(["-L", "--files-without-match"]),
      flag(["-P", "--perl-regexp"]),
      flag(["-r", "--recursive"]),
      flag(["-R", "--dereference-recursive"]),
      valued(["-A", "--after-context"]),
      valued(["-B", "--before-context"]),
      valued(["-C", "--context"]),
      valued(["-e", "--regexp"]),
    ],
    args: [FREE],
  },
  run: grep,
};
