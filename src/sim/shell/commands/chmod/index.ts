/** `chmod`: change file mode bits. */
import { type CommandModule, flag, FREE } from "../../spec.ts";
import { chmod } from "./chmod.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "chmod",
    summary: "change file mode bits",
    options: [
      flag(["-R", "--recursive"]),
      flag(["-v", "--verbose"]),
      flag(["-c", "--changes"]),
      flag(["-f", "--silent", "--quiet"]),
    ],
    args: [FREE],
  },
  run: chmod,
};
