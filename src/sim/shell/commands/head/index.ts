/** `head`: output the first part of files. */
import { type CommandModule, FREE, valued } from "../../spec.ts";
import { head } from "./head.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "head",
    summary: "output the first part of files",
    options: [valued(["-n", "--lines"]), valued(["-c", "--bytes"])],
    args: [FREE],
  },
  run: head,
};
