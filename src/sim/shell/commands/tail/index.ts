/** `tail`: output the last part of files. */
import { type CommandModule, FREE, valued } from "../../spec.ts";
import { tail } from "./tail.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "tail",
    summary: "output the last part of files",
    options: [valued(["-n", "--lines"]), valued(["-c", "--bytes"])],
    args: [FREE],
  },
  run: tail,
};
