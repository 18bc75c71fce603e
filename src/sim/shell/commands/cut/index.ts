/** `cut`: remove sections from each line of files. */
import { type CommandModule, FREE, valued } from "../../spec.ts";
import { cut } from "./cut.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "cut",
    summary: "remove sections from each line of files",
    options: [valued(["-c", "--characters"]), valued(["-f", "--fields"]), valued(["-d", "--delimiter"])],
    args: [FREE],
  },
  run: cut,
};
