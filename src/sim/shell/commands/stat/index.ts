/** `stat`: display file status. */
import { type CommandModule, flag, FREE, valued } from "../../spec.ts";
import { stat } from "./stat.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "stat",
    summary: "display file or file system status",
    options: [valued(["-c", "--format"]), flag(["-L", "--dereference"]), valued("--printf")],
    args: [FREE],
  },
  run: stat,
};
