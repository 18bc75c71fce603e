/** `cp`: copy files and directories. */
import { type CommandModule, flag, FREE } from "../../spec.ts";
import { cp } from "./cp.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "cp",
    summary: "copy files and directories",
    options: [
      flag(["-r", "-R", "--recursive"]),
      flag(["-a", "--archive"]),
      flag(["-v", "--verbose"]),
      flag(["-f", "--force"]),
      flag(["-p"]),
      flag(["-n", "--no-clobber"]),
    ],
    args: [FREE],
  },
  run: cp,
};
