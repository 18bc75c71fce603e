/** `jq` 1.6: the JSON processor learners pipe `docker inspect` through. */
import { type CommandModule, flag, FREE, valued } from "../../spec.ts";
import { jq } from "./jq.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "jq",
    summary: "Command-line JSON processor",
    options: [
      flag(["-r", "--raw-output"]),
      flag(["-c", "--compact-output"]),
      flag(["-n", "--null-input"]),
      flag(["-s", "--slurp"]),
      flag(["-e", "--exit-status"]),
      flag(["-S", "--sort-keys"]),
      flag(["-j", "--join-output"]),
      flag(["-a", "--ascii-output"]),
      flag(["-R", "--raw-input"]),
      flag("--tab"),
      valued("--indent"),
      flag("--version"),
    ],
    args: [FREE],
  },
  run: jq,
};
